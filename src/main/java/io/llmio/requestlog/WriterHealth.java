package io.llmio.requestlog;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** What the request-log writer reports about its writes (written by the writer thread, read by health and metrics). */
final class WriterHealth {
    /** rows the database rejected even alone */
    final AtomicLong failed = new AtomicLong();
    final AtomicLong written = new AtomicLong();
    volatile int consecutiveFailures;
    volatile String lastError;
    volatile Instant lastErrorAt;
    volatile Instant lastWriteAt;
    /** when the write under way started (ms), 0 when none */
    volatile long busySince;

    void failure(Throwable t) {
        lastError = describe(t);
        lastErrorAt = Instant.now();
    }

    static String describe(Throwable t) {
        String m = t.getMessage();
        String s = t.getClass().getSimpleName() + (m == null ? "" : ": " + m.replaceAll("\\s+", " "));
        return s.length() > 500 ? s.substring(0, 500) + "…" : s;
    }
}
