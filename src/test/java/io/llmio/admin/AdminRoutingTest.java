package io.llmio.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.ClientResponseTyped;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.DirectClient;
import io.helidon.webserver.testing.junit5.RoutingTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.llmio.limits.Limiter;
import io.llmio.limits.MemoryLimiter;
import io.llmio.observe.HealthDetail;
import io.llmio.requestlog.LogQueue;
import io.llmio.observe.PrometheusMetrics;
import io.llmio.observe.RecentOutcomes;
import io.llmio.stats.Statistics;
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
import io.llmio.requestlog.LogIds;
import io.llmio.requestlog.LogStore;
import io.llmio.stats.StatsStore;

/**
 * The fast level for the management surface: {@link AdminApi#register} (the admin gate, the 404 fallback,
 * the root observability routes) with the limits and misc services under {@code @RoutingTest}; the memory
 * limiter and a hand-made registry; an embedded database in a temp dir only behind health detail and stats.
 */
@RoutingTest
class AdminRoutingTest {
    private static final String TOKEN = "admin-token-admin-routing";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MemoryLimiter LIMITER = new MemoryLimiter();
    private static Path dir;
    private static Database db;
    private static LogQueue queue;

    private final DirectClient client;

    AdminRoutingTest(DirectClient client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) throws Exception {
        dir = Files.createTempDirectory("llmio-admin-routing");
        db = Database.open(Dsn.embedded(dir), true);
        queue = new LogQueue(new LogStore(db), new AuthKeyStore(db), new LogIds(), 10, l -> 0);
        Registry registry = new Registry(Secret.of(TOKEN));
        Provider p = new Provider(5, "acme", ProviderType.OPENAI, "http://127.0.0.1:9", Secret.of("sk-up"), Map.of(), "",
                                  List.of(), 10, 5, "", true, Instant.EPOCH, Instant.EPOCH);
        Model m = new Model(1, "gpt", "", Strategy.LOTTERY, 3, 60, false, true, true, Instant.EPOCH, Instant.EPOCH);
        Association a = new Association(9, 1, 5, "up", 1, false, false, false, false, Map.of(), "{}", true, Instant.EPOCH,
                                        Instant.EPOCH);
        registry.replace(RegistrySnapshot.of(1, List.of(p), List.of(m), List.of(a), List.of()));
        Breakers breakers = new Breakers(InstantSource.system());
        Statistics stats = new Statistics(new StatsStore(db), ZoneOffset.UTC, InstantSource.system());
        HealthDetail health = new HealthDetail(db, LIMITER, registry, breakers, new StatsStore(db), new RecentOutcomes(),
                                               InstantSource.system(), queue);
        io.llmio.limits.ClientIpResolver clientIps = new io.llmio.limits.ClientIpResolver("");
        new AdminApi(new OriginGuard(clientIps),
                     new AdminAuth(Secret.of(TOKEN), new io.llmio.auth.LoginThrottle(10, java.time.Duration.ofMinutes(5)), clientIps),
                     List.of(new MiscService("embedded", false, true, registry, stats, InstantSource.system(), LIMITER),
                             new LimitsService(LIMITER, registry)),
                     new ObserveService(health, new PrometheusMetrics(queue, breakers, registry, LIMITER)))
                .register(routing);
    }

    @AfterAll
    static void close() throws Exception {
        queue.close();
        db.close();
        LIMITER.close();
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    @Test
    void theGateGuardsApiHealthDetailAndMetrics() throws Exception {
        for (String path : List.of("/api/limits", "/health/detail", "/api/health/detail", "/metrics")) {
            var none = client.get(path).request(String.class);
            assertThat(none.status().code()).as(path).isEqualTo(401);
            assertThat(json(none).get("error").get("message").asText()).contains("missing admin token");
            var wrong = client.get(path).header(HeaderNames.AUTHORIZATION, "Bearer not-the-token-123456")
                    .request(String.class);
            assertThat(wrong.status().code()).as(path).isEqualTo(401);
            assertThat(wrong.entity()).contains("invalid admin token").doesNotContain("not-the-token-123456");
        }
        assertThat(client.get("/api/version").request(String.class).status().code()).isEqualTo(200);
    }

    @Test
    void unknownApiRoutesAnswerTheApisEnvelope() throws Exception {
        var res = get("/api/nope");
        assertThat(res.status().code()).isEqualTo(404);
        assertThat(json(res).get("error").get("type").asText()).isEqualTo("not_found");
        assertThat(json(res).get("error").get("message").asText()).isEqualTo("no route GET /api/nope");
    }

    @Test
    void limitsShowTheMemoryLimitersStateAndClearAnIpLock() throws Exception {
        // one admitted attempt: an RPM count and an IP lock for provider 5, a token lock for association 9
        assertThat(LIMITER.admit(new Limiter.Admission(5, 10, 5, "203.0.113.7", 9, 42L)).allowed()).isTrue();
        JsonNode limits = json(get("/api/limits"));
        assertThat(limits.get("backend").asText()).isEqualTo("memory");
        assertThat(limits.get("rpm").get(0).get("provider_name").asText()).isEqualTo("acme");
        assertThat(limits.get("rpm").get(0).get("count").asInt()).isEqualTo(1);
        assertThat(limits.get("rpm").get(0).get("limit").asInt()).isEqualTo(10);
        assertThat(limits.get("ip_locks").get(0).get("client_ip").asText()).isEqualTo("203.0.113.7");
        assertThat(limits.get("token_locks").get(0).get("auth_key_id").asLong()).isEqualTo(42);

        var unknown = client.delete("/api/providers/77/ip-lock").header(HeaderNames.AUTHORIZATION, "Bearer " + TOKEN)
                .request(String.class);
        assertThat(unknown.status().code()).isEqualTo(404);
        var cleared = client.delete("/api/providers/5/ip-lock").header(HeaderNames.AUTHORIZATION, "Bearer " + TOKEN)
                .request(String.class);
        assertThat(json(cleared).get("cleared").asBoolean()).isTrue();
        assertThat(json(get("/api/limits")).get("ip_locks")).isEmpty();
    }

    @Test
    void healthDetailAndMetricsAnswerBehindTheGate() throws Exception {
        JsonNode detail = json(window("15m"));
        assertThat(detail.get("status").asText()).isEqualTo("healthy");
        assertThat(detail.get("providers").get(0).get("name").asText()).isEqualTo("acme");
        assertThat(window("2d").status().code()).isEqualTo(400);
        var metrics = get("/metrics");
        assertThat(metrics.status().code()).isEqualTo(200);
        assertThat(metrics.headers().first(HeaderNames.CONTENT_TYPE)).hasValueSatisfying(
                v -> assertThat(v).startsWith("text/plain"));
        assertThat(metrics.entity()).contains("llmio_log_queue_capacity 10.0");
    }

    private ClientResponseTyped<String> get(String path) {
        return client.get(path).header(HeaderNames.AUTHORIZATION, "Bearer " + TOKEN).request(String.class);
    }

    private ClientResponseTyped<String> window(String window) {
        return client.get("/health/detail").queryParam("window", window).header(HeaderNames.AUTHORIZATION, "Bearer " + TOKEN)
                .request(String.class);
    }

    private static JsonNode json(ClientResponseTyped<String> res) throws Exception {
        return JSON.readTree(res.entity());
    }
}
