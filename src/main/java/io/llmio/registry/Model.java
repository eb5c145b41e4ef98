package io.llmio.registry;

import java.time.Instant;

/** A public model name that clients send (SPEC §3). {@code id} is 0 before the row is stored. */
public record Model(long id,
                    String name,
                    String remark,
                    Strategy strategy,
                    int maxRetry,
                    int timeoutSeconds,
                    boolean ioLog,
                    boolean breaker,
                    boolean enabled,
                    Instant createdAt,
                    Instant updatedAt) {
    public static final int DEFAULT_MAX_RETRY = 3;
    public static final int DEFAULT_TIMEOUT_SECONDS = 60;

    public Model {
        remark = remark == null ? "" : remark;
        strategy = strategy == null ? Strategy.LOTTERY : strategy;
    }

    /** Every setting equal (id, name and times aside): storing {@code o} over this would change nothing. */
    public boolean sameSettings(Model o) {
        return remark.equals(o.remark) && strategy == o.strategy && maxRetry == o.maxRetry
                && timeoutSeconds == o.timeoutSeconds && ioLog == o.ioLog && breaker == o.breaker && enabled == o.enabled;
    }

    public Model withId(long newId) {
        return new Model(newId, name, remark, strategy, maxRetry, timeoutSeconds, ioLog, breaker, enabled, createdAt, updatedAt);
    }
}
