package io.llmio.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.helidon.health.HealthCheckResponse;
import io.llmio.limits.Limiter;
import io.llmio.limits.MemoryLimiter;
import io.llmio.registry.Association;
import io.llmio.registry.Model;
import io.llmio.registry.Provider;
import io.llmio.registry.ProviderType;
import io.llmio.registry.Secret;
import io.llmio.registry.Strategy;
import io.llmio.routing.Breakers;
import io.llmio.registry.Registry;
import io.llmio.registry.RegistrySnapshot;
import io.llmio.store.AuthKeyStore;
import io.llmio.store.Database;
import io.llmio.store.Dsn;
import io.llmio.requestlog.AttemptStatus;
import io.llmio.requestlog.LogIds;
import io.llmio.requestlog.LogStore;
import io.llmio.requestlog.RequestLog;
import io.llmio.stats.StatsStore;
import io.llmio.requestlog.LogQueue;

/**
 * {@code /health/detail} grading and the health {@link Checks}, on an embedded database in a temp dir
 * filled with hand-made request-log rows; no HTTP.
 */
class HealthDetailTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final InstantSource CLOCK = InstantSource.fixed(NOW);
    private static final String PROVIDER_KEY = "sk-provider-secret-0123456789";

    private static Path dir;
    private static Database db;
    private static final LogIds IDS = new LogIds();

    @BeforeAll
    static void fill() throws Exception {
        dir = Files.createTempDirectory("llmio-health-detail");
        db = Database.open(Dsn.embedded(dir), true);
        List<RequestLog> rows = new ArrayList<>();
        // alpha 9/10 (healthy), beta 5/10 (degraded), gamma 4/10 (unhealthy), delta none in the last 15 m
        rows.addAll(rows(1, "m", "a", 9, 1, NOW.minusSeconds(60), 100));
        rows.addAll(rows(2, "m", "b", 5, 5, NOW.minusSeconds(60), 300));
        rows.addAll(rows(3, "n", "c", 4, 6, NOW.minusSeconds(60), 50));
        rows.addAll(rows(4, "m", "d", 0, 3, NOW.minus(Duration.ofHours(2)), 10)); // only in the 24 h window
        rows.add(row(1, "m", "a", "running", NOW.minusSeconds(5), null)); // unfinished: not counted
        new LogStore(db).insert(rows);
    }

    @AfterAll
    static void close() throws Exception {
        db.close();
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void gradesProvidersAndAssociationsFromTheWindow() {
        Breakers breakers = new Breakers(CLOCK);
        HealthDetail detail = detail(new MemoryLimiter(), breakers, new RecentOutcomes(), null);
        HealthDetail.Report r = detail.report("15m");

        assertThat(r.window()).isEqualTo("15m");
        assertThat(r.database().status()).isEqualTo("up");
        assertThat(r.redis().status()).isEqualTo("disabled");
        assertThat(r.providers()).extracting(HealthDetail.ProviderHealth::name)
                .containsExactly("alpha", "beta", "delta", "epsilon", "gamma"); // sorted by name
        assertThat(provider(r, "alpha")).satisfies(p -> {
            assertThat(p.status()).isEqualTo("healthy");
            assertThat(p.successRate()).isEqualTo(0.9);
            assertThat(p.requests()).isEqualTo(10);
            assertThat(p.meanLatencyMs()).isEqualTo(100.0);
        });
        assertThat(provider(r, "beta").status()).isEqualTo("degraded");
        assertThat(provider(r, "beta").successRate()).isEqualTo(0.5);
        assertThat(provider(r, "gamma").status()).isEqualTo("unhealthy");
        assertThat(provider(r, "delta")).satisfies(p -> { // no traffic in the window
            assertThat(p.status()).isEqualTo("healthy");
            assertThat(p.requests()).isZero();
            assertThat(p.successRate()).isEqualTo(1.0);
        });
        assertThat(provider(r, "epsilon").status()).isEqualTo("disabled");

        assertThat(association(r, 11).status()).isEqualTo("healthy");
        assertThat(association(r, 12).status()).isEqualTo("degraded");
        assertThat(association(r, 13).status()).isEqualTo("unhealthy");
        assertThat(association(r, 14).status()).isEqualTo("healthy");
        assertThat(association(r, 15).status()).isEqualTo("disabled");
        assertThat(association(r, 11).breaker()).isEqualTo("closed");
        assertThat(r.status()).isEqualTo("degraded");
        assertThat(r.requestLog()).isNull();
    }

    @Test
    void aLongerWindowSeesOlderAttempts() {
        HealthDetail.Report r = detail(new MemoryLimiter(), new Breakers(CLOCK), new RecentOutcomes(), null).report("24h");
        assertThat(provider(r, "delta").status()).isEqualTo("unhealthy");
        assertThat(provider(r, "delta").requests()).isEqualTo(3);
        assertThat(association(r, 14).status()).isEqualTo("unhealthy");
    }

    @Test
    void anOpenBreakerMakesAHealthyAssociationUnhealthy() {
        Breakers breakers = new Breakers(CLOCK);
        for (int i = 0; i < Breakers.FAILURES_TO_OPEN; i++) {
            breakers.failure(11);
        }
        HealthDetail.Report r = detail(new MemoryLimiter(), breakers, new RecentOutcomes(), null).report("15m");
        assertThat(association(r, 11).status()).isEqualTo("unhealthy");
        assertThat(association(r, 11).breaker()).isEqualTo("open");
        assertThat(provider(r, "alpha").status()).isEqualTo("healthy"); // providers have no breaker
    }

    @Test
    void theRecentStripAndItsLastErrorAreRedacted() {
        RecentOutcomes recent = new RecentOutcomes();
        recent.record(RecentOutcomesTest.log(1L, 11L, AttemptStatus.SUCCESS, 200, null));
        recent.record(RecentOutcomesTest.log(1L, 11L, AttemptStatus.ERROR, 401, "bad key " + PROVIDER_KEY + " rejected"));
        HealthDetail.Report r = detail(new MemoryLimiter(), new Breakers(CLOCK), recent, null).report("15m");
        assertThat(provider(r, "alpha").recent()).containsExactly("success", "error");
        assertThat(association(r, 11).recent()).containsExactly("success", "error");
        assertThat(provider(r, "alpha").lastError()).startsWith("401 bad key ").doesNotContain(PROVIDER_KEY);
        assertThat(association(r, 11).lastError()).doesNotContain(PROVIDER_KEY);
        assertThat(provider(r, "beta").recent()).isEmpty();
        assertThat(provider(r, "beta").lastError()).isNull();
    }

    @Test
    void overallIsHealthyWhenEveryEnabledPartIsHealthy() {
        Registry registry = new Registry();
        registry.replace(RegistrySnapshot.of(1, List.of(provider(1, "alpha", true)), List.of(model(1, "m")),
                                             List.of(association(11, 1, 1, "a", true)), List.of()));
        HealthDetail d = new HealthDetail(db, new MemoryLimiter(), registry, new Breakers(CLOCK), new StatsStore(db),
                                          new RecentOutcomes(), CLOCK, null);
        assertThat(d.report("1h").status()).isEqualTo("healthy");
    }

    @Test
    void redisDownDegradesAndTheLogWriterIsReported() {
        LogQueue queue = new LogQueue(new LogStore(db), new AuthKeyStore(db), new LogIds(), 10, l -> 0);
        try {
            Registry registry = new Registry();
            registry.replace(RegistrySnapshot.of(1, List.of(provider(1, "alpha", true)), List.of(model(1, "m")),
                                                 List.of(association(11, 1, 1, "a", true)), List.of()));
            HealthDetail d = new HealthDetail(db, new RedisDown(), registry, new Breakers(CLOCK), new StatsStore(db),
                                              new RecentOutcomes(), CLOCK, queue);
            HealthDetail.Report r = d.report("15m");
            assertThat(r.redis()).isEqualTo(new HealthDetail.Component("down", "connection refused"));
            assertThat(r.requestLog().status()).isEqualTo("up");
            assertThat(r.requestLog().queueDepth()).isZero();
            assertThat(r.status()).isEqualTo("degraded");
        } finally {
            queue.close();
        }
    }

    @Test
    void aDatabaseDownIsUnhealthy() throws Exception {
        Path other = Files.createTempDirectory("llmio-health-down");
        Database closed = Database.open(Dsn.embedded(other), true);
        closed.close();
        try {
            HealthDetail d = new HealthDetail(closed, new MemoryLimiter(), registry(), new Breakers(CLOCK),
                                              new StatsStore(closed), new RecentOutcomes(), CLOCK, null);
            HealthDetail.Report r = d.report("15m");
            assertThat(r.database().status()).isEqualTo("down");
            assertThat(r.status()).isEqualTo("unhealthy");
            assertThat(r.providers()).isNotEmpty().allSatisfy(p -> assertThat(p.requests()).isZero());

            assertThat(Checks.database(closed).call().status()).isEqualTo(HealthCheckResponse.Status.DOWN);
        } finally {
            try (var walk = Files.walk(other)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void anUnknownWindowIsRefused() {
        HealthDetail d = detail(new MemoryLimiter(), new Breakers(CLOCK), new RecentOutcomes(), null);
        assertThatThrownBy(() -> d.report("2h")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("15m");
    }

    // ---- Checks ----

    @Test
    void databaseCheckIsUpWithItsTypeButNoTarget() {
        HealthCheckResponse r = Checks.database(db).call();
        assertThat(r.status()).isEqualTo(HealthCheckResponse.Status.UP);
        // the public /health names no path, host or URL (SPEC §12): the target is for /health/detail only
        assertThat(r.details()).containsEntry("type", "embedded").containsEntry("migrated", true)
                .doesNotContainKey("target");
        assertThat(Checks.database(db).name()).isEqualTo("database");
        assertThat(Checks.database(db).type()).isEqualTo(io.helidon.health.HealthCheckType.READINESS);
    }

    @Test
    void limitsCheckStaysUpWhileRedisIsDown() {
        HealthCheckResponse r = Checks.limits(new RedisDown()).call();
        assertThat(r.status()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(r.details()).containsEntry("backend", "redis").containsEntry("reachable", false)
                .doesNotContainKey("detail");
        assertThat(Checks.limits(new RedisDown()).type()).isEqualTo(io.helidon.health.HealthCheckType.LIVENESS);
    }

    @Test
    void requestLogCheckReportsCountsOnly() {
        LogQueue queue = new LogQueue(new LogStore(db), new AuthKeyStore(db), new LogIds(), 10, l -> 0);
        try {
            HealthCheckResponse r = Checks.requestLog(queue).call();
            assertThat(r.status()).isEqualTo(HealthCheckResponse.Status.UP);
            assertThat(r.details()).containsOnlyKeys("consecutive_failures", "queue_depth", "rows_dropped")
                    .containsEntry("consecutive_failures", 0).containsEntry("rows_dropped", 0L);
        } finally {
            queue.close();
        }
    }

    // ---- helpers ----

    private static HealthDetail detail(Limiter limiter, Breakers breakers, RecentOutcomes recent, LogQueue logs) {
        return new HealthDetail(db, limiter, registry(), breakers, new StatsStore(db), recent, CLOCK, logs);
    }

    private static Registry registry() {
        Registry registry = new Registry(Secret.of("admin-token-xyz"));
        registry.replace(RegistrySnapshot.of(1,
                List.of(provider(1, "alpha", true), provider(2, "beta", true), provider(3, "gamma", true),
                        provider(4, "delta", true), provider(5, "epsilon", false)),
                List.of(model(1, "m"), model(2, "n")),
                List.of(association(11, 1, 1, "a", true), association(12, 1, 2, "b", true),
                        association(13, 2, 3, "c", true), association(14, 1, 4, "d", true),
                        association(15, 1, 1, "a2", false)),
                List.of()));
        return registry;
    }

    private static Provider provider(long id, String name, boolean enabled) {
        return new Provider(id, name, ProviderType.OPENAI, "http://127.0.0.1:9", Secret.of(PROVIDER_KEY), Map.of(), "",
                            List.of(), 0, 0, "", enabled, Instant.EPOCH, Instant.EPOCH);
    }

    private static Model model(long id, String name) {
        return new Model(id, name, "", Strategy.LOTTERY, 3, 60, false, true, true, Instant.EPOCH, Instant.EPOCH);
    }

    private static Association association(long id, long modelId, long providerId, String providerModel, boolean enabled) {
        return new Association(id, modelId, providerId, providerModel, 1, false, false, false, false, Map.of(), "{}",
                               enabled, Instant.EPOCH, Instant.EPOCH);
    }

    private static HealthDetail.ProviderHealth provider(HealthDetail.Report r, String name) {
        return r.providers().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    private static HealthDetail.AssociationHealth association(HealthDetail.Report r, long id) {
        return r.associations().stream().filter(a -> a.id() == id).findFirst().orElseThrow();
    }

    private static List<RequestLog> rows(long providerId, String model, String providerModel, int ok, int failed,
                                         Instant at, long ms) {
        List<RequestLog> out = new ArrayList<>();
        for (int i = 0; i < ok + failed; i++) {
            out.add(row(providerId, model, providerModel, i < ok ? RequestLog.SUCCESS : RequestLog.ERROR, at, ms));
        }
        return out;
    }

    private static RequestLog row(long providerId, String model, String providerModel, String status, Instant at,
                                  Long ms) {
        return new RequestLog(IDS.next(), "t", at, model, providerId, "p" + providerId, providerModel, "chat", false,
                              null, "127.0.0.1", "test", 0, status, status.equals("success") ? 200 : 502,
                              status.equals("error") ? "boom" : null, 1L, ms, ms, 0, 0, 0, 0, 0, "none", 0, 0, 0,
                              false, "");
    }

    private static final class RedisDown implements Limiter {
        @Override
        public Decision admit(Admission admission) {
            return Decision.ALLOWED;
        }

        @Override
        public Decision admitKey(long keyId, io.llmio.registry.KeyLimits limits, String lease) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void releaseKey(long keyId, String lease) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void charge(Charge charge) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void seedKeys(java.util.Map<Long, io.llmio.registry.KeySpend> spent) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<KeyState> keyStates(List<Long> keyIds) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Snapshot snapshot(List<Long> providerIds, List<Long> associationIds) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean clearIpLock(long providerId) {
            return false;
        }

        @Override
        public Status status() {
            return new Status("redis", false, "connection refused");
        }

        @Override
        public void close() {
        }
    }
}
