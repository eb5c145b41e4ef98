package io.llmio.admin;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmio.json.StrictObject;
import io.llmio.store.Columns;
import io.llmio.store.ConflictException;

/**
 * What every management route shares: snake_case JSON out, the
 * error handlers that render {@code {"error":{"message","type"}}} (registered once), request bodies,
 * path ids, paging and query parameters.
 */
public final class Api {
    private static final Logger LOG = Logger.getLogger(Api.class.getName());
    public static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .registerModule(new SimpleModule().addSerializer(Instant.class, ToStringSerializer.instance));
    private static final Header CONTENT_TYPE_JSON = HeaderValues.createCached(HeaderNames.CONTENT_TYPE, "application/json");
    public static final int MAX_PAGE_SIZE = 100;

    private Api() {
    }

    /** One list page as the API answers it. */
    public record Page<T>(List<T> items, long total, int page, int pageSize) {
    }

    /** The error envelope {@code {"error":{"message","type"}}}, in that order. */
    record Envelope(ErrorDetail error) {
    }

    record ErrorDetail(String message, String type) {
    }

    /** Paging parameters of a list request. */
    public record Paging(int page, int pageSize) {
        public int offset() {
            return (page - 1) * pageSize;
        }

        public <T> Page<T> slice(List<T> all) {
            int from = Math.min(offset(), all.size());
            int to = Math.min(from + pageSize, all.size());
            return new Page<>(all.subList(from, to), all.size(), page, pageSize);
        }
    }

    /** The query parameters of {@link #paging(ServerRequest)}. */
    public static final String PAGE = "page";
    public static final String PAGE_SIZE = "page_size";

    /**
     * {@code handler}, declaring the query parameters it reads: a request with any other one is a 400
     * naming it. Management routes are registered through {@link QueryCheckedRules}, so a handler that
     * declares nothing accepts no parameter at all.
     */
    public static Handler accepts(Handler handler, String... names) {
        return new Accepting(handler, new java.util.TreeSet<>(List.of(names)));
    }

    /** A handler with the query parameters it accepts. */
    record Accepting(Handler handler, java.util.SortedSet<String> names) implements Handler {
        /** {@code handler} as it is when it declared its parameters, else accepting none. */
        static Accepting of(Handler handler) {
            return handler instanceof Accepting a ? a : new Accepting(handler, java.util.Collections.emptySortedSet());
        }

        @Override
        public void handle(ServerRequest req, ServerResponse res) throws Exception {
            for (String name : req.query().names()) {
                if (!names.contains(name)) {
                    throw ApiError.badRequest("unknown query parameter `" + name + "`: " + (names.isEmpty()
                            ? "this route takes none" : "this route accepts " + String.join(", ", names)));
                }
            }
            handler.handle(req, res);
        }
    }

    /** A field that parsed but is wrong: 422 naming the field. */
    static final StrictObject.Failure INVALID = (path, problem) -> ApiError.invalid("`" + path + "` " + problem);

    /** The JSON object request body, read field by field; 400 when it is empty, not JSON, or not an object. */
    public static StrictObject body(ServerRequest req) {
        return body(req, Map.of());
    }

    /**
     * As {@link #body(ServerRequest)}, with the longest value each field may have (the column it is
     * stored in, see {@link Columns}): a longer one is a 422 naming the field and its limit.
     */
    public static StrictObject body(ServerRequest req, Map<String, Columns.Limit> limits) {
        return body(req.content().hasEntity() ? req.content().as(String.class) : "", limits);
    }

    public static StrictObject body(String text, Map<String, Columns.Limit> limits) {
        if (text == null || text.isBlank()) {
            throw ApiError.badRequest("request body is empty: send a JSON object");
        }
        JsonNode n;
        try {
            n = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("request body is not valid JSON: " + e.getOriginalMessage());
        }
        if (!n.isObject()) {
            throw ApiError.badRequest("request body must be a JSON object");
        }
        return StrictObject.json(n, limits, INVALID);
    }

