package io.llmio.common;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BoundedCacheTest {

    @Test
    void computesOncePerKeyAndNeverHoldsMoreThanItsBound() {
        BoundedCache<Integer, String> cache = new BoundedCache<>(3);
        AtomicInteger computed = new AtomicInteger();
        for (int round = 0; round < 2; round++) {
            for (int k = 0; k < 3; k++) {
                assertThat(cache.get(k, i -> computed.incrementAndGet() + ":" + i)).endsWith(":" + k);
            }
        }
        assertThat(computed.get()).isEqualTo(3);
        assertThat(cache.size()).isEqualTo(3);
        assertThat(cache.get(99, i -> "new")).isEqualTo("new");
        assertThat(cache.size()).as("emptied at the bound, then the new key").isEqualTo(1);
        assertThat(cache.get(0, i -> "again")).isEqualTo("again");
    }
}
