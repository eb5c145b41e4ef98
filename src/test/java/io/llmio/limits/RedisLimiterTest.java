package io.llmio.limits;

import io.llmio.limits.Limiter.Admission;
import io.llmio.limits.Limiter.RpmState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared suite against real Redis, plus what only a shared store can show. */
class RedisLimiterTest extends LimiterContract {
    private final String prefix = RedisTestSupport.uniquePrefix();
    private final RedisClient redis = RedisClient.create(RedisTestSupport.URL);

    /** "now" from the test clock (see RedisLimiter's three-argument constructor). */
    @Override
    Limiter newLimiter(MutableClock clock) {
        return new RedisLimiter(RedisUrl.parse(RedisTestSupport.URL), prefix, clock);
    }

    @AfterEach
    void dropKeys() {
        RedisTestSupport.deleteKeys(redis, prefix);
        redis.close();
    }

    @Test
    void twoInstancesOnServerTimeShareCountsAndLocks() {
        RedisUrl url = RedisUrl.parse(RedisTestSupport.URL);
        try (RedisLimiter a = new RedisLimiter(url, prefix); RedisLimiter b = new RedisLimiter(url, prefix)) {
            Admission fromA = new Admission(P1, 3, 5, "198.51.100.1", A10, 1L);
            Admission fromB = new Admission(P1, 3, 5, "198.51.100.1", A10, 1L);
            assertThat(a.admit(fromA).allowed()).isTrue();
            assertThat(b.admit(fromB).allowed()).isTrue();
            assertThat(a.admit(fromA).allowed()).isTrue();
            Limiter.Decision full = b.admit(fromB);
            assertThat(full.reason()).isEqualTo("rpm");
            assertThat(full.retryAfter()).isBetween(Duration.ofSeconds(55), Duration.ofSeconds(60));
            assertThat(a.snapshot(List.of(P1), List.of()).rpm()).containsExactly(new RpmState(P1, 3));

            assertThat(b.admit(new Admission(P2, 0, 5, "198.51.100.2", A11, 2L)).allowed()).isTrue();
            Limiter.Decision ipDenied = a.admit(new Admission(P2, 0, 5, "198.51.100.3", A11, 2L));
            assertThat(ipDenied.reason()).isEqualTo("ip_lock");
            assertThat(ipDenied.retryAfter()).isBetween(Duration.ofMinutes(4), Duration.ofMinutes(5));
            assertThat(a.admit(new Admission(P2, 0, 0, "198.51.100.3", A11, 3L)).reason()).isEqualTo("token_lock");

            assertThat(a.clearIpLock(P2)).isTrue();
            assertThat(b.snapshot(List.of(P2), List.of(A11)).ipLocks()).isEmpty();
            assertThat(b.snapshot(List.of(P2), List.of(A11)).tokenLocks()).hasSize(1);
            assertThat(a.status()).isEqualTo(new Limiter.Status("redis", true, "redis://127.0.0.1:6379/0"));
        }
    }

    @Test
    void keysLiveUnderThePrefixAndExpire() {
        limiter.admit(new Admission(P1, 5, 1, "198.51.100.1", A10, 4L));
        assertThat(redis.zcard(prefix + "rpm:" + P1)).isEqualTo(1);
        assertThat(redis.pttl(prefix + "rpm:" + P1)).isBetween(1L, 60_000L);
        assertThat(redis.pttl(prefix + "ip:" + P1)).isBetween(1L, 60_000L);
        assertThat(redis.pttl(prefix + "tok:" + A10)).isBetween(1L, 120_000L);
        assertThat(redis.get(prefix + "tok:" + A10)).endsWith("|4");
    }

    @Test
    void scriptsAreReloadedAfterTheServerForgetsThem() {
        assertThat(limiter.admit(rpm(P1, 5)).allowed()).isTrue();
        redis.scriptFlush();
        assertThat(limiter.admit(rpm(P1, 5)).allowed()).isTrue();
        assertThat(limiter.status().up()).isTrue();
        assertThat(limiter.snapshot(List.of(P1), List.of()).rpm()).containsExactly(new RpmState(P1, 2));
    }
}
