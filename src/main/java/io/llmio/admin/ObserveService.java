package io.llmio.admin;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmio.observe.HealthDetail;
import io.llmio.observe.PrometheusMetrics;

/**
 * {@code /health/detail}, {@code /api/health/detail} and {@code /metrics}, registered at the root
 * behind {@link AdminAuth} (health detail without auth was a defect of the original; Prometheus
 * sends the token with {@code authorization: {credentials: <TOKEN>}}).
 */
public final class ObserveService implements HttpService {
    private final HealthDetail health;
    private final PrometheusMetrics metrics;

    public ObserveService(HealthDetail health, PrometheusMetrics metrics) {
        this.health = health;
        this.metrics = metrics;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/health/detail", Api.accepts(this::healthDetail, "window"))
                .get("/api/health/detail", Api.accepts(this::healthDetail, "window"))
                .get("/metrics", this::prometheus);
    }

    private void healthDetail(ServerRequest req, ServerResponse res) {
        String window = Api.query(req, "window");
        try {
            Api.ok(res, health.report(window == null ? "1h" : window));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("query parameter `window`: " + e.getMessage());
        }
    }

    private void prometheus(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
        res.send(metrics.scrape());
    }
}
