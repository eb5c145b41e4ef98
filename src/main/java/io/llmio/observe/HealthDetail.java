package io.llmio.observe;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.llmio.config.ConfigReloads;
import io.llmio.limits.Limiter;
import io.llmio.registry.Association;
import io.llmio.registry.Model;
import io.llmio.registry.Provider;
import io.llmio.routing.Breakers;
import io.llmio.registry.Redactor;
import io.llmio.registry.Registry;
import io.llmio.registry.RegistrySnapshot;
import io.llmio.store.Database;
import io.llmio.stats.StatsStore;
import io.llmio.requestlog.LogQueue;

/**
 * {@code /health/detail}: the database, Redis, and every provider and association graded from its
 * attempts in a window (success rate, mean latency) plus the in-memory strip of recent outcomes and
 * the breaker state. Grades: {@code healthy} (≥ 90 % success or no traffic), {@code degraded}
 * (≥ 50 %), {@code unhealthy} (below, or breaker open), {@code disabled}. Overall: unhealthy when the
 * database is down; degraded when Redis is down, the last reload of the config file was rejected, or any enabled
 * provider or association is not healthy.
 */
public final class HealthDetail {
    public static final Map<String, Duration> WINDOWS = Map.of("15m", Duration.ofMinutes(15), "1h", Duration.ofHours(1),
                                                               "24h", Duration.ofHours(24));
    private static final double HEALTHY = 0.9;
    private static final double DEGRADED = 0.5;

    private final Database database;
    private final Limiter limiter;
    private final Registry registry;
    private final Breakers breakers;
    private final StatsStore stats;
    private final RecentOutcomes recent;
    private final InstantSource clock;
    private final LogQueue logs;
    private final ConfigReloads config;

    public HealthDetail(Database database, Limiter limiter, Registry registry, Breakers breakers, StatsStore stats,
                        RecentOutcomes recent, InstantSource clock, LogQueue logs) {
        this(database, limiter, registry, breakers, stats, recent, clock, logs, null);
    }

    /** @param config the live reloads of the config file (null: not shown) */
    public HealthDetail(Database database, Limiter limiter, Registry registry, Breakers breakers, StatsStore stats,
                        RecentOutcomes recent, InstantSource clock, LogQueue logs, ConfigReloads config) {
        this.logs = logs;
        this.config = config;
        this.database = database;
        this.limiter = limiter;
        this.registry = registry;
        this.breakers = breakers;
        this.stats = stats;
        this.recent = recent;
        this.clock = clock;
    }

    public record Component(String status, String detail) {
    }

    public record ProviderHealth(long id, String name, String status, double successRate, double meanLatencyMs,
                                 long requests, String lastError, List<String> recent) {
    }

    public record AssociationHealth(long id, String model, String provider, String status, double successRate,
                                    double meanLatencyMs, long requests, String lastError, List<String> recent,
                                    String breaker) {
    }

    public record Report(String status, String window, Component database, Component redis,
                         List<ProviderHealth> providers, List<AssociationHealth> associations,
                         RequestLogHealth requestLog, ConfigReloads.Status config) {
    }

    /** The request-log writer: {@code up} or {@code failing}, its last write error and what it dropped. */
    public record RequestLogHealth(String status, int consecutiveFailures, String lastError, java.time.Instant lastErrorAt,
                                   java.time.Instant lastWriteAt, long rowsDropped, long bodiesDropped,
                                   long bodiesTruncated, int queueDepth, long bufferedBytes, long bufferMaxBytes) {
    }

