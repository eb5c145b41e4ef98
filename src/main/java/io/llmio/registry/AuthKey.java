package io.llmio.registry;

import java.time.Instant;
import java.util.List;

/**
 * A caller key. The database keeps only {@code keyHash} (hex SHA-256 of the secret) and
 * {@code keyPrefix} (a masked form for display); the full secret is shown once, at creation.
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
                      Instant updatedAt) {
    public AuthKey {
        models = models == null ? List.of() : List.copyOf(models);
    }

    public boolean usableAt(Instant now) {
        return enabled && (expiresAt == null || expiresAt.isAfter(now));
    }

    public boolean allows(String model) {
        return allowAll || models.contains(model);
    }
}
