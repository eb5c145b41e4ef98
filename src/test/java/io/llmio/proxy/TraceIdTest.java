package io.llmio.proxy;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TraceIdTest {

    @Test
    void thirtyTwoHexDigitsLedByTheTimeSoTheyGrowWithIt() {
        long before = System.currentTimeMillis();
        String first = ProxyService.traceId();
        assertThat(first).matches("[0-9a-f]{32}");
        assertThat(Long.parseLong(first.substring(0, 12), 16)).isBetween(before, System.currentTimeMillis());
        Set<String> seen = new HashSet<>();
        String previous = first;
        for (int i = 0; i < 200_000; i++) {
            String id = ProxyService.traceId();
            assertThat(seen.add(id)).as("unique").isTrue();
            assertThat(id.substring(0, 12).compareTo(previous.substring(0, 12))).as("time-ordered").isGreaterThanOrEqualTo(0);
            previous = id;
        }
    }
}
