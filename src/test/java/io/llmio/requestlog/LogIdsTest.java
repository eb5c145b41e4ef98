package io.llmio.requestlog;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

class LogIdsTest {
    private static final long JS_MAX_SAFE = (1L << 53) - 1;

    @Test
    void idsAreUniqueIncreasingAndJavaScriptSafeUnderConcurrency() throws Exception {
        LogIds ids = new LogIds();
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < 50; t++) {
                pool.submit(() -> {
                    long last = 0;
                    for (int i = 0; i < 2_000; i++) {
                        long id = ids.next();
                        assertThat(id).isGreaterThan(last).isPositive().isLessThanOrEqualTo(JS_MAX_SAFE);
                        last = id;
                        seen.add(id);
                    }
                });
            }
        }
        assertThat(seen).hasSize(100_000);
    }

    @Test
    void idsEncodeTheirTimeAndDifferByInstance() {
        Instant before = Instant.now().minusMillis(1);
        long a = new LogIds(1).next();
        long b = new LogIds(2).next();
        assertThat(a).isNotEqualTo(b);
        assertThat(LogIds.timeOf(a)).isBetween(before, Instant.now().plusMillis(1));
        long in2094 = (Instant.parse("2094-01-01T00:00:00Z").toEpochMilli() - LogIds.EPOCH_MS) << 12 | 0xFFF;
        assertThat(in2094).isLessThanOrEqualTo(JS_MAX_SAFE);
        assertThat(Duration.between(before, LogIds.timeOf(a)).abs()).isLessThan(Duration.ofSeconds(1));
    }
}
