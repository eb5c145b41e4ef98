package io.llmio.limits;

import io.llmio.limits.Limiter.Admission;
import io.llmio.limits.Limiter.Decision;
import io.llmio.registry.KeyLimits;
import io.llmio.registry.KeySpend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documented outage policy (see {@link RedisLimiter}): a private redis-server on port 6391 is
 * started, killed and restarted under one limiter, which must keep serving with in-process limits,
 * report itself down, log once each way, and go back to Redis on its own.
 */
class RedisOutageTest {
    private static final int PORT = 6391;
    private static final String URL = "redis://127.0.0.1:" + PORT + "/0";

    private final String prefix = RedisTestSupport.uniquePrefix();
    private final List<LogRecord> logs = new CopyOnWriteArrayList<>();
    private final Logger logger = Logger.getLogger(RedisLimiter.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            logs.add(r);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Process server;

    @AfterEach
    void stop() throws InterruptedException {
        logger.removeHandler(capture);
        if (server != null) {
            server.destroyForcibly().waitFor();
        }
    }

    @Test
    void servesWithLocalLimitsWhileDownAndRecoversWithoutRestart() throws Exception {
        logger.addHandler(capture);
        try (RedisLimiter limiter = new RedisLimiter(RedisUrl.parse(URL), prefix)) {
            assertThat(limiter.status().up()).as("no server yet").isFalse();
            assertThat(limiter.admit(new Admission(5, 2, 5, "198.51.100.1", 10, 1L)).allowed()).as("serves while down")
                    .isTrue();

            startServer();
            awaitTrue(() -> limiter.status().up(), "recovers after a late start");
            assertThat(limiter.admit(admission(1L, "198.51.100.1")).allowed()).isTrue();
            assertThat(count(1)).as("counted in Redis").isEqualTo(1);

            server.destroyForcibly().waitFor();
            long started = System.nanoTime();
            Decision first = limiter.admit(admission(1L, "198.51.100.1"));
            Decision second = limiter.admit(admission(1L, "198.51.100.1"));
            Decision third = limiter.admit(admission(1L, "198.51.100.1"));
            Decision otherIp = limiter.admit(new Admission(1, 0, 5, "198.51.100.9", 11, null));
            Decision otherKey = limiter.admit(new Admission(3, 0, 0, "198.51.100.9", 10, 2L));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("a dead Redis never hangs a request")
                    .isLessThan(Duration.ofSeconds(3));
            assertThat(first.allowed()).isTrue();
            assertThat(second.allowed()).isTrue();
            assertThat(third.reason()).as("RPM enforced locally").isEqualTo("rpm");
            assertThat(otherIp.reason()).as("IP lock enforced locally").isEqualTo("ip_lock");
            assertThat(otherKey.reason()).as("token lock enforced locally").isEqualTo("token_lock");

            Limiter.Status down = limiter.status();
            assertThat(down.up()).isFalse();
            assertThat(down.detail()).contains("unreachable at redis://127.0.0.1:6391/0", "in-process");
            assertThat(limiter.snapshot(List.of(1L), List.of(10L)).tokenLocks()).as("local state visible").hasSize(1);
            for (int i = 0; i < 20; i++) {
                limiter.admit(admission(1L, "198.51.100.1"));
            }
            assertThat(records(Level.WARNING)).as("one line when it goes down").isEqualTo(2); // late start + kill

            startServer();
            awaitTrue(() -> limiter.status().up(), "recovers after a restart on the same port");
            assertThat(limiter.admit(new Admission(4, 5, 0, "198.51.100.1", 12, 1L)).allowed()).isTrue();
            assertThat(count(4)).as("back on Redis").isEqualTo(1);
            assertThat(limiter.status().detail()).isEqualTo("redis://127.0.0.1:6391/0");
            assertThat(records(Level.WARNING)).isEqualTo(2);
            assertThat(records(Level.INFO)).as("one line per recovery").isEqualTo(2);
        }
    }

    @Test
    void keyBudgetsAndLimitsFollowTheSamePolicy() throws Exception {
        KeyLimits budget = new KeyLimits(1.0, 0, 0, 0, 0, 0, 0, 0, 0);
        KeyLimits rpm = new KeyLimits(0, 0, 0, 0, 0, 0, 1, 0, 0);
        try (RedisLimiter limiter = new RedisLimiter(RedisUrl.parse(URL), prefix)) {
            limiter.seedKeys(Map.of(7L, new KeySpend(0.9, 90, 0.9, 90, 0.9, 90)));
            assertThat(limiter.admitKey(7, budget, "a")).as("seeded locally while down").isEqualTo(Decision.ALLOWED);
            limiter.charge(new Limiter.Charge(7L, 1, false, 10, 0.1));
            assertThat(limiter.admitKey(7, budget, "b")).isEqualTo(Decision.denied("usd", Duration.ZERO));

            startServer();
            awaitTrue(() -> limiter.status().up(), "recovers");
            assertThat(limiter.keyStates(List.of(7L)).getFirst().spent().usd())
                    .as("an empty Redis is seeded from what this instance counted").isEqualTo(1.0);
            assertThat(limiter.admitKey(7, budget, "c").reason()).isEqualTo("usd");
            limiter.charge(new Limiter.Charge(7L, 1, false, 10, 0.5));
            assertThat(limiter.keyStates(List.of(7L)).getFirst().spent().tokens()).isEqualTo(110);

            server.destroyForcibly().waitFor();
            long started = System.nanoTime();
            assertThat(limiter.admitKey(8, rpm, "d").allowed()).isTrue();
            assertThat(limiter.admitKey(8, rpm, "e").reason()).as("key RPM enforced locally").isEqualTo("key_rpm");
            assertThat(limiter.admitKey(7, budget, "f").reason()).as("local view kept counting").isEqualTo("usd");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        }
    }

    private static Admission admission(Long key, String ip) {
        return new Admission(1, 2, 5, ip, 10, key);
    }

    private long count(long providerId) {
        try (RedisClient redis = RedisClient.create(URL)) {
            return redis.zcard(prefix + "rpm:" + providerId);
        }
    }

    private long records(Level level) {
        return logs.stream().filter(r -> r.getLevel().equals(level)).count();
    }

    private void startServer() throws Exception {
        server = new ProcessBuilder("redis-server", "--port", Integer.toString(PORT), "--bind", "127.0.0.1",
                                    "--save", "", "--appendonly", "no")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        awaitTrue(() -> {
            try (RedisClient probe = RedisClient.create(URL)) {
                return "PONG".equals(probe.ping());
            } catch (RuntimeException e) {
                return false;
            }
        }, "redis-server on " + PORT + " accepts connections");
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("timed out waiting: " + what).isNegative();
            Thread.sleep(50); // polling interval, not synchronisation: the condition decides
        }
    }
}
