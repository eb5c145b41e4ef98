package io.llmio.limits;

import java.util.ArrayDeque;

/**
 * Tokens counted in a sliding 60 s window of one-second buckets (at most 60 of them), for the in-memory TPM
 * limits of keys and providers. Not thread-safe: {@link MemoryLimiter} holds its lock around every call. The
 * Redis scripts keep the same buckets in a hash ({@link RedisScript}).
 */
final class TokenWindow {
    private static final long WINDOW_S = Limiter.RPM_WINDOW.toSeconds();

    /** {second, tokens}, oldest first */
    private final ArrayDeque<long[]> buckets = new ArrayDeque<>();

    void add(long nowMs, long tokens) {
        long second = Math.floorDiv(nowMs, 1000);
        long[] last = buckets.peekLast();
        if (last != null && last[0] == second) {
            last[1] += tokens;
        } else {
            buckets.addLast(new long[] {second, tokens});
        }
    }

    long sum(long nowMs) {
        trim(nowMs);
        long sum = 0;
        for (long[] b : buckets) {
            sum += b[1];
        }
        return sum;
    }

    /** Milliseconds until fewer than {@code limit} tokens are in the window (0 when already so). */
    long waitBelow(long limit, long nowMs) {
        long sum = sum(nowMs);
        for (long[] b : buckets) {
            if (sum < limit) {
                break;
            }
            sum -= b[1];
            if (sum < limit) {
                return (b[0] + WINDOW_S) * 1000 - nowMs;
            }
        }
        return 0;
    }

    boolean isEmpty(long nowMs) {
        trim(nowMs);
        return buckets.isEmpty();
    }

    private void trim(long nowMs) {
        long oldest = Math.floorDiv(nowMs, 1000) - WINDOW_S;
        while (!buckets.isEmpty() && buckets.peekFirst()[0] <= oldest) {
            buckets.pollFirst();
        }
    }
}
