package io.llmio.observe;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.llmio.store.LogStore;
import io.llmio.store.SettingStore;

/**
 * Deletes old request logs and bodies by the retention settings ({@link SettingKeys}): N days and/or
 * N newest rows of logs, and separately of bodies; 0 turns a rule off. Runs at start, then daily.
 */
public final class Retention implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Retention.class.getName());

    private final LogStore logs;
    private final SettingStore settings;
    private final InstantSource clock;
    private volatile Thread worker;

    public Retention(LogStore logs, SettingStore settings, InstantSource clock) {
        this.logs = logs;
        this.settings = settings;
        this.clock = clock;
    }

    public record Result(long deletedLogs, long deletedBodies) {
    }

    /** Applies the configured rules now. */
    public Result run() {
        long deletedLogs = 0;
        long deletedBodies = 0;
        long logDays = SettingKeys.number(settings, SettingKeys.LOG_RETENTION_DAYS);
        long logRows = SettingKeys.number(settings, SettingKeys.LOG_RETENTION_ROWS);
        long bodyDays = SettingKeys.number(settings, SettingKeys.BODY_RETENTION_DAYS);
        long bodyRows = SettingKeys.number(settings, SettingKeys.BODY_RETENTION_ROWS);
        if (logDays > 0) {
            deletedLogs += logs.deleteOlderThan(daysAgo(logDays));
        }
        if (logRows > 0) {
            deletedLogs += logs.keepNewest(logRows);
        }
        if (bodyDays > 0) {
            deletedBodies += logs.deleteBodiesOlderThan(daysAgo(bodyDays));
        }
        if (bodyRows > 0) {
            deletedBodies += logs.keepNewestBodies(bodyRows);
        }
        return new Result(deletedLogs, deletedBodies);
    }

    /** Manual cleanup: logs older than {@code days}. */
    public long olderThan(long days) {
        return logs.deleteOlderThan(daysAgo(days));
    }

    /** Manual cleanup: keep the newest {@code rows} logs. */
    public long keep(long rows) {
        return logs.keepNewest(rows);
    }

    /** Runs now (in the background) and then every {@code every}. */
    public void start(Duration every) {
        worker = Thread.ofVirtual().name("llmio-retention").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Result r = run();
                    if (r.deletedLogs() + r.deletedBodies() > 0) {
                        LOG.info("Retention deleted " + r.deletedLogs() + " request log(s) and " + r.deletedBodies()
                                         + " stored bodies");
                    }
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "Log retention failed (will retry): " + e.getMessage());
                }
                try {
                    Thread.sleep(every);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    @Override
    public void close() {
        Thread t = worker;
        if (t != null) {
            t.interrupt();
        }
    }

    private Instant daysAgo(long days) {
        return clock.instant().minus(Duration.ofDays(days));
    }
}
