package io.llmio.json;

import java.util.Objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Comparisons of JSON held as text (such as an association's {@code extra_body}). */
public final class JsonText {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonText() {
    }

    /**
     * Two JSON texts with the same content (key order and spacing aside); null reads as {@code {}}; text that is
     * not JSON compares as text.
     */
    public static boolean same(String a, String b) {
        try {
            return JSON.readTree(a == null ? "{}" : a).equals(JSON.readTree(b == null ? "{}" : b));
        } catch (JsonProcessingException e) {
            return Objects.equals(a, b);
        }
    }
}