    /**
     * Registers, once for the whole routing, what turns a failure of a management route into the JSON
     * error envelope with a real status: {@link ApiError} (its own status), a store conflict (409), and
     * any other runtime failure of a management path (500). A failure elsewhere (the proxy) is thrown
     * on, which hands it to Helidon's own handling unchanged (a handler that returned without sending
     * would let Helidon commit, and complete, a response the proxy meant to cut off).
     */
    public static void errors(HttpRouting.Builder routing) {
        routing.error(ApiError.class, (req, res, e) -> error(res, e.status(), e.type(), e.getMessage()))
                .error(ConflictException.class, (req, res, e) -> error(res, 409, "conflict", e.getMessage()))
                .error(RuntimeException.class, (req, res, e) -> {
                    if (!isManagement(req.path().path())) {
                        // not ours (the proxy): thrown on, Helidon handles it as if no handler existed
                        // (an answer cut off mid-stream stays cut off, not completed)
                        throw e;
                    }
                    LOG.log(Level.WARNING, "management API " + req.prologue().method() + " " + req.path().path() + " failed", e);
                    error(res, 500, "internal_error", "internal error: " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage()));
                });
    }

    /** The paths {@link AdminApi} serves: {@code /api…}, {@code /health/detail}, {@code /metrics}. */
    static boolean isManagement(String path) {
        return path.equals("/api") || path.startsWith("/api/") || path.equals("/health/detail") || path.equals("/metrics");
    }

    public static void error(ServerResponse res, int status, String type, String message) {
        if (res.isSent()) {
            return;
        }
        send(res, status, new Envelope(new ErrorDetail(message == null ? "" : message, type)));
    }

    public static void ok(ServerResponse res, Object body) {
        send(res, 200, body);
    }

    /**
     * {@code body} as JSON by {@link #JSON}, whatever the Accept header. Not through Helidon's Jackson
     * media support: its writer answers 415 to a request whose Accept names no JSON type (e.g.
     * {@code Accept: text/plain}), where the API has always answered JSON.
     */
    public static void send(ServerResponse res, int status, Object body) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render JSON: " + e.getOriginalMessage(), e);
        }
        res.status(Status.create(status));
        res.header(CONTENT_TYPE_JSON);
        res.send(bytes);
    }

    public static void noContent(ServerResponse res) {
        res.status(Status.NO_CONTENT_204).send();
    }

    /** The numeric path parameter {@code name}; 404 when it is not a number (no such resource). */
    public static long id(ServerRequest req, String name) {
        String v = req.path().pathParameters().get(name);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ApiError.notFound("no resource with id `" + v + "`");
        }
    }

    public static long id(ServerRequest req) {
        return id(req, "id");
    }

    public static String query(ServerRequest req, String name) {
        return req.query().first(name).map(String::trim).filter(s -> !s.isEmpty()).orElse(null);
    }

    public static boolean flag(ServerRequest req, String name) {
        String v = query(req, name);
        if (v == null) {
            return false;
        }
        return switch (v.toLowerCase()) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw ApiError.badRequest("query parameter `" + name + "` must be true or false, got `" + v + "`");
        };
    }

    public static Long longQuery(ServerRequest req, String name) {
        String v = query(req, name);
        if (v == null) {
            return null;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("query parameter `" + name + "` must be a whole number, got `" + v + "`");
        }
    }

    public static Instant instantQuery(ServerRequest req, String name) {
        String v = query(req, name);
        if (v == null) {
            return null;
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw ApiError.badRequest("query parameter `" + name + "` must be an ISO-8601 instant such as "
                                      + "2026-01-31T12:00:00Z, got `" + v + "`");
        }
    }

    /** {@code page} (1-based, default 1) and {@code page_size} (default 20, 1..100). */
    public static Paging paging(ServerRequest req) {
        Long page = longQuery(req, PAGE);
        Long size = longQuery(req, PAGE_SIZE);
        if (page != null && (page < 1 || page > 1_000_000)) {
            throw ApiError.badRequest("query parameter `page` must be 1 or more, got " + page);
        }
        if (size != null && (size < 1 || size > MAX_PAGE_SIZE)) {
            throw ApiError.badRequest("query parameter `page_size` must be between 1 and " + MAX_PAGE_SIZE + ", got " + size);
        }
        return new Paging(page == null ? 1 : page.intValue(), size == null ? 20 : size.intValue());
    }
}
