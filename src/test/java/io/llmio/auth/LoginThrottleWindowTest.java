package io.llmio.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The throttle's window on a controlled clock: blocked after the budget, free again when the window ends. */
class LoginThrottleWindowTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final LoginThrottle throttle = new LoginThrottle(3, Duration.ofSeconds(60), nanos::get);

    @Test
    void blocksAfterTheBudgetUntilTheWindowEnds() {
        throttle.failed("198.51.100.1", "test");
        throttle.failed("198.51.100.1", "test");
        assertThat(throttle.blocked("198.51.100.1")).isNull();
        nanos.addAndGet(Duration.ofSeconds(10).toNanos());
        throttle.failed("198.51.100.1", "test");
        assertThat(throttle.blocked("198.51.100.1")).isEqualTo(Duration.ofSeconds(50));
        assertThat(throttle.blocked("198.51.100.2")).isNull();
        nanos.addAndGet(Duration.ofSeconds(50).toNanos());
        assertThat(throttle.blocked("198.51.100.1")).as("the window counts from the first failure").isNull();
        throttle.failed("198.51.100.1", "test");
        assertThat(throttle.blocked("198.51.100.1")).as("a new window starts with one failure").isNull();
    }

    @Test
    void zeroTurnsItOff() {
        LoginThrottle off = new LoginThrottle(0, Duration.ofSeconds(60), nanos::get);
        for (int i = 0; i < 100; i++) {
            off.failed("198.51.100.3", "test");
        }
        assertThat(off.enabled()).isFalse();
        assertThat(off.blocked("198.51.100.3")).isNull();
    }

    @Test
    void weakTokens() {
        assertThat(TokenStrength.weakness(io.llmio.registry.Secret.of(""))).isNull();
        assertThat(TokenStrength.weakness(io.llmio.registry.Secret.of("x"))).contains("1 characters");
        assertThat(TokenStrength.weakness(io.llmio.registry.Secret.of("aaaaaaaaaaaaaaaaaaaaaaaa"))).contains("distinct");
        assertThat(TokenStrength.weakness(io.llmio.registry.Secret.of("f3a9c1e7b2d84c60a5e1"))).isNull();
    }
}
