package io.llmio.pricing;

import java.time.Instant;

/**
 * Prices in currency units per million tokens. A row applies to one association
 * ({@code associationId} set, {@code modelName} null) or to a public model name ({@code associationId}
 * null). {@code source} is {@code manual} or {@code sync}.
 */
public record ModelPrice(long id,
                         String modelName,
                         Long associationId,
                         double inputPerMtok,
                         double outputPerMtok,
                         Double cachedInputPerMtok,
                         String source,
                         Instant updatedAt) {
    public static final String MANUAL = "manual";
    public static final String SYNC = "sync";

    public ModelPrice {
        source = source == null || source.isBlank() ? MANUAL : source;
        if (associationId != null) {
            modelName = null;
        }
    }
}
