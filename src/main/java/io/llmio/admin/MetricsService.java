package io.llmio.admin;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmio.stats.Statistics;
import io.llmio.registry.AuthKey;
import io.llmio.registry.Registry;

/**
 * {@code /api/metrics}: dashboard numbers. A request is a client request (one trace id), successful
 * when one of its attempts succeeded; tokens and cost add up every attempt. Top lists take
 * {@code ?window=24h|7d|30d} (default: all time) and {@code ?limit=} (default 10, max 100).
 */
public final class MetricsService implements HttpService {
    private static final Map<String, Duration> WINDOWS = Map.of("24h", Duration.ofHours(24), "7d", Duration.ofDays(7),
                                                                "30d", Duration.ofDays(30));

    private final Statistics stats;
    private final Registry registry;

    public MetricsService(Statistics stats, Registry registry) {
        this.stats = stats;
        this.registry = registry;
    }

    public record KeyRow(Long authKeyId, String name, long requests, double successRate, long totalTokens, double cost) {
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/metrics/summary", (req, res) -> Api.ok(res, stats.summary(null)))
                .get("/metrics/series", Api.accepts((req, res) -> Api.ok(res, series(req, null)), "range"))
                .get("/metrics/models", Api.accepts(this::models, "window", "limit"))
                .get("/metrics/keys", Api.accepts(this::keys, "window", "limit"));
    }

    static Statistics.Series series(ServerRequest req, Statistics stats, Long keyId) {
        String range = Api.query(req, "range");
        try {
            return stats.series(range == null ? "24h" : range, keyId);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("query parameter `range`: " + e.getMessage());
        }
    }

    private Statistics.Series series(ServerRequest req, Long keyId) {
        return series(req, stats, keyId);
    }

    private void models(ServerRequest req, ServerResponse res) {
        Api.ok(res, Map.of("items", stats.models(null, window(req), limit(req))));
    }

    private void keys(ServerRequest req, ServerResponse res) {
        var snap = registry.current();
        List<KeyRow> rows = stats.keys(window(req), limit(req)).stream()
                .map(k -> new KeyRow(k.authKeyId(), k.authKeyId() == null ? "admin"
                        : snap.key(k.authKeyId()).map(AuthKey::name).orElse("#" + k.authKeyId() + " (deleted)"),
                                     k.requests(), k.successRate(), k.totalTokens(), k.cost())).toList();
        Api.ok(res, Map.of("items", rows));
    }

    static Duration window(ServerRequest req) {
        String w = Api.query(req, "window");
        if (w == null || w.equals("all")) {
            return null;
        }
        Duration d = WINDOWS.get(w);
        if (d == null) {
            throw ApiError.badRequest("query parameter `window` must be 24h, 7d, 30d or all, got `" + w + "`");
        }
        return d;
    }

    static int limit(ServerRequest req) {
        Long l = Api.longQuery(req, "limit");
        if (l != null && (l < 1 || l > 100)) {
            throw ApiError.badRequest("query parameter `limit` must be between 1 and 100");
        }
        return l == null ? 10 : l.intValue();
    }
}
