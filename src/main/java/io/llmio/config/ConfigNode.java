package io.llmio.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmio.errors.StartupException;

/**
 * A strict reader over one YAML mapping: every read names the full key path in its error, and
 * {@link #finish()} rejects keys nobody read ("did you mean …"). Values of the form
 * {@code ${ENV_VAR}} are resolved through the given resolver.
 */
final class ConfigNode {
    private final String source;
    private final String path;
    private final ObjectNode node;
    private final UnaryOperator<String> interpolate;
    private final Set<String> read = new HashSet<>();

    ConfigNode(String source, String path, JsonNode node, UnaryOperator<String> interpolate) {
        this.source = source;
        this.path = path;
        this.interpolate = interpolate;
        if (!(node instanceof ObjectNode obj)) {
            throw fail(path.isEmpty() ? "(top level)" : path, "must be a mapping of keys to values");
        }
        this.node = obj;
    }

    /** This mapping's own key path, e.g. {@code models[0].providers[1]} ("" at the top level). */
    String path() {
        return path;
    }

    String key(String k) {
        return path.isEmpty() ? k : path + "." + k;
    }

    boolean has(String k) {
        JsonNode v = node.get(k);
        return v != null && !v.isNull();
    }

    JsonNode raw(String k) {
        read.add(k);
        return node.get(k);
    }

    String string(String k, String dflt) {
        JsonNode v = raw(k);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isValueNode()) {
            throw fail(key(k), "must be a text value");
        }
        return resolve(key(k), v.asText());
    }

    String requiredString(String k) {
        String v = string(k, null);
        if (v == null || v.isBlank()) {
            throw fail(key(k), "is required");
        }
        return v;
    }

    boolean bool(String k, boolean dflt) {
        JsonNode v = raw(k);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        String s = v.isTextual() ? resolve(key(k), v.asText()).trim() : v.asText();
        return switch (s) {
            case "true" -> true;
            case "false" -> false;
            default -> throw fail(key(k), "must be true or false, got `" + s + "`");
        };
    }

    int integer(String k, int dflt, int min, int max) {
        JsonNode v = raw(k);
        if (v == null || v.isNull()) {
            return dflt;
        }
        String s = v.isTextual() ? resolve(key(k), v.asText()).trim() : v.asText();
        int n;
        try {
            if (v.isFloatingPointNumber()) {
                throw new NumberFormatException();
            }
            n = Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw fail(key(k), "must be a whole number, got `" + s + "`");
        }
        if (n < min || n > max) {
            throw fail(key(k), "must be between " + min + " and " + max + ", got " + n);
        }
        return n;
    }

    Map<String, String> stringMap(String k) {
        JsonNode v = raw(k);
        Map<String, String> out = new LinkedHashMap<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isObject()) {
            throw fail(key(k), "must be a mapping of names to text values");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                throw fail(key(k) + "." + e.getKey(), "must be a text value");
            }
            out.put(e.getKey(), resolve(key(k) + "." + e.getKey(), e.getValue().asText()));
        }
        return out;
    }

    List<String> stringList(String k) {
        JsonNode v = raw(k);
        List<String> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (v.isTextual()) {
            for (String part : resolve(key(k), v.asText()).split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
            return out;
        }
        if (!v.isArray()) {
            throw fail(key(k), "must be a list of text values");
        }
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isValueNode()) {
                throw fail(key(k) + "[" + i + "]", "must be a text value");
            }
            out.add(resolve(key(k) + "[" + i + "]", v.get(i).asText()));
        }
        return out;
    }

    /** The child mapping at {@code k}, or null when absent. */
    ConfigNode child(String k) {
        JsonNode v = raw(k);
        if (v == null || v.isNull()) {
            return null;
        }
        return new ConfigNode(source, key(k), v, interpolate);
    }

    /** The list of mappings at {@code k} (empty when absent). */
    List<ConfigNode> children(String k) {
        JsonNode v = raw(k);
        List<ConfigNode> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isArray()) {
            throw fail(key(k), "must be a list");
        }
        for (int i = 0; i < v.size(); i++) {
            out.add(new ConfigNode(source, key(k) + "[" + i + "]", v.get(i), interpolate));
        }
        return out;
    }

    /** Rejects every key that was not read. */
    void finish() {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!read.contains(k)) {
                String hint = closest(k, read);
                throw fail(key(k), "unknown key" + (hint == null ? "" : " (did you mean `" + hint + "`?)"));
            }
        }
    }

    StartupException fail(String key, String problem) {
        return new StartupException(source + ": `" + key + "` " + problem + ".");
    }

    private String resolve(String key, String value) {
        try {
            return interpolate.apply(value);
        } catch (IllegalArgumentException e) {
            throw fail(key, e.getMessage());
        }
    }

    private static String closest(String k, Set<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int d = distance(k, candidate);
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return bestDistance <= 3 ? best : null;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
