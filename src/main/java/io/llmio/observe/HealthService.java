package io.llmio.observe;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code /health}, {@code /health/live}, {@code /health/ready} (SPEC §8) over helidon-health
 * {@link HealthCheck}s: 200 {@code {"status":"ok",...}} or 503 {@code {"status":"down",...}} naming
 * what is down, each check with its status details. Unauthenticated: no paths, hosts or URLs (those
 * are in the admin-only {@code /health/detail}).
 */
public final class HealthService implements HttpService {
    private final List<HealthCheck> checks;

    public HealthService(List<HealthCheck> checks) {
        this.checks = List.copyOf(checks);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", (req, res) -> answer(res, null))
                .get("/live", (req, res) -> answer(res, HealthCheckType.LIVENESS))
                .get("/ready", (req, res) -> answer(res, HealthCheckType.READINESS));
    }

    private void answer(ServerResponse res, HealthCheckType type) {
        Map<String, Object> body = new LinkedHashMap<>();
        Map<String, Object> results = new LinkedHashMap<>();
        boolean up = true;
        for (HealthCheck check : checks) {
            if (type != null && check.type() != type) {
                continue;
            }
            HealthCheckResponse r;
            try {
                r = check.call();
            } catch (RuntimeException e) {
                // the exception text may name a host or a path: it is for the log and the detail view only
                r = HealthCheckResponse.builder().status(false).detail("error", e.getClass().getSimpleName()).build();
            }
            boolean ok = r.status() == HealthCheckResponse.Status.UP;
            up &= ok;
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("status", ok ? "up" : "down");
            entry.putAll(r.details());
            results.put(check.name(), entry);
        }
        body.put("status", up ? "ok" : "down");
        body.putAll(results);
        res.status(up ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503);
        res.send(body);
    }

}
