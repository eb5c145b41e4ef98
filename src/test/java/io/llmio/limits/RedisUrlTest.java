package io.llmio.limits;

import io.llmio.errors.StartupException;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** REDIS_URL is read as Jedis reads it (against the test Redis at 127.0.0.1:6379, no password). */
class RedisUrlTest {

    @Test
    void nameBeforeTheAtIsAUserAsJedisReadsIt() {
        String url = "redis://secret@127.0.0.1:6379";
        assertThatThrownBy(() -> RedisClient.create(URI.create(url)))
                .as("Jedis's own reading: a user named 'secret' and no password")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Limiters.create(url))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("REDIS_URL")
                .hasMessageContaining("user name")
                .hasMessageNotContaining("secret");
    }

    @Test
    void userAndPasswordReachRedisAndAreMasked() {
        // the test Redis's default user has nopass, so AUTH default <any> succeeds
        String prefix = RedisTestSupport.uniquePrefix();
        try (Limiter l = Limiters.create("redis://default:topsecret@127.0.0.1:6379/3", prefix)) {
            Limiter.Status status = l.status();
            assertThat(status.up()).isTrue();
            assertThat(status.toString()).doesNotContain("topsecret")
                    .contains("redis://default:****@127.0.0.1:6379/3");
        }
        RedisUrl url = RedisUrl.parse("redis://:topsecret@127.0.0.1:6379/3");
        assertThat(url.user()).isEmpty();
        assertThat(url.password().value()).isEqualTo("topsecret");
        assertThat(url.toString()).isEqualTo("redis://:****@127.0.0.1:6379/3");
        assertThat(RedisUrl.masked("redis://secret@127.0.0.1:6379")).isEqualTo("redis://****@127.0.0.1:6379");
    }
}
