package io.llmio.limits;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Limits and sticky locks (SPEC §5): RPM per provider, IP lock per provider, token lock per
 * association. One implementation keeps state in Redis (shared across instances), one in memory.
 * The routing loop calls {@link #admit} once per candidate before an attempt; a denied candidate
 * is skipped without spending an attempt.
 */
public interface Limiter extends AutoCloseable {

    /** Length of the sliding RPM window. */
    Duration RPM_WINDOW = Duration.ofSeconds(60);

    /** How long an API key keeps an association to itself after its last use. */
    Duration TOKEN_LOCK = Duration.ofSeconds(120);

    /**
     * Atomically checks every limit that applies to this attempt and, only when all pass, takes
     * them: counts one request in the provider's RPM window, takes or refreshes the provider's IP
     * lock for {@code clientIp}, takes or refreshes the association's token lock for
     * {@code authKeyId}. Nothing is taken when any check fails.
     */
    Decision admit(Admission admission);

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
                     long associationId, Long authKeyId) {
    }

    /**
     * @param allowed    true when every limit passed and was taken
     * @param reason     {@code rpm}, {@code ip_lock}, {@code token_lock}, or {@code unavailable}
     *                   (backing store down and the policy fails closed); null when allowed
     * @param retryAfter when the denying limit frees up at the earliest (never negative)
     */
    record Decision(boolean allowed, String reason, Duration retryAfter) {
        public static final Decision ALLOWED = new Decision(true, null, Duration.ZERO);

        public static Decision denied(String reason, Duration retryAfter) {
            return new Decision(false, reason, retryAfter.isNegative() ? Duration.ZERO : retryAfter);
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
