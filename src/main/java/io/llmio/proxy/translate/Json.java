package io.llmio.proxy.translate;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The JSON tree helpers the codecs share; one immutable mapper. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {
    }

    static JsonNode parse(byte[] body) throws IOException {
        return MAPPER.readTree(body);
    }

    static JsonNode parse(String body) throws IOException {
        return MAPPER.readTree(body);
    }

    static ObjectNode object() {
        return NODES.objectNode();
    }

    static ArrayNode array() {
        return NODES.arrayNode();
    }

    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String text(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The field as text, or null when absent or JSON null. */
    static String str(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    static boolean has(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && !v.isNull();
    }

    static long num(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || !v.isNumber() ? 0 : v.asLong();
    }

    /**
     * Message content in the shape OpenAI chat and Anthropic share: absent or null is no parts, a
     * string is one text part, an array is one part per element, read by {@code part} with the
     * element's position ({@code where[j]}, for the error naming a field it cannot take).
     */
    static List<Turn.Part> content(JsonNode content, String where, BiFunction<JsonNode, String, Turn.Part> part) {
        List<Turn.Part> out = new ArrayList<>();
        if (content == null || content.isNull()) {
            return out;
        }
        if (content.isTextual()) {
            out.add(new Turn.Text(content.asText()));
            return out;
        }
        for (int j = 0; j < content.size(); j++) {
            out.add(part.apply(content.get(j), where + "[" + j + "]"));
        }
        return out;
    }

    /** Keeps {@code [A-Za-z0-9_-]}, the alphabet Anthropic accepts in tool_use ids. */
    static String idSafe(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '-') ? c : '_');
        }
        return sb.toString();
    }
}
