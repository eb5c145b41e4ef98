package io.llmio.requestlog;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;


/**
 * Ends request-log rows that a stopped or crashed process left {@code running} (hardening item 8):
 * they become {@code error} "interrupted: server stopped".
 * <p>
 * Which rows: with {@code minAge} zero (the embedded database, which one process owns), every row
 * created before this process started, once at start. With a shared database (PostgreSQL, MySQL)
 * other instances may be streaming right now, and no row says which instance made it, so only rows
 * older than {@code minAge} (LLMIO_LOG_SWEEP_RUNNING_MINUTES, default 2 h: longer than any answer) are
 * ended, at start and every hour after. Runs in the background: a start never waits for it.
 */
public final class RunningSweep implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RunningSweep.class.getName());
    public static final String INTERRUPTED = "interrupted: server stopped";

    private final LogStore store;
    private final Instant started;
    private final Duration minAge;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("llmio-running-sweep").unstarted(r));

    public RunningSweep(LogStore store, Instant started, Duration minAge) {
        this.store = store;
        this.started = started;
        this.minAge = minAge;
    }

    public void start() {
        if (minAge.isZero()) {
            timer.execute(() -> run(started));
        } else {
            timer.scheduleWithFixedDelay(() -> run(Instant.now().minus(minAge)), 0, 1, TimeUnit.HOURS);
        }
    }

    /** Ends the rows running since before {@code before}; returns how many (0 when the database failed). */
    public long run(Instant before) {
        try {
            long n = store.sweepRunning(before, INTERRUPTED);
            if (n > 0) {
                LOG.info("Request log: " + n + " row(s) left running by a stopped server ended as error (\""
                                 + INTERRUPTED + "\")");
            }
            return n;
        } catch (RuntimeException e) {
            LOG.warning("Request log: sweeping rows left running failed: " + e.getMessage());
            return 0;
        }
    }

    /** Cancels the next runs; one under way finishes (not interrupted: an interrupt inside H2 can close it). */
    @Override
    public void close() {
        timer.shutdown();
    }
}
