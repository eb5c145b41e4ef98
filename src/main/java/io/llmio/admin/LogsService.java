package io.llmio.admin;

import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmio.json.StrictObject;
import io.llmio.proxy.protocol.Style;
import io.llmio.requestlog.LogBodies;
import io.llmio.requestlog.Retention;
import io.llmio.requestlog.LogFilter;
import io.llmio.requestlog.LogStore;
import io.llmio.requestlog.RequestBody;
import io.llmio.requestlog.RequestLog;

/** {@code /api/logs}: filtered pages of attempts, one row, its stored bodies, and cleanup. */
public final class LogsService implements HttpService {
    private static final Set<String> STATUSES = Set.of("running", "success", "error");
    private static final List<String> STYLES = java.util.Arrays.stream(Style.values()).map(Style::wire).toList();

    private final LogStore logs;
    private final Retention retention;

    public LogsService(LogStore logs, Retention retention) {
        this.logs = logs;
        this.retention = retention;
    }

    /**
     * The stored bodies; {@code responseEvents} holds the SSE data payloads of a streamed answer. A body longer than
     * the cap (LLMIO_LOG_BODY_MAX_BYTES) was stored cut: {@code requestTruncated} / {@code responseTruncated} say so,
     * a cut text ends with {@code …[llmio: truncated, kept K of N bytes]}, and a cut event list has
     * {@code eventsTotal} (how many events the answer had) above the number kept.
     */
    public record Bodies(String requestBody, String responseBody, List<String> responseEvents, boolean requestTruncated,
                         boolean responseTruncated, Integer eventsTotal) {
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/logs", Api.accepts(this::list, "model", "provider_id", "provider", "status", "style", "auth_key_id",
                                          "trace_id", "from", "to", Api.PAGE, Api.PAGE_SIZE))
                .post("/logs/cleanup", this::cleanup)
                .get("/logs/{id}", this::get)
                .get("/logs/{id}/body", this::body);
    }

    private void list(ServerRequest req, ServerResponse res) {
        String status = Api.query(req, "status");
        if (status != null && !STATUSES.contains(status)) {
            throw ApiError.badRequest("query parameter `status` must be one of running, success, error");
        }
        String style = Api.query(req, "style");
        if (style != null && !STYLES.contains(style)) {
            throw ApiError.badRequest("query parameter `style` must be one of " + String.join(", ", STYLES));
        }
        Long providerId = Api.longQuery(req, "provider_id");
        if (providerId == null) {
            providerId = Api.longQuery(req, "provider");
        }
        LogFilter f = new LogFilter(Api.query(req, "model"), providerId, status, style, Api.longQuery(req, "auth_key_id"),
                                    Api.query(req, "trace_id"), Api.instantQuery(req, "from"), Api.instantQuery(req, "to"));
        Api.Paging p = Api.paging(req);
        var page = logs.page(f, p.page(), p.pageSize());
        Api.ok(res, new Api.Page<>(page.items(), page.total(), page.page(), page.pageSize()));
    }

    private void get(ServerRequest req, ServerResponse res) {
        long id = Api.id(req);
        RequestLog log = logs.get(id).orElseThrow(() -> ApiError.notFound("no request log with id " + id));
        Api.ok(res, log);
    }

    private void body(ServerRequest req, ServerResponse res) {
        long id = Api.id(req);
        logs.get(id).orElseThrow(() -> ApiError.notFound("no request log with id " + id));
        RequestBody b = logs.body(id).orElseThrow(() -> ApiError.notFound(
                "request log " + id + " has no stored body (io_log off for its model, or removed by retention)"));
        Api.ok(res, bodies(b));
    }

    static Bodies bodies(RequestBody b) {
        String response = b.responseBody();
        if (response != null && response.startsWith("{\"sse_events\"")) {
            try {
                JsonNode stored = Api.JSON.readTree(response);
                JsonNode events = stored.get("sse_events");
                if (events != null && events.isArray()) {
                    List<String> list = new java.util.ArrayList<>();
                    events.forEach(e -> list.add(e.asText()));
                    boolean cut = stored.path("truncated").asBoolean(false);
                    return new Bodies(b.requestBody(), null, list, LogBodies.truncated(b.requestBody()), cut,
                                      cut ? stored.path("events_total").asInt() : null);
                }
            } catch (Exception e) {
                // not our wrapper after all: show the text as it is
            }
        }
        return new Bodies(b.requestBody(), response, null, LogBodies.truncated(b.requestBody()),
                          LogBodies.truncated(response), null);
    }

    private void cleanup(ServerRequest req, ServerResponse res) {
        if (!req.content().hasEntity()) {
            Retention.Result r = retention.run();
            Api.ok(res, Map.of("deleted", r.deletedLogs(), "deleted_bodies", r.deletedBodies()));
            return;
        }
        StrictObject b = Api.body(req);
        Long days = b.longOrNull("older_than_days", null, 0);
        Long rows = b.longOrNull("keep_rows", null, 0);
        b.finish();
        if ((days == null) == (rows == null)) {
            throw ApiError.invalid("send exactly one of `older_than_days` and `keep_rows`");
        }
        long deleted = days != null ? retention.olderThan(days) : retention.keep(rows);
        Api.ok(res, Map.of("deleted", deleted));
    }
}
