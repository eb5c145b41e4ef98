package io.llmio.proxy.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmio.proxy.sse.SseEvent;

/**
 * Reads usage from a tee of the response without slowing it: {@link #event} only keeps a
 * reference to the events that can carry usage; parsing happens once, in {@link #usage}, after
 * the client has its answer.
 */
public interface UsageTap {
    /**
     * The mapper of the request path. Its buffers come from one shared pool: Jackson's default
     * pool is per thread, and every virtual thread (one per open stream) would keep its own
     * buffers for as long as it lives (size: docs/design-notes.md).
     */
    ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool()).build());

    /** Sees every SSE event of a stream, in order. */
    void event(SseEvent event);

    /** Sees the whole body of a non-stream answer. */
    default void body(byte[] body) {
        fields(topLevel(body, usageFields()));
    }

    /**
     * The top-level fields of a non-stream body that carry its usage (for a JSON-array body: of
     * its elements), so that a body too large to hold can be read for them as it passes
     * ({@link BodyFields}).
     */
    String[] usageFields();

    /** Sees the {@link #usageFields} of a non-stream body, alone in an object (null: the body was not JSON). */
    void fields(JsonNode fields);

    /** The usage found, or null when the answer carried none. */
    Usage usage();

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            return null;
        }
    }

    static JsonNode parse(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            return null;
        }
    }

    /**
     * Only the named top-level fields of a JSON object body, parsed; every other value is skipped
     * without building it (a long completion's text is never materialised). Null when the body is
     * not a JSON object.
     */
    static JsonNode topLevel(byte[] body, String... names) {
        try (JsonParser p = JSON.getFactory().createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            ObjectNode out = JSON.createObjectNode();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (java.util.Arrays.asList(names).contains(name)) {
                    out.set(name, p.readValueAsTree());
                } else {
                    p.skipChildren();
                }
            }
            return out;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** The named fields of each object of a JSON array (a later element's replacing an earlier one's). */
    static JsonNode fieldsOfEach(byte[] body, String... names) {
        return BodyFields.of(body, names);
    }

    static long num(JsonNode node, String... path) {
        JsonNode n = node;
        for (String p : path) {
            if (n == null) {
                return 0;
            }
            n = n.get(p);
        }
        return n == null || !n.isNumber() ? 0 : n.asLong();
    }
}
