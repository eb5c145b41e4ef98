package io.llmio.json;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A strict reader over one JSON object (an API body, or a mapping of the YAML config): each getter
 * checks the type and range of one field and takes the given default when it is missing or null
 * ({@code false} and {@code 0} are values like any other); {@link #finish()} rejects fields nobody
 * read, with a "did you mean" hint. Every error names the field's full path
 * ({@code models[0].providers[0].weight}) and is raised through the caller's {@link Failure}, so the
 * config throws a startup error and the management API answers 422.
 *
 * <p>Two readings of a scalar: {@link #json} takes JSON types as sent (a string field must be a
 * JSON string); {@link #text} reads the YAML way, where {@code port: "8080"} and {@code port: 8080}
 * are the same, and passes text through an interpolator ({@code ${ENV_VAR}}).
 */
public final class StrictObject {
    /** How a failure is raised: the field's full path and what is wrong with it. */
    @FunctionalInterface
    public interface Failure {
        RuntimeException at(String path, String problem);
    }

    /** The longest value a field may have (a column size). */
    public interface MaxLength {
        boolean fits(String value);

        /** e.g. {@code 191 characters}. */
        String describe();
    }

    private final String path;
    private final ObjectNode node;
    private final Failure failure;
    private final UnaryOperator<String> interpolate;
    private final Map<String, ? extends MaxLength> limits;
    private final Set<String> read = new LinkedHashSet<>();

    private StrictObject(String path, JsonNode node, Failure failure, UnaryOperator<String> interpolate,
                         Map<String, ? extends MaxLength> limits) {
        this.path = path;
        this.failure = failure;
        this.interpolate = interpolate;
        this.limits = limits;
        if (!(node instanceof ObjectNode obj)) {
            throw failure.at(path.isEmpty() ? "(top level)" : path, "must be a mapping of keys to values");
        }
        this.node = obj;
    }

    /**
     * JSON types as sent. A value longer than its limit in {@code limits} fails naming the field and
     * the limit: strings are measured as sent, objects and arrays as their compact JSON text.
     */
    public static StrictObject json(JsonNode node, Map<String, ? extends MaxLength> limits, Failure failure) {
        return new StrictObject("", node, failure, null, limits);
    }

    /** Scalars read as text (YAML), each text passed through {@code interpolate} (which may throw IllegalArgumentException). */
    public static StrictObject text(JsonNode node, UnaryOperator<String> interpolate, Failure failure) {
        return new StrictObject("", node, failure, interpolate, Map.of());
    }

    /** This object's own path, e.g. {@code models[0].providers[1]} ("" at the top level). */
    public String path() {
        return path;
    }

    /** The full path of field {@code k}. */
    public String key(String k) {
        return path.isEmpty() ? k : path + "." + k;
    }

    /** The failure for {@code problem} at {@code path}, to throw. */
    public RuntimeException fail(String path, String problem) {
        return failure.at(path, problem);
    }

    public boolean has(String k) {
        JsonNode v = node.get(k);
        return v != null && !v.isNull();
    }

    public boolean isNumber(String k) {
        JsonNode v = node.get(k);
        return v != null && v.isNumber();
    }

    /** Marks fields as accepted and ignored (read-only ids, timestamps, counters sent back from a GET). */
    public StrictObject ignore(String... fields) {
        read.addAll(List.of(fields));
        return this;
    }

    /** The field as it is, marked read; no checks. */
    public JsonNode raw(String k) {
        read.add(k);
        return node.get(k);
    }

    /** {@code value} when it fits {@code limit}, else a failure naming the field and the limit. */
    public String fits(String k, String value, MaxLength limit) {
        if (!limit.fits(value)) {
            throw fail(key(k), "is too long: at most " + limit.describe());
        }
        return value;
    }

    public String string(String k, String dflt) {
        JsonNode v = value(k);
        if (v == null) {
            return dflt;
        }
        if (lenient()) {
            if (!v.isValueNode()) {
                throw fail(key(k), "must be a text value");
            }
            return resolve(key(k), v.asText());
        }
        if (!v.isTextual()) {
            throw fail(key(k), "must be a string");
        }
        return v.asText();
    }

    /** Present and not blank; as sent in {@link #text} objects, trimmed in {@link #json} ones. */
    public String requiredString(String k) {
        String v = string(k, null);
        if (v == null || v.isBlank()) {
            throw fail(key(k), "is required and must not be empty");
        }
        return lenient() ? v : v.trim();
    }

    public boolean bool(String k, boolean dflt) {
        JsonNode v = value(k);
        if (v == null) {
            return dflt;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (!lenient()) {
            throw fail(key(k), "must be true or false");
        }
        String s = v.isTextual() ? resolve(key(k), v.asText()).trim() : v.asText();
        return switch (s) {
            case "true" -> true;
            case "false" -> false;
            default -> throw fail(key(k), "must be true or false, got `" + s + "`");
        };
    }

    public int integer(String k, int dflt, int min, int max) {
        JsonNode v = value(k);
        if (v == null) {
            return dflt;
        }
        if (!lenient()) {
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < min || v.longValue() > max) {
                throw fail(key(k), "must be a whole number between " + min + " and " + max);
            }
            return v.intValue();
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

    public Long longOrNull(String k, Long dflt, long min) {
        JsonNode v = value(k);
        if (v == null) {
            return dflt;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < min) {
            throw fail(key(k), "must be a whole number of at least " + min);
        }
        return v.longValue();
    }

    public Double number(String k, Double dflt, double min) {
        JsonNode v = value(k);
        if (v == null) {
            return dflt;
        }
        if (!v.isNumber() || !Double.isFinite(v.doubleValue()) || v.doubleValue() < min) {
            throw fail(key(k), "must be a number of at least " + min);
        }
        return v.doubleValue();
    }

    /** An ISO-8601 instant or null; {@code keep} when the field is absent, null when it is explicitly null or blank. */
    public Instant instant(String k, Instant keep) {
        read.add(k);
        if (!node.has(k)) {
            return keep;
        }
        JsonNode v = node.get(k);
        if (v.isNull() || (v.isTextual() && v.asText().isBlank())) {
            return null;
        }
        if (!v.isTextual()) {
            throw fail(key(k), "must be an ISO-8601 time such as 2026-12-31T00:00:00Z, or null");
        }
        try {
            return Instant.parse(v.asText());
        } catch (DateTimeParseException e) {
            throw fail(key(k), "must be an ISO-8601 time such as 2026-12-31T00:00:00Z, got `" + v.asText() + "`");
        }
    }

    /** A mapping of names to text values (a new empty map when absent). */
    public Map<String, String> stringMap(String k) {
        return stringMap(k, new LinkedHashMap<>());
    }

    public Map<String, String> stringMap(String k, Map<String, String> dflt) {
        JsonNode v = value(k);
        if (v == null) {
            return dflt;
        }
        if (!v.isObject()) {
            throw fail(key(k), lenient() ? "must be a mapping of names to text values" : "must be an object of strings");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String at = key(k) + "." + e.getKey();
            out.put(e.getKey(), scalarText(at, e.getValue()));
        }
        return out;
    }

    /** A list of text values (a new empty list when absent); a text object also takes "a, b, c". */
    public List<String> stringList(String k) {
        return stringList(k, new ArrayList<>());
    }

    public List<String> stringList(String k, List<String> dflt) {
        JsonNode v = value(k);
        if (v == null) {
            return dflt;
        }
        List<String> out = new ArrayList<>();
        if (lenient() && v.isTextual()) {
            for (String part : resolve(key(k), v.asText()).split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
            return out;
        }
        if (!v.isArray()) {
            throw fail(key(k), lenient() ? "must be a list of text values" : "must be an array of strings");
        }
        for (int i = 0; i < v.size(); i++) {
            String at = key(k) + "[" + i + "]";
            if (lenient() && v.get(i).isNull()) {
                out.add(resolve(at, v.get(i).asText()));
            } else {
                out.add(scalarText(at, v.get(i)));
            }
        }
        return out;
    }

    /** An object field as compact JSON text. */
    public String object(String k, String dflt) {
        JsonNode v = value(k);
        if (v == null) {
            return dflt;
        }
        if (!v.isObject()) {
            throw fail(key(k), "must be a JSON object");
        }
        return v.toString();
    }

    /** The child object at {@code k}, read the same way, or null when absent. */
    public StrictObject child(String k) {
        JsonNode v = value(k);
        return v == null ? null : new StrictObject(key(k), v, failure, interpolate, Map.of());
    }

    /** The list of objects at {@code k} (empty when absent). */
    public List<StrictObject> children(String k) {
        JsonNode v = value(k);
        List<StrictObject> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (!v.isArray()) {
            throw fail(key(k), "must be a list");
        }
        for (int i = 0; i < v.size(); i++) {
            out.add(new StrictObject(key(k) + "[" + i + "]", v.get(i), failure, interpolate, Map.of()));
        }
        return out;
    }

    /**
     * Rejects the fields no getter read: the first is named with the closest known field ("did you
     * mean"), any others are listed after it.
     */
    public void finish() {
        List<String> unknown = new ArrayList<>();
        node.fieldNames().forEachRemaining(f -> {
            if (!read.contains(f)) {
                unknown.add(f);
            }
        });
        if (unknown.isEmpty()) {
            return;
        }
        String first = unknown.get(0);
        String hint = closest(first, read);
        StringBuilder problem = new StringBuilder("unknown key");
        if (hint != null) {
            problem.append(" (did you mean `").append(hint).append("`?)");
        }
        if (unknown.size() > 1) {
            problem.append("; also unknown: ");
            for (int i = 1; i < unknown.size(); i++) {
                problem.append(i > 1 ? ", " : "").append('`').append(key(unknown.get(i))).append('`');
            }
        }
        throw fail(key(first), problem.toString());
    }

    private boolean lenient() {
        return interpolate != null;
    }

    private JsonNode value(String k) {
        read.add(k);
        JsonNode v = node.get(k);
        if (v == null || v.isNull()) {
            return null;
        }
        MaxLength limit = limits.get(k);
        if (limit != null && !limit.fits(v.isTextual() ? v.asText() : v.toString())) {
            throw fail(key(k), "is too long: at most " + limit.describe() + (v.isContainerNode() ? " as JSON" : ""));
        }
        return v;
    }

    private String scalarText(String at, JsonNode v) {
        if (lenient()) {
            if (!v.isValueNode() || v.isNull()) {
                throw fail(at, "must be a text value");
            }
            return resolve(at, v.asText());
        }
        if (!v.isTextual()) {
            throw fail(at, "must be a string");
        }
        return v.asText();
    }

    private String resolve(String at, String value) {
        try {
            return interpolate.apply(value);
        } catch (IllegalArgumentException e) {
            throw fail(at, e.getMessage());
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
