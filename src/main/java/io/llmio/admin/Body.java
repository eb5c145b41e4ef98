package io.llmio.admin;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.webserver.http.ServerRequest;
import io.llmio.store.Columns;

/**
 * A JSON object request body read field by field: each getter checks the type and range and names
 * the field in a 422; {@link #finish()} rejects fields nobody asked for. A missing field (or an
 * explicit null) takes the given default, so PATCH passes the current value and POST the built-in one;
 * {@code false} and {@code 0} are values like any other.
 */
public final class Body {
    private final ObjectNode node;
    private final Map<String, Columns.Limit> limits;
    private final Set<String> read = new LinkedHashSet<>();

    private Body(ObjectNode node, Map<String, Columns.Limit> limits) {
        this.node = node;
        this.limits = limits;
    }

    /** 400 when the body is empty, not JSON, or not an object. */
    public static Body of(ServerRequest req) {
        return of(req, Map.of());
    }

    /**
     * As {@link #of(ServerRequest)}, with the longest value each field may have (the column it is
     * stored in, see {@link Columns}): a longer one is a 422 naming the field and its limit. Strings
     * are measured as sent; objects and arrays as the compact JSON text they are stored as.
     */
    public static Body of(ServerRequest req, Map<String, Columns.Limit> limits) {
        String text = req.content().hasEntity() ? req.content().as(String.class) : "";
        return parse(text, limits);
    }

    public static Body parse(String text) {
        return parse(text, Map.of());
    }

    public static Body parse(String text, Map<String, Columns.Limit> limits) {
        if (text == null || text.isBlank()) {
            throw ApiError.badRequest("request body is empty: send a JSON object");
        }
        JsonNode n;
        try {
            n = Api.JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("request body is not valid JSON: " + e.getOriginalMessage());
        }
        if (!(n instanceof ObjectNode o)) {
            throw ApiError.badRequest("request body must be a JSON object");
        }
        return new Body(o, limits);
    }

    public boolean has(String field) {
        JsonNode v = node.get(field);
        return v != null && !v.isNull();
    }

    public boolean isNumber(String field) {
        JsonNode v = node.get(field);
        return v != null && v.isNumber();
    }

    /** Marks read-only fields (id, timestamps, counters) as accepted and ignored, so a GET body can be sent back. */
    public Body ignore(String... fields) {
        read.addAll(List.of(fields));
        return this;
    }

    public String string(String field, String dflt) {
        JsonNode v = value(field);
        if (v == null) {
            return dflt;
        }
        if (!v.isTextual()) {
            throw ApiError.invalid("`" + field + "` must be a string");
        }
        return v.asText();
    }

    public String requiredString(String field) {
        String v = string(field, null);
        if (v == null || v.isBlank()) {
            throw ApiError.invalid("`" + field + "` is required and must not be empty");
        }
        return v.trim();
    }

    public boolean bool(String field, boolean dflt) {
        JsonNode v = value(field);
        if (v == null) {
            return dflt;
        }
        if (!v.isBoolean()) {
            throw ApiError.invalid("`" + field + "` must be true or false");
        }
        return v.booleanValue();
    }

    public int integer(String field, int dflt, int min, int max) {
        JsonNode v = value(field);
        if (v == null) {
            return dflt;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < min || v.longValue() > max) {
            throw ApiError.invalid("`" + field + "` must be a whole number between " + min + " and " + max);
        }
        return v.intValue();
    }

    public Long longOrNull(String field, Long dflt, long min) {
        JsonNode v = value(field);
        if (v == null) {
            return dflt;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < min) {
            throw ApiError.invalid("`" + field + "` must be a whole number of at least " + min);
        }
        return v.longValue();
    }

    public Double number(String field, Double dflt, double min) {
        JsonNode v = value(field);
        if (v == null) {
            return dflt;
        }
        if (!v.isNumber() || !Double.isFinite(v.doubleValue()) || v.doubleValue() < min) {
            throw ApiError.invalid("`" + field + "` must be a number of at least " + min);
        }
        return v.doubleValue();
    }

    /** An ISO-8601 instant or null; {@code keep} when the field is absent, null when it is explicitly null. */
    public Instant instant(String field, Instant keep) {
        read.add(field);
        if (!node.has(field)) {
            return keep;
        }
        JsonNode v = node.get(field);
        if (v.isNull() || (v.isTextual() && v.asText().isBlank())) {
            return null;
        }
        if (!v.isTextual()) {
            throw ApiError.invalid("`" + field + "` must be an ISO-8601 time such as 2026-12-31T00:00:00Z, or null");
        }
        try {
            return Instant.parse(v.asText());
        } catch (DateTimeParseException e) {
            throw ApiError.invalid("`" + field + "` must be an ISO-8601 time such as 2026-12-31T00:00:00Z, got `"
                                   + v.asText() + "`");
        }
    }

    public Map<String, String> stringMap(String field, Map<String, String> dflt) {
        JsonNode v = value(field);
        if (v == null) {
            return dflt;
        }
        if (!v.isObject()) {
            throw ApiError.invalid("`" + field + "` must be an object of strings");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw ApiError.invalid("`" + field + "." + e.getKey() + "` must be a string");
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    public List<String> stringList(String field, List<String> dflt) {
        JsonNode v = value(field);
        if (v == null) {
            return dflt;
        }
        if (!v.isArray()) {
            throw ApiError.invalid("`" + field + "` must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual()) {
                throw ApiError.invalid("`" + field + "[" + i + "]` must be a string");
            }
            out.add(v.get(i).asText());
        }
        return out;
    }

    /** A JSON object field as compact JSON text. */
    public String object(String field, String dflt) {
        JsonNode v = value(field);
        if (v == null) {
            return dflt;
        }
        if (!v.isObject()) {
            throw ApiError.invalid("`" + field + "` must be a JSON object");
        }
        return v.toString();
    }

    /** 422 naming every field that no getter read. */
    public void finish() {
        List<String> unknown = new ArrayList<>();
        node.fieldNames().forEachRemaining(f -> {
            if (!read.contains(f)) {
                unknown.add(f);
            }
        });
        if (!unknown.isEmpty()) {
            throw ApiError.invalid("unknown field" + (unknown.size() > 1 ? "s" : "") + ": `"
                                   + String.join("`, `", unknown) + "`");
        }
    }

    private JsonNode value(String field) {
        read.add(field);
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        Columns.Limit limit = limits.get(field);
        if (limit != null && !limit.fits(v.isTextual() ? v.asText() : v.toString())) {
            throw ApiError.invalid("`" + field + "` is too long: at most " + limit.describe()
                                   + (v.isContainerNode() ? " as JSON" : ""));
        }
        return v;
    }
}
