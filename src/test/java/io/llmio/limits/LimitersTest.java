package io.llmio.limits;

import io.llmio.errors.StartupException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LimitersTest {

    @Test
    void blankUrlKeepsLimitsInMemory() {
        try (Limiter a = Limiters.create(null); Limiter b = Limiters.create("  ")) {
            assertThat(a).isInstanceOf(MemoryLimiter.class);
            assertThat(b.status().backend()).isEqualTo("memory");
        }
    }

    @Test
    void redisUrlGivesARedisLimiter() {
        try (Limiter l = Limiters.create(RedisTestSupport.URL, RedisTestSupport.uniquePrefix())) {
            assertThat(l).isInstanceOf(RedisLimiter.class);
            assertThat(l.status()).isEqualTo(new Limiter.Status("redis", true, "redis://127.0.0.1:6379/0"));
        }
    }

    @Test
    void urlFormsParse() {
        assertThat(RedisUrl.parse("redis://u:p%40ss@cache.internal:6380/3"))
                .isEqualTo(new RedisUrl(false, "u", io.llmio.registry.Secret.of("p@ss"), "cache.internal", 6380, 3));
        assertThat(RedisUrl.parse("redis://:s3cret@h:1/0").password().value()).isEqualTo("s3cret");
        assertThat(RedisUrl.parse("rediss://h")).isEqualTo(
                new RedisUrl(true, "", io.llmio.registry.Secret.of(""), "h", 6379, 0));
        assertThat(RedisUrl.parse("redis://[::1]:6379/0").host()).isEqualTo("::1");
        assertThat(RedisUrl.parse("redis://user:topsecret@h:6379/2").toString())
                .isEqualTo("redis://user:****@h:6379/2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://user:topsecret@h:6379/0", "redis://user:topsecret@h:6379/x",
                            "redis://user:topsecret@:6379/0", "redis://user:topsecret@h:99999/0",
                            "redis://user:topsecret@h:6379/0?x=1", "redis://user:topsecret@h a:6379/0",
                            "redis://user:top%zzsecret@h:6379/0", "topsecret"})
    void badUrlsNameTheSettingAndNeverThePassword(String url) {
        assertThatThrownBy(() -> Limiters.create(url))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("REDIS_URL")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("topsecret").doesNotContain("zzsecret"));
    }
}
