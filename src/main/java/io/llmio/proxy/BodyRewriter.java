package io.llmio.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmio.proxy.protocol.UsageTap;

/**
 * Edits a JSON request body in place on its raw bytes: only the top-level values that must change
 * are replaced (or appended); every other byte is forwarded as the client sent it. Pure.
 */
public final class BodyRewriter {
    private static final ObjectMapper JSON = UsageTap.JSON;
    private static final JsonFactory FACTORY = JSON.getFactory();

    private BodyRewriter() {
    }

    /**
     * @param body      the client's body, a JSON object
     * @param set       top-level keys to set to these values (replacing or appending)
     * @return the edited body (the same array when nothing changes)
     */
    public static byte[] rewrite(byte[] body, Map<String, JsonNode> set) {
        if (set.isEmpty()) {
            return body;
        }
        Spans spans = spans(body);
        List<Edit> edits = new ArrayList<>();
        Map<String, JsonNode> append = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : set.entrySet()) {
            int[] span = spans.fields.get(e.getKey());
            if (span == null) {
                append.put(e.getKey(), e.getValue());
            } else {
                byte[] value = bytes(e.getValue());
                edits.add(new Edit(span[0], span[1], value));
                // a key the client sent twice: every occurrence gets the value, so that an upstream
                // that keeps the first and one that keeps the last see the same (SPEC §2: the gateway
                // authorizes on the value that goes upstream)
                for (int[] again : spans.repeated.getOrDefault(e.getKey(), List.of())) {
                    edits.add(new Edit(again[0], again[1], value));
                }
            }
        }
        if (!append.isEmpty()) {
            ByteArrayOutputStream extra = new ByteArrayOutputStream();
            boolean first = spans.fields.isEmpty();
            for (Map.Entry<String, JsonNode> e : append.entrySet()) {
                if (!first) {
                    extra.write(',');
                }
                first = false;
                extra.writeBytes(bytes(JSON.getNodeFactory().textNode(e.getKey())));
                extra.write(':');
                extra.writeBytes(bytes(e.getValue()));
            }
            edits.add(new Edit(spans.close, spans.close, extra.toByteArray()));
        }
        edits.sort(Comparator.comparingInt(Edit::start));
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 64);
        int at = 0;
        for (Edit edit : edits) {
            out.write(body, at, edit.start - at);
            out.writeBytes(edit.bytes);
            at = edit.end;
        }
        out.write(body, at, body.length - at);
        return out.toByteArray();
    }

    /**
     * The merged value of an object-valued field: the client's object (if any) with the given keys
     * set, e.g. {@code stream_options} with {@code include_usage: true}, other keys kept.
     */
    public static JsonNode mergedObject(JsonNode current, Map<String, JsonNode> keys) {
        ObjectNode merged = current instanceof ObjectNode obj ? obj.deepCopy() : JSON.createObjectNode();
        keys.forEach(merged::set);
        return merged;
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Edit(int start, int end, byte[] bytes) {
    }

    /**
     * Byte spans of the top-level values (the first of each key), the spans of keys that occur
     * again, and the offset of the closing brace.
     */
    private record Spans(Map<String, int[]> fields, Map<String, List<int[]>> repeated, int close) {
    }

    private static Spans spans(byte[] body) {
        Map<String, int[]> fields = new LinkedHashMap<>();
        Map<String, List<int[]>> repeated = Map.of();
        try (JsonParser p = FACTORY.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("request body must be a JSON object");
            }
            while (true) {
                JsonToken t = p.nextToken();
                if (t == JsonToken.END_OBJECT) {
                    int close = (int) p.currentTokenLocation().getByteOffset();
                    return new Spans(fields, repeated, close);
                }
                String name = p.currentName();
                p.nextToken();
                int start = (int) p.currentTokenLocation().getByteOffset();
                if (p.currentToken().isStructStart()) {
                    p.skipChildren();
                } else {
                    p.finishToken();
                }
                int end = (int) p.currentLocation().getByteOffset();
                int[] span = {start, end};
                if (fields.putIfAbsent(name, span) != null) {
                    if (repeated.isEmpty()) {
                        repeated = new java.util.HashMap<>();
                    }
                    repeated.computeIfAbsent(name, k -> new ArrayList<>()).add(span);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("request body is not valid JSON: " + e.getMessage(), e);
        }
    }
}
