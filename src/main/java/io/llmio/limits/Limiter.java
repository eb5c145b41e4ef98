package io.llmio.limits;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.llmio.registry.KeyLimits;
import io.llmio.registry.KeySpend;

/**
 * Limits and sticky locks (SPEC §5): RPM and TPM per provider, IP lock per provider, token lock per
 * association; budgets and limits per API key. One implementation keeps state in Redis (shared across instances), one in memory.
 * The routing loop calls {@link #admit} once per candidate before an attempt; a denied candidate
 * is skipped without spending an attempt.
 */
public interface Limiter extends AutoCloseable {

    /** Length of the sliding RPM window. */
    Duration RPM_WINDOW = Duration.ofSeconds(60);

    /**
     * How long a key's parallel slot lasts when it is never given back (an instance that died mid-request); a
     * request longer than this stops counting against {@code max-parallel}.
     */
    Duration LEASE_TTL = Duration.ofHours(1);

    /** How long an API key keeps an association to itself after its last use. */
    Duration TOKEN_LOCK = Duration.ofSeconds(120);

    /**
     * Atomically checks every limit that applies to this attempt and, only when all pass, takes
     * them: counts one request in the provider's RPM window, takes or refreshes the provider's IP
     * lock for {@code clientIp}, takes or refreshes the association's token lock for
     * {@code authKeyId}. Nothing is taken when any check fails.
     */
    Decision admit(Admission admission);

    /**
     * Checks the budgets and limits of an API key before its request, atomically: budgets against what the key
     * has used in total, today and this month (UTC), then its requests in flight, requests and tokens in the
     * sliding minute. When all pass it counts the request in the key's RPM window and takes a parallel slot named
     * {@code lease} (when {@code maxParallel} is set), to be given back with {@link #releaseKey}.
     * A denied budget has reason {@code usd}, {@code usd_daily}, {@code usd_monthly}, {@code tokens},
     * {@code tokens_daily} or {@code tokens_monthly} and a retry-after until its period resets (zero for the
     * totals, which never reset); a denied limit {@code key_rpm}, {@code key_tpm} or {@code parallel}.
     */
    Decision admitKey(long keyId, KeyLimits limits, String lease);

    /** Gives back the parallel slot {@code lease} of a key (nothing when it holds none). */
    void releaseKey(long keyId, String lease);

    /**
     * Counts an answer's usage after the call: tokens and spend against the key's budgets and TPM window (when
     * {@code keyId} is not null) and tokens in the provider's TPM window (when {@code providerTpm}).
     */
    void charge(Charge charge);

    /**
     * What each key used as the database holds it (written by the request log), taken as the starting state
     * where there is none yet: at start, so that budgets survive restarts. Periods are those of "now".
     */
    void seedKeys(java.util.Map<Long, KeySpend> spent);

    /** Current usage of each key for the API and the WebUI. */
    List<KeyState> keyStates(List<Long> keyIds);

    /** Current state for {@code GET /api/limits}. */
    Snapshot snapshot(List<Long> providerIds, List<Long> associationIds);

    /** Clears the IP lock of a provider; true when there was one. */
    boolean clearIpLock(long providerId);

    /** Where the state lives and whether it is reachable now. */
    Status status();

    @Override
    void close();

    /**
     * What one attempt needs.
     *
     * @param providerId     provider of the candidate
     * @param rpmLimit       requests per sliding 60 s, 0 = no limit
     * @param ipLockMinutes  IP lock length, 0 = off
     * @param clientIp       resolved client IP (see {@link ClientIpResolver})
     * @param associationId  candidate association
     * @param authKeyId      caller key id, or null for the admin token (exempt from token locks)
     */
    record Admission(long providerId, int rpmLimit, int ipLockMinutes, String clientIp,
                     long associationId, Long authKeyId, int tpmLimit) {
        /** Without a provider TPM limit. */
        public Admission(long providerId, int rpmLimit, int ipLockMinutes, String clientIp, long associationId,
                         Long authKeyId) {
            this(providerId, rpmLimit, ipLockMinutes, clientIp, associationId, authKeyId, 0);
        }
    }

    /**
     * The usage of one answer.
     *
     * @param keyId       caller key, or null for the admin token (nothing counted for a key)
     * @param providerId  provider that answered
     * @param providerTpm true when that provider has a TPM limit (its window counts the tokens)
     * @param tokens      prompt plus completion tokens
     * @param usd         cost from the price table
     */
    record Charge(Long keyId, long providerId, boolean providerTpm, long tokens, double usd) {
    }

    /** A key's usage: spend against its budgets, requests and tokens in the sliding minute, requests in flight. */
    record KeyState(long keyId, KeySpend spent, int rpm, long tpm, int parallel) {
    }

    /**
     * @param allowed    true when every limit passed and was taken
     * @param reason     {@code rpm}, {@code tpm}, {@code ip_lock}, {@code token_lock}, or {@code unavailable}
     *                   (backing store down and the policy fails closed); null when allowed
     * @param retryAfter when the denying limit frees up at the earliest (never negative)
     */
    record Decision(boolean allowed, String reason, Duration retryAfter) {
        public static final Decision ALLOWED = new Decision(true, null, Duration.ZERO);

        public static Decision denied(String reason, Duration retryAfter) {
            return new Decision(false, reason, retryAfter.isNegative() ? Duration.ZERO : retryAfter);
        }

        /** Whether a key budget (rather than a rate limit) denied it: see {@link Limiter#admitKey}. */
        public boolean budget() {
            return reason != null && (reason.startsWith("usd") || reason.startsWith("tokens"));
        }
    }

    record Snapshot(List<RpmState> rpm, List<IpLockState> ipLocks, List<TokenLockState> tokenLocks) {
    }

    /** requests counted in the current 60 s window */
    record RpmState(long providerId, int count) {
    }

    record IpLockState(long providerId, String clientIp, Instant expiresAt) {
    }

    record TokenLockState(long associationId, long authKeyId, Instant expiresAt) {
    }

    /** @param backend {@code redis} or {@code memory} */
    record Status(String backend, boolean up, String detail) {
    }
}
