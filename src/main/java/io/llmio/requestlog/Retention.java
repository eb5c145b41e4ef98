package io.llmio.requestlog;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.llmio.store.SettingStore;
import io.llmio.store.SettingKeys;

/**
 * Deletes old request logs and bodies by the retention settings ({@link SettingKeys}): N days and/or
 * N newest rows of logs, and separately of bodies; 0 turns a rule off. Runs at start, then daily.
 */
public final class Retention implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Retention.class.getName());

    private final LogStore logs;
    private final SettingStore settings;
    private final InstantSource clock;
    private volatile Future<?> schedule;

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

    /** Runs now (on {@code scheduler}) and then every {@code every}, until {@link #close()}. */
    public void start(ScheduledExecutorService scheduler, Duration every) {
        schedule = scheduler.scheduleWithFixedDelay(this::runLogged, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void runLogged() {
        try {
            Result r = run();
            if (r.deletedLogs() + r.deletedBodies() > 0) {
                LOG.info("Retention deleted " + r.deletedLogs() + " request log(s) and " + r.deletedBodies()
                                 + " stored bodies");
            }
        } catch (RuntimeException e) { // a periodic task that throws is never run again
            LOG.log(Level.WARNING, "Log retention failed (will retry): " + e.getMessage());
        }
    }

    @Override
    public void close() {
        Future<?> f = schedule;
        if (f != null) {
            f.cancel(true);
        }
    }

    private Instant daysAgo(long days) {
        return clock.instant().minus(Duration.ofDays(days));
    }
}
