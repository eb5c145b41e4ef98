package io.llmio.limits;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

import io.llmio.auth.KeyHash;
import io.llmio.mock.Fault;
import io.llmio.mock.MockProtocol;
import io.llmio.mock.MockUpstream;
import io.llmio.proxy.Gateway;
import io.llmio.proxy.protocol.UsageTap;
import io.llmio.registry.KeySpend;
import io.llmio.store.AuthKeyStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Budgets and limits of API keys hold in total across two llmio instances sharing PostgreSQL and Redis
 * (issue 16), exactly as the provider limits do ({@link TwoInstancesTest}).
 */
class KeyLimitsTwoInstancesTest {
    private static final String DB = "llmio_keypair_test";
    private static final String REDIS = "redis://127.0.0.1:6379/10";
    private static final MockUpstream MOCK = MockUpstream.start("k");
    private static final Gateway GW1;
    private static final Gateway GW2;

    static {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DB + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + DB);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        try (RedisClient redis = RedisClient.create(REDIS)) {
            redis.flushDB();
        }
        StringBuilder models = new StringBuilder();
        for (int i = 1; i <= 5; i++) {
            models.append("  - {name: m").append(i).append(", providers: [{provider: up, model: up-").append(i).append("}]}\n");
        }
        String yaml = """
                providers:
                  - {name: up, type: openai, base-url: %s, api-key: k}
                models:
                """.formatted(MOCK.baseUrl(MockProtocol.OPENAI)) + models;
        Map<String, String> env = Map.of("DATABASE_TYPE", "postgres",
                                         "DATABASE_DSN", "postgres://postgres@127.0.0.1:5432/" + DB + "?sslmode=disable",
                                         "REDIS_URL", REDIS);
        GW1 = Gateway.start(yaml, env);
        GW2 = Gateway.start(yaml, env);
    }

    @AfterAll
    static void stop() {
        GW1.close();
        GW2.close();
        MOCK.close();
    }

    @BeforeEach
    void reset() {
        MOCK.reset();
    }

    private static HttpResponse<String> chat(Gateway gw, String model, String key) {
        return gw.post("/v1/chat/completions", "{\"model\":\"" + model + "\",\"messages\":[]}",
                       "Authorization", "Bearer " + key);
    }

    /** A key made through GW1, once GW2's registry has it too. */
    private static String[] key(String limits) {
        String[] k = GW1.keyWithLimits(limits);
        GW2.app().loader().reload();
        await(() -> GW2.app().registry().current().keyByHash(KeyHash.sha256(k[1]))
                .map(key -> key.limits().any() || limits.equals("{}")).orElse(false));
        return k;
    }

    @Test
    void keyRpmHoldsInTotalAcrossInstances() throws Exception {
        String[] k = key("{\"rpm_limit\":5}");
        List<Future<Integer>> results = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 12; i++) {
                Gateway gw = i % 2 == 0 ? GW1 : GW2;
                results.add(pool.submit(() -> chat(gw, "m1", k[1]).statusCode()));
            }
        }
        List<Integer> codes = new ArrayList<>();
        for (Future<Integer> f : results) {
            codes.add(f.get());
        }
        assertThat(codes.stream().filter(c -> c == 200)).hasSize(5);
        assertThat(codes.stream().filter(c -> c == 429)).hasSize(7);
        assertThat(MOCK.requestCount()).isEqualTo(5);
    }

    @Test
    void budgetSpentThroughOneInstanceStopsTheOther() {
        String[] k = key("{\"budget_tokens\":1}");
        assertThat(chat(GW1, "m2", k[1]).statusCode()).isEqualTo(200);
        long used = GW1.awaitKeyUsage(k[0], u -> u.path("tokens").asLong() > 0).path("tokens").asLong();
        assertThat(GW2.awaitKeyUsage(k[0], u -> u.path("tokens").asLong() > 0).path("tokens").asLong())
                .as("the other instance sees the same counters").isEqualTo(used);
        HttpResponse<String> r = chat(GW2, "m2", k[1]);
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(UsageTap.parse(r.body().getBytes()).path("error").path("code").asText()).isEqualTo("insufficient_quota");
    }

    @Test
    void parallelSlotTakenOnOneInstanceCountsOnTheOther() throws Exception {
        String[] k = key("{\"max_parallel\":1}");
        MOCK.script().next(new Fault.DelayHeaders(Duration.ofSeconds(2)));
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<HttpResponse<String>> slow = pool.submit(() -> chat(GW1, "m3", k[1]));
            MOCK.awaitRequests(1, Duration.ofSeconds(10));
            HttpResponse<String> second = chat(GW2, "m3", k[1]);
            assertThat(second.statusCode()).isEqualTo(429);
            assertThat(second.body()).contains("requests in flight");
            assertThat(slow.get().statusCode()).isEqualTo(200);
        }
        // the slot is given back once the answer's last byte is out, a moment after the caller has it
        GW2.awaitKeyUsage(k[0], u -> u.path("parallel").asInt(-1) == 0);
        assertThat(chat(GW2, "m3", k[1]).statusCode()).isEqualTo(200);
    }

    @Test
    void spendIsWrittenToTheDatabaseOnceWhateverInstanceServed() {
        String[] k = key("{\"budget_tokens\":1000000}");
        assertThat(chat(GW1, "m4", k[1]).statusCode()).isEqualTo(200);
        long one = GW1.awaitKeyUsage(k[0], u -> u.path("tokens").asLong() > 0).path("tokens").asLong();
        assertThat(chat(GW2, "m4", k[1]).statusCode()).isEqualTo(200);
        GW1.awaitKeyUsage(k[0], u -> u.path("tokens").asLong() == 2 * one);
        AuthKeyStore store = new AuthKeyStore(GW1.app().database());
        long id = Long.parseLong(k[0]);
        await(() -> store.spent(Instant.now()).getOrDefault(id, KeySpend.ZERO).tokens() == 2 * one);
        assertThat(store.spent(Instant.now()).get(id)).as("each instance adds what it served")
                .isEqualTo(new KeySpend(0, 2 * one, 0, 2 * one, 0, 2 * one));
    }

    private static void await(BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("condition not met within 10 s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
