package io.llmio.requestlog;

import java.security.SecureRandom;
import java.time.Instant;

/**
 * Unique, time-ordered log ids that stay below 2^53 (exact in JavaScript):
 * 41 bits of milliseconds since 2025-01-01 (until 2094), 6 random instance bits, 6 bits of sequence.
 * Thread-safe; more than 64 ids in one millisecond borrow the next millisecond, so ids never repeat
 * within an instance. Two instances collide only if they drew the same instance bits (1 in 64) and
 * made an id in the same millisecond with the same sequence.
 */
public final class LogIds {
    public static final long EPOCH_MS = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();
    private static final int SEQ_BITS = 6;
    private static final int INSTANCE_BITS = 6;
    private static final long SEQ_MASK = (1L << SEQ_BITS) - 1;

    private final long instance;
    private long lastMs = -1;
    private long seq;

    public LogIds() {
        this(new SecureRandom().nextInt(1 << INSTANCE_BITS));
    }

    /** {@code instance} in 0..63, e.g. fixed per replica to rule out collisions. */
    public LogIds(int instance) {
        if (instance < 0 || instance >= 1 << INSTANCE_BITS) {
            throw new IllegalArgumentException("instance must be in 0..63");
        }
        this.instance = instance;
    }

    public synchronized long next() {
        long now = System.currentTimeMillis() - EPOCH_MS;
        if (now > lastMs) {
            lastMs = now;
            seq = 0;
        } else if (++seq > SEQ_MASK) {
            lastMs++;
            seq = 0;
        }
        return (lastMs << (SEQ_BITS + INSTANCE_BITS)) | (instance << SEQ_BITS) | seq;
    }

    /** The creation time encoded in an id (to the millisecond). */
    public static Instant timeOf(long id) {
        return Instant.ofEpochMilli((id >>> (SEQ_BITS + INSTANCE_BITS)) + EPOCH_MS);
    }
}
