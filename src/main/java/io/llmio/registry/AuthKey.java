package io.llmio.registry;

import java.time.Instant;
import java.util.List;

/**
 * A caller key. The database keeps only {@code keyHash} (hex SHA-256 of the secret) and
 * {@code keyPrefix} (a masked form for display); the full secret is shown once, at creation. {@code limits}
 * are its budgets and rate limits ({@link KeyLimits#NONE} when it has none).
 */
public record AuthKey(long id,
                      String name,
                      String keyHash,
                      String keyPrefix,
                      boolean enabled,
                      boolean allowAll,
                      List<String> models,
                      Instant expiresAt,
                      long usageCount,
                      Instant lastUsedAt,
                      Instant createdAt,
                      Instant updatedAt,
                      KeyLimits limits) {
    public AuthKey {
        models = models == null ? List.of() : List.copyOf(models);
        limits = limits == null ? KeyLimits.NONE : limits;
    }

    /** A key without budgets or limits. */
    public AuthKey(long id, String name, String keyHash, String keyPrefix, boolean enabled, boolean allowAll,
                   List<String> models, Instant expiresAt, long usageCount, Instant lastUsedAt, Instant createdAt,
                   Instant updatedAt) {
        this(id, name, keyHash, keyPrefix, enabled, allowAll, models, expiresAt, usageCount, lastUsedAt, createdAt,
             updatedAt, KeyLimits.NONE);
    }

    public AuthKey withLimits(KeyLimits newLimits) {
        return new AuthKey(id, name, keyHash, keyPrefix, enabled, allowAll, models, expiresAt, usageCount, lastUsedAt,
                           createdAt, updatedAt, newLimits);
    }

    public boolean usableAt(Instant now) {
        return enabled && (expiresAt == null || expiresAt.isAfter(now));
    }

    public boolean allows(String model) {
        return allowAll || models.contains(model);
    }
}