    public Report report(String window) {
        Duration d = WINDOWS.get(window);
        if (d == null) {
            throw new IllegalArgumentException("window must be 15m, 1h or 24h, got `" + window + "`");
        }
        boolean dbUp = database.ping();
        Component db = new Component(dbUp ? "up" : "down", database.describe());
        Limiter.Status ls = limiter.status();
        Component redis = ls.backend().equals("redis")
                ? new Component(ls.up() ? "up" : "down", ls.detail() == null ? "" : ls.detail())
                : new Component("disabled", "in-memory limits (REDIS_URL not set)");
        Map<Long, StatsStore.Health> byProvider = Map.of();
        Map<StatsStore.RouteKey, StatsStore.Health> byRoute = Map.of();
        if (dbUp) {
            byProvider = stats.healthByProvider(clock.instant().minus(d));
            byRoute = stats.healthByRoute(clock.instant().minus(d));
        }
        RegistrySnapshot snap = registry.current();
        Redactor redactor = registry.redactor(); // redacted when recorded; again with today's secrets (one added since)
        List<ProviderHealth> providers = new ArrayList<>();
        for (Provider p : snap.providers()) {
            StatsStore.Health h = byProvider.getOrDefault(p.id(), new StatsStore.Health(0, 0, 0));
            RecentOutcomes.View r = recent.provider(p.id());
            providers.add(new ProviderHealth(p.id(), p.name(), p.enabled() ? grade(h, false) : "disabled", rate(h),
                                             round(h.meanMs()), h.attempts(), redactor.redact(r.lastError()), r.recent()));
        }
        providers.sort(java.util.Comparator.comparing(ProviderHealth::name));
        List<AssociationHealth> associations = new ArrayList<>();
        for (RegistrySnapshot.ModelEntry entry : snap.models()) {
            Model m = entry.model();
            for (var route : entry.routes()) {
                Association a = route.association();
                Provider p = route.provider();
                StatsStore.Health h = byRoute.getOrDefault(new StatsStore.RouteKey(m.name(), p.id(), a.providerModel()),
                                                           new StatsStore.Health(0, 0, 0));
                Breakers.State b = breakers.state(a.id());
                boolean enabled = a.enabled() && p.enabled() && m.enabled();
                RecentOutcomes.View r = recent.association(a.id());
                associations.add(new AssociationHealth(a.id(), m.name(), p.name(),
                                                       enabled ? grade(h, b == Breakers.State.OPEN) : "disabled", rate(h),
                                                       round(h.meanMs()), h.attempts(), redactor.redact(r.lastError()), r.recent(),
                                                       b.name().toLowerCase()));
            }
        }
        associations.sort(java.util.Comparator.comparing(AssociationHealth::model).thenComparing(AssociationHealth::id));
        RequestLogHealth requestLog = null;
        if (logs != null) {
            LogQueue.WriterStatus w = logs.status();
            requestLog = new RequestLogHealth(w.healthy() ? "up" : "failing", w.consecutiveFailures(), w.lastError(),
                                              w.lastErrorAt(), w.lastWriteAt(), w.rowsDropped(), w.bodiesDropped(),
                                              w.bodiesTruncated(), w.queueDepth(), w.bufferedBytes(), w.bufferMaxBytes());
        }
        ConfigReloads.Status configStatus = config == null ? null : config.status();
        String overall;
        if (!dbUp) {
            overall = "unhealthy";
        } else if (redis.status().equals("down") || (requestLog != null && !requestLog.status().equals("up"))
                || (configStatus != null && !configStatus.status().equals("ok"))
                || providers.stream().anyMatch(p -> p.status().equals("degraded") || p.status().equals("unhealthy"))
                || associations.stream().anyMatch(a -> a.status().equals("degraded") || a.status().equals("unhealthy"))) {
            overall = "degraded";
        } else {
            overall = "healthy";
        }
        return new Report(overall, window, db, redis, providers, associations, requestLog, configStatus);
    }

    private static String grade(StatsStore.Health h, boolean breakerOpen) {
        if (breakerOpen) {
            return "unhealthy";
        }
        if (h.attempts() == 0) {
            return "healthy";
        }
        double r = rate(h);
        return r >= HEALTHY ? "healthy" : r >= DEGRADED ? "degraded" : "unhealthy";
    }

    private static double rate(StatsStore.Health h) {
        return h.attempts() == 0 ? 1.0 : (double) h.success() / h.attempts();
    }

    private static double round(double ms) {
        return Math.round(ms * 10) / 10.0;
    }
}
