package io.llmio.observe;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.llmio.limits.Limiter;
import io.llmio.store.Database;
import io.llmio.requestlog.LogQueue;

/**
 * The health checks of llmio, as helidon-health {@link HealthCheck}s. They answer the
 * unauthenticated {@code /health}: up or down and what kind of backend, never a file path, host,
 * port or URL (those are in the admin-only {@code /health/detail}).
 */
public final class Checks {
    private Checks() {
    }

    /** Readiness: the database answers and its migrations are applied. */
    public static HealthCheck database(Database db) {
        return check("database", HealthCheckType.READINESS, () -> {
            boolean ping = db.ping();
            return HealthCheckResponse.builder().status(ping && db.migrated())
                    .detail("type", db.dialect().toString().toLowerCase())
                    .detail("migrated", db.migrated())
                    .build();
        });
    }

    /**
     * Redis (or memory) behind limits and locks. Reported, but it does not make llmio unready:
     * while Redis is down the limiter falls back to in-process limits and keeps serving.
     */
    public static HealthCheck limits(Limiter limiter) {
        return check("limits", HealthCheckType.LIVENESS, () -> {
            Limiter.Status s = limiter.status();
            return HealthCheckResponse.builder().status(true)
                    .detail("backend", s.backend())
                    .detail("reachable", s.up())
                    .build();
        });
    }

    /**
     * The request-log writer: down after three failed writes in a row, or a write under way for a minute (a
     * database that hangs). Counts only: error texts (which may name hosts and paths) are in /health/detail.
     */
    public static HealthCheck requestLog(LogQueue queue) {
        return check("request_log", HealthCheckType.READINESS, () -> {
            LogQueue.WriterStatus s = queue.status();
            return HealthCheckResponse.builder().status(s.healthy())
                    .detail("consecutive_failures", s.consecutiveFailures())
                    .detail("queue_depth", s.queueDepth())
                    .detail("rows_dropped", s.rowsDropped())
                    .build();
        });
    }

    private static HealthCheck check(String name, HealthCheckType type,
                                     java.util.function.Supplier<HealthCheckResponse> body) {
        return new HealthCheck() {
            @Override
            public HealthCheckType type() {
                return type;
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public HealthCheckResponse call() {
                return body.get();
            }
        };
    }
}
