package io.llmio.observe;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

import io.llmio.proxy.Gateway;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Retention and price sync share one platform thread, which a stop ends. */
class HousekeepingThreadTest {

    @Test
    void oneSharedThreadEndedAtStop() throws InterruptedException {
        Set<Thread> before = housekeeping();
        Set<Thread> started;
        try (Gateway gw = Gateway.start("providers: []\nmodels: []\n")) {
            started = new HashSet<>(housekeeping());
            started.removeAll(before);
            assertThat(started).as("one housekeeping thread per started gateway").hasSize(1);
        }
        Thread t = started.iterator().next();
        t.join(Duration.ofSeconds(30));
        assertThat(t.isAlive()).as("ended by the stop").isFalse();
    }

    private static Set<Thread> housekeeping() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("llmio-housekeeping"))
                .collect(Collectors.toSet());
    }
}
