package io.llmio.limits;

import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmio.mock.MockProtocol;
import io.llmio.mock.MockUpstream;
import io.llmio.proxy.Gateway;
import io.llmio.proxy.protocol.UsageTap;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis stops while llmio serves: requests keep being answered (in-process limits), health
 * detail says Redis is down, and everything goes back to Redis when it returns, without a restart.
 */
class GatewayRedisOutageTest {
    private static final int PORT = 6393;
    private static final String URL = "redis://127.0.0.1:" + PORT + "/0";

    @Test
    void keepsServingAndRecovers() throws Exception {
        Process redis = startRedis();
        try (MockUpstream mock = MockUpstream.start("k");
             Gateway gw = Gateway.start("""
                     providers:
                       - {name: p, type: openai, base-url: %s, api-key: k, rpm-limit: 1000}
                     models:
                       - {name: m, providers: [{provider: p, model: up}]}
                     """.formatted(mock.baseUrl(MockProtocol.OPENAI)), Map.of("REDIS_URL", URL))) {
            assertThat(chat(gw)).isEqualTo(200);
            assertThat(redisStatus(gw)).isEqualTo("up");

            redis.destroyForcibly().waitFor();
            for (int i = 0; i < 5; i++) {
                assertThat(chat(gw)).as("answered while Redis is down").isEqualTo(200);
            }
            assertThat(redisStatus(gw)).isEqualTo("down");
            assertThat(gw.get("/health").statusCode()).as("still ready: limits fall back in process").isEqualTo(200);

            redis = startRedis();
            await(() -> {
                chat(gw);
                return redisStatus(gw).equals("up");
            });
            assertThat(chat(gw)).isEqualTo(200);
        } finally {
            redis.destroyForcibly().waitFor();
        }
    }

    private static int chat(Gateway gw) {
        return gw.post("/v1/chat/completions", "{\"model\":\"m\",\"messages\":[]}", "Authorization",
                       "Bearer " + Gateway.TOKEN).statusCode();
    }

    private static String redisStatus(Gateway gw) {
        JsonNode detail = UsageTap.parse(gw.get("/health/detail", "Authorization", "Bearer " + Gateway.TOKEN).body());
        return detail.get("redis").get("status").asText();
    }

    private static Process startRedis() throws Exception {
        Process p = new ProcessBuilder("redis-server", "--port", Integer.toString(PORT), "--bind", "127.0.0.1",
                                       "--save", "", "--appendonly", "no")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        await(() -> {
            try (RedisClient probe = RedisClient.create(URL)) {
                return "PONG".equals(probe.ping());
            } catch (RuntimeException e) {
                return false;
            }
        });
        return p;
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 15 s").isLessThan(deadline);
            Thread.sleep(50); // polling interval; the condition decides
        }
    }
}
