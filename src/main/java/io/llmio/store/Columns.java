package io.llmio.store;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.llmio.json.StrictObject;

/**
 * The sizes of the registry's text columns, as {@code migrations/<dialect>/} declares them (the same
 * in every dialect; {@code ColumnsTest} reads the migration files to keep them equal). Values are
 * checked against these before a write, so a long value is a 422 naming the field, never a database
 * error. {@code TEXT} is bounded by MySQL's 65,535 bytes, the smallest of the three databases.
 */
public final class Columns {
    /** The longest value of a column: {@code max} characters, or UTF-8 bytes when {@code bytes}. */
    public record Limit(int max, boolean bytes) implements StrictObject.MaxLength {
        /** True when {@code value} fits. */
        public boolean fits(String value) {
            if (bytes) {
                // at most 3 bytes per UTF-16 char: most values fit without encoding them
                return value.length() * 3L <= max || value.getBytes(StandardCharsets.UTF_8).length <= max;
            }
            return value.codePointCount(0, value.length()) <= max;
        }

        public String describe() {
            return bytes ? max + " bytes (UTF-8)" : max + " characters";
        }
    }

    /** VARCHAR(191): names (unique-indexed; 191 × 4 bytes fits MySQL's index limit). */
    public static final Limit NAME = new Limit(191, false);
    public static final Limit URL = new Limit(1024, false);
    public static final Limit TYPE = new Limit(32, false);
    public static final Limit TEXT = new Limit(65_535, true);

    /** Request fields of each resource, by their JSON name, and the column they are stored in. */
    public static final Map<String, Limit> PROVIDERS = Map.of("name", NAME, "type", TYPE, "base_url", URL,
                                                              "api_key", TEXT, "headers", TEXT, "proxy", URL,
                                                              "error_matcher", TEXT, "console", URL);
    public static final Map<String, Limit> MODELS = Map.of("name", NAME, "remark", TEXT, "strategy", TYPE);
    public static final Map<String, Limit> ASSOCIATIONS = Map.of("provider_model", NAME, "headers", TEXT,
                                                                 "extra_body", TEXT);
    public static final Map<String, Limit> AUTH_KEYS = Map.of("name", NAME, "models", TEXT);
    public static final Map<String, Limit> SETTINGS = Map.of("value", TEXT);
    public static final Map<String, Limit> PRICES = Map.of("model_name", NAME);

    private Columns() {
    }
}
