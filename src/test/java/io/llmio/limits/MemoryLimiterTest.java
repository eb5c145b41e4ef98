package io.llmio.limits;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryLimiterTest extends LimiterContract {

    @Override
    Limiter newLimiter(MutableClock clock) {
        return new MemoryLimiter(clock);
    }

    @Test
    void sweepDropsExpiredStateSoMemoryStaysBounded() {
        MemoryLimiter memory = (MemoryLimiter) limiter;
        for (long p = 0; p < 100; p++) {
            memory.admit(new Limiter.Admission(p, 10, 2, "198.51.100.1", p, p));
        }
        assertThat(memory.trackedEntries()).isEqualTo(300);
        advance(Duration.ofSeconds(61));
        memory.sweep();
        assertThat(memory.trackedEntries()).as("RPM gone, 2-minute locks remain").isEqualTo(200);
        advance(Duration.ofSeconds(60));
        memory.sweep();
        assertThat(memory.trackedEntries()).isZero();
        assertThat(memory.snapshot(null, null)).isEqualTo(new Limiter.Snapshot(List.of(), List.of(), List.of()));
    }

    @Test
    void statusNamesTheBackend() {
        assertThat(limiter.status().backend()).isEqualTo("memory");
    }
}
