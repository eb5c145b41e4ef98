package io.llmio.registry;

import java.time.Instant;
import java.util.Map;

import io.llmio.json.JsonText;

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

    /**
     * Every setting equal (id, the link's key and times aside; {@code extra_body} compared as JSON): storing
     * {@code o} over this would change nothing.
     */
    public boolean sameSettings(Association o) {
        return weight == o.weight && toolCall == o.toolCall && structuredOutput == o.structuredOutput
                && image == o.image && withHeader == o.withHeader && headers.equals(o.headers)
                && JsonText.same(extraBody, o.extraBody) && enabled == o.enabled;
    }

    public Association withId(long newId) {
        return new Association(newId, modelId, providerId, providerModel, weight, toolCall, structuredOutput, image,
                               withHeader, headers, extraBody, enabled, createdAt, updatedAt);
    }
}
