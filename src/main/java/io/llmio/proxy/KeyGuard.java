package io.llmio.proxy;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import io.llmio.auth.Caller;
import io.llmio.errors.GatewayError;
import io.llmio.limits.Limiter;
import io.llmio.registry.AuthKey;
import io.llmio.registry.KeyLimits;
import io.llmio.registry.Provider;
import io.llmio.registry.Registry;
import io.llmio.requestlog.AttemptLog;

/**
 * Budgets and limits of API keys on the proxy path (issue 16): checked before a request from the counters of
 * the {@link Limiter} (memory or Redis, never the database), a parallel slot held for the request, and every
 * finished attempt's tokens and cost counted afterwards ({@link #charge}, a request-log listener), together with
 * the tokens of providers that have a TPM limit. A key over a budget gets its protocol's quota error naming the
 * budget and when it resets; over a limit, a 429 with Retry-After.
 */
public final class KeyGuard {
    private final Limiter limiter;
    private final Registry registry;
    private final InstantSource clock;
    private final String instance = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicLong sequence = new AtomicLong();

    public KeyGuard(Limiter limiter, Registry registry, InstantSource clock) {
        this.limiter = limiter;
        this.registry = registry;
        this.clock = clock;
    }

    /** A request's parallel slot, given back by {@link #release}; {@link #NONE} when the key has no limits. */
    record Lease(long keyId, String name) {
        static final Lease NONE = new Lease(0, null);
    }

    /** Checks the caller's budgets and limits; the lease must be released when the request ends. */
    Lease admit(Caller caller) {
        AuthKey key = caller.key();
        if (key == null || !key.limits().any()) {
            return Lease.NONE;
        }
        String name = instance + ":" + sequence.incrementAndGet();
        Limiter.Decision d = limiter.admitKey(key.id(), key.limits(), name);
        if (d.allowed()) {
            return key.limits().maxParallel() > 0 ? new Lease(key.id(), name) : Lease.NONE;
        }
        throw refusal(key, d);
    }

    void release(Lease lease) {
        if (lease.name() != null) {
            limiter.releaseKey(lease.keyId(), lease.name());
        }
    }

    /** Counts a finished attempt's usage for its key and, when it has a TPM limit, its provider. */
    public void charge(AttemptLog log) {
        double cost = log.cost == null ? 0 : log.cost;
        if (log.totalTokens <= 0 && cost <= 0) {
            return;
        }
        boolean providerTpm = log.providerId != null && registry.current().provider(log.providerId)
                .map(Provider::tpmLimit).orElse(0) > 0;
        if (log.authKeyId == null && !providerTpm) {
            return;
        }
        limiter.charge(new Limiter.Charge(log.authKeyId, log.providerId == null ? 0 : log.providerId, providerTpm,
                                          log.totalTokens, cost));
    }

    private GatewayError refusal(AuthKey key, Limiter.Decision d) {
        KeyLimits l = key.limits();
        String who = "API key " + key.keyPrefix() + " (" + key.name() + ")";
        Duration wait = d.retryAfter();
        if (d.budget()) {
            String budget = switch (d.reason()) {
                case "usd" -> "total spend budget of " + usd(l.usd());
                case "usd_daily" -> "daily spend budget of " + usd(l.usdDaily());
                case "usd_monthly" -> "monthly spend budget of " + usd(l.usdMonthly());
                case "tokens" -> "total token budget of " + l.tokens() + " tokens";
                case "tokens_daily" -> "daily token budget of " + l.tokensDaily() + " tokens";
                default -> "monthly token budget of " + l.tokensMonthly() + " tokens";
            };
            if (wait.isZero()) {
                return GatewayError.quota(who + " has used up its " + budget
                        + "; it does not reset: ask the administrator to raise it.", null);
            }
            Instant resets = Instant.ofEpochSecond(Math.round((clock.millis() + wait.toMillis()) / 1000.0));
            return GatewayError.quota(who + " has used up its " + budget + "; it resets at " + resets
                    + " (UTC).", wait);
        }
        String limit = switch (d.reason()) {
            case "key_rpm" -> "limit of " + l.rpm() + " requests per minute";
            case "key_tpm" -> "limit of " + l.tpm() + " tokens per minute";
            case "parallel" -> "limit of " + l.maxParallel() + " requests in flight at once";
            default -> "limits (" + d.reason() + ")"; // "unavailable": the limits store fails closed
        };
        Duration retry = wait.isZero() ? Duration.ofSeconds(1) : wait;
        return new GatewayError(429, who + " is over its " + limit + "; retry in "
                + Math.max(1, (retry.toMillis() + 999) / 1000) + " s.", retry, null);
    }

    /** Dollars with cents, more digits only when the amount has them ($0.005). */
    static String usd(double v) {
        java.math.BigDecimal b = java.math.BigDecimal.valueOf(v).stripTrailingZeros();
        return "$" + (b.scale() < 2 ? b.setScale(2) : b).toPlainString();
    }
}
