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
import io.llmio.mock.MockProtocol;
import io.llmio.mock.MockUpstream;
import io.llmio.proxy.Gateway;
import io.llmio.proxy.protocol.UsageTap;
import io.llmio.registry.Association;
import io.llmio.store.AssociationStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two llmio instances sharing one PostgreSQL database and one Redis: limits, locks and registry
 * changes hold across them (SPEC §5, issue "Limits and sticky locks").
 */
class TwoInstancesTest {
    private static final String DB = "llmio_pair_test";
    private static final String REDIS = "redis://127.0.0.1:6379/9";
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
        String yaml = """
                providers:
                  - {name: lim, type: openai, base-url: %1$s, api-key: k, rpm-limit: 5}
                  - {name: p1, type: openai, base-url: %1$s, api-key: k, ip-lock-minutes: 10}
                  - {name: p2, type: openai, base-url: %1$s, api-key: k}
                  - {name: t, type: openai, base-url: %1$s, api-key: k}
                models:
                  - name: rpm
                    providers: [{provider: lim, model: up-lim}]
                  - name: ip
                    strategy: rotor
                    providers: [{provider: p1, model: up-p1, weight: 10}, {provider: p2, model: up-p2, weight: 1}]
                  - name: tok
                    strategy: rotor
                    providers: [{provider: t, model: up-t1, weight: 10}, {provider: t, model: up-t2, weight: 1}]
                """.formatted(MOCK.baseUrl(MockProtocol.OPENAI));
        Map<String, String> env = Map.of("DATABASE_TYPE", "postgres",
                                         "DATABASE_DSN", "postgres://postgres@127.0.0.1:5432/" + DB + "?sslmode=disable",
                                         "REDIS_URL", REDIS, "TRUSTED_PROXIES", "127.0.0.1,::1");
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

    private static HttpResponse<String> chat(Gateway gw, String model, String key, String clientIp) {
        return gw.post("/v1/chat/completions", "{\"model\":\"" + model + "\",\"messages\":[]}",
                       "Authorization", "Bearer " + key, "X-Forwarded-For", clientIp);
    }

    private static String upstreamModel() {
        return UsageTap.parse(MOCK.lastRequest().body()).get("model").asText();
    }

    @Test
    void rpmLimitHoldsInTotalAcrossInstances() throws Exception {
        List<Future<Integer>> results = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 12; i++) {
                Gateway gw = i % 2 == 0 ? GW1 : GW2;
                results.add(pool.submit(() -> chat(gw, "rpm", Gateway.TOKEN, "10.1.0.1").statusCode()));
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
    void ipLockTakenThroughOneInstanceIsSeenByTheOther() {
        assertThat(chat(GW1, "ip", Gateway.TOKEN, "10.2.0.1").statusCode()).isEqualTo(200);
        assertThat(upstreamModel()).isEqualTo("up-p1");
        assertThat(chat(GW2, "ip", Gateway.TOKEN, "10.2.0.2").statusCode()).isEqualTo(200);
        assertThat(upstreamModel()).isEqualTo("up-p2");
        assertThat(chat(GW2, "ip", Gateway.TOKEN, "10.2.0.1").statusCode()).isEqualTo(200);
        assertThat(upstreamModel()).isEqualTo("up-p1");
        // X-Forwarded-For from a peer that is not a trusted proxy would be ignored: here the peer is
        // trusted, so the forwarded address is the owner; clearing the lock frees the provider
        assertThat(GW1.app().limiter().clearIpLock(GW1.app().registry().current().providers().stream()
                .filter(p -> p.name().equals("p1")).findFirst().orElseThrow().id())).isTrue();
        assertThat(chat(GW2, "ip", Gateway.TOKEN, "10.2.0.2").statusCode()).isEqualTo(200);
        assertThat(upstreamModel()).isEqualTo("up-p1");
    }

    @Test
    void tokenLockKeepsOtherKeysAwayAcrossInstances() {
        String k1 = GW1.createKey("k1", true, true, List.of(), null);
        String k2 = GW1.createKey("k2", true, true, List.of(), null);
        await(() -> GW2.app().registry().current().keyByHash(KeyHash.sha256(k2)).isPresent());
        assertThat(chat(GW1, "tok", k1, "10.3.0.1").statusCode()).isEqualTo(200);
        assertThat(upstreamModel()).isEqualTo("up-t1");
        assertThat(chat(GW2, "tok", k2, "10.3.0.2").statusCode()).isEqualTo(200);
        assertThat(upstreamModel()).isEqualTo("up-t2");
        // the admin token is exempt from token locks
        assertThat(chat(GW2, "tok", Gateway.TOKEN, "10.3.0.3").statusCode()).isEqualTo(200);
        assertThat(upstreamModel()).isEqualTo("up-t1");
        // the owner keeps its association
        assertThat(chat(GW2, "tok", k1, "10.3.0.1").statusCode()).isEqualTo(200);
        assertThat(upstreamModel()).isEqualTo("up-t1");
    }

    @Test
    void registryChangeThroughOneInstanceReachesTheOther() {
        AssociationStore associations = new AssociationStore(GW1.app().database());
        long modelId = GW1.app().registry().current().model("ip").orElseThrow().model().id();
        Association p1 = associations.byModel(modelId).stream().filter(a -> a.providerModel().equals("up-p1"))
                .findFirst().orElseThrow();
        associations.update(new Association(p1.id(), p1.modelId(), p1.providerId(), p1.providerModel(), p1.weight(),
                                            p1.toolCall(), p1.structuredOutput(), p1.image(), p1.withHeader(),
                                            p1.headers(), p1.extraBody(), false, null, null));
        try {
            await(() -> GW2.app().registry().current().association(p1.id()).map(a -> !a.enabled()).orElse(false));
            assertThat(chat(GW2, "ip", Gateway.TOKEN, "10.4.0.1").statusCode()).isEqualTo(200);
            assertThat(upstreamModel()).isEqualTo("up-p2");
        } finally {
            associations.update(p1);
            GW1.app().loader().reload();
            await(() -> GW2.app().registry().current().association(p1.id()).map(Association::enabled).orElse(false));
        }
    }

    @Test
    void limitsBackendIsRedisOnBoth() {
        assertThat(GW1.app().limiter().status().backend()).isEqualTo("redis");
        assertThat(GW2.app().limiter().status().up()).isTrue();
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
