package io.llmio.registry;

import java.time.Instant;
import java.util.Map;

/**
 * Model ↔ provider link (SPEC §3). {@code extraBody} is the JSON text of an object merged into
 * the upstream body ({@code "{}"} when empty).
 */
public record Association(long id,
                          long modelId,
                          long providerId,
                          String providerModel,
                          int weight,
                          boolean toolCall,
                          boolean structuredOutput,
                          boolean image,
                          boolean withHeader,
                          Map<String, String> headers,
                          String extraBody,
                          boolean enabled,
                          Instant createdAt,
                          Instant updatedAt) {
    public Association {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        extraBody = extraBody == null || extraBody.isBlank() ? "{}" : extraBody;
    }

    public Association withId(long newId) {
        return new Association(newId, modelId, providerId, providerModel, weight, toolCall, structuredOutput, image,
                               withHeader, headers, extraBody, enabled, createdAt, updatedAt);
    }
}
