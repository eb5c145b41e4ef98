package io.llmio.common;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A memo of values that are cheap to recompute but not free, on a hot path: get-or-compute, and
 * emptied at once when it reaches its bound, so a key set that is normally small cannot grow
 * without limit, and no eviction bookkeeping is paid per call.
 */
public final class BoundedCache<K, V> {
    private final int max;
    private final Map<K, V> values = new ConcurrentHashMap<>();

    public BoundedCache(int max) {
        this.max = max;
    }

    /** The value for {@code key}, computed (outside any lock: possibly twice under a race) when absent. */
    public V get(K key, Function<? super K, ? extends V> compute) {
        V v = values.get(key);
        if (v == null) {
            v = compute.apply(key);
            if (values.size() >= max) {
                values.clear();
            }
            values.put(key, v);
        }
        return v;
    }

    public int size() {
        return values.size();
    }
}
