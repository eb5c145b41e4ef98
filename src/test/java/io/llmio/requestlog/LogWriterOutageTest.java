package io.llmio.requestlog;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

import io.llmio.store.AuthKeyStore;
import io.llmio.store.Database;
import io.llmio.store.Dsn;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hardening item 2 / fault suite "database outage": the log writer survives the database going away
 * (PostgreSQL: its database renamed mid-run; H2: switched to exclusive mode, which closes every other
 * connection and refuses new ones), buffers rows within its bounds meanwhile (bodies over the byte
 * bound dropped and counted, rows kept), reports the failure, and writes the rows once the database is back.
 */
class LogWriterOutageTest {
    private static final String PG_NAME = "llmio_hd_outage";
    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void postgresDatabaseRenamedMidRunThenRestored() throws Exception {
        Database db = Database.open(Dsn.parse(null, "postgres://postgres@127.0.0.1:5432/" + PG_NAME + "?sslmode=disable"),
                                    true);
        try {
            db.db().execute().dml("DELETE FROM request_logs");
            db.db().execute().dml("DELETE FROM request_bodies");
            LogStore store = new LogStore(db);
            LogQueue queue = new LogQueue(store, new AuthKeyStore(db), new LogIds(), 1000, l -> 0, true,
                                          new LogQueue.Limits(64 * 1024, 1L << 20, Duration.ofSeconds(20)));
            for (int i = 0; i < 10; i++) {
                queue.record(LogColumnsTest.attempt("gpt-4o", "before/" + i, null));
            }
            await(() -> queue.written() >= 10, "10 rows written before the outage");

            pg("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + PG_NAME + "'",
               "ALTER DATABASE " + PG_NAME + " RENAME TO " + PG_NAME + "_away");
            try {
                for (int i = 0; i < 20; i++) {
                    queue.record(withBody(LogColumnsTest.attempt("gpt-4o", "during/" + i, null), 60_000));
                }
                await(() -> queue.consecutiveFailures() >= 1, "the writer reports the failed write");
                assertThat(queue.status().lastError()).isNotBlank();
                assertThat(queue.bodiesDropped()).as("bodies over the 1 MiB bound are dropped").isGreaterThan(0);
                assertThat(queue.bufferedBytes()).isLessThanOrEqualTo(1L << 20);
            } finally {
                pg("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + PG_NAME + "_away'",
                   "ALTER DATABASE " + PG_NAME + "_away RENAME TO " + PG_NAME);
            }
            await(() -> queue.written() >= 30 && queue.consecutiveFailures() == 0, "rows written after the restore");
            queue.record(LogColumnsTest.attempt("gpt-4o", "after", null));
            queue.close();
            var rows = store.page(LogFilter.none(), 1, 100).items();
            assertThat(rows).hasSize(31);
            assertThat(rows.stream().filter(RequestLog::hasBody).count())
                    .isEqualTo(20 - queue.bodiesDropped());
            assertThat(queue.rowsDropped()).isZero();
            assertThat(queue.status().healthy()).isTrue();
        } finally {
            db.close();
        }
    }

    @Test
    void embeddedDatabaseClosedUnderTheWriterThenReopened() throws Exception {
        Dsn dsn = Dsn.embedded(Files.createTempDirectory("llmio-outage"));
        Database db = Database.open(dsn, true);
        try {
            LogStore store = new LogStore(db);
            LogQueue queue = new LogQueue(store, new AuthKeyStore(db), new LogIds(), 1000, l -> 0, true,
                                          new LogQueue.Limits(64 * 1024, 1L << 20, Duration.ofSeconds(20)));
            for (int i = 0; i < 10; i++) {
                queue.record(LogColumnsTest.attempt("gpt-4o", "before/" + i, null));
            }
            await(() -> queue.written() >= 10, "10 rows written before the outage");
            try (Connection exclusive = DriverManager.getConnection(dsn.jdbcUrl(), dsn.user(), dsn.password().value());
                 Statement st = exclusive.createStatement()) {
                // every other connection is closed, new ones are refused, until exclusive mode ends
                st.execute("SET EXCLUSIVE 2");
                for (int i = 0; i < 20; i++) {
                    queue.record(withBody(LogColumnsTest.attempt("gpt-4o", "during/" + i, null), 60_000));
                }
                await(() -> queue.consecutiveFailures() >= 1, "the writer reports the failed write");
                assertThat(queue.status().lastError()).isNotBlank();
                assertThat(queue.bodiesDropped()).isGreaterThan(0);
                st.execute("SET EXCLUSIVE 0");
            }
            await(() -> queue.written() >= 30 && queue.consecutiveFailures() == 0, "rows written after the restore");
            queue.close();
            var rows = store.page(LogFilter.none(), 1, 100).items();
            assertThat(rows).hasSize(30);
            assertThat(rows.stream().filter(RequestLog::hasBody).count()).isEqualTo(20 - queue.bodiesDropped());
            assertThat(queue.rowsDropped()).isZero();
        } finally {
            db.close();
        }
    }

    static AttemptLog withBody(AttemptLog log, int bytes) {
        log.requestBody = ("{\"x\":\"" + "a".repeat(bytes) + "\"}").getBytes();
        log.responseBody = "{\"ok\":true}".getBytes();
        return log;
    }

    /** Runs statements on the postgres maintenance database, retrying while a reconnect races the rename. */
    private static void pg(String terminate, String rename) throws Exception {
        SQLException last = null;
        for (int i = 0; i < 50; i++) {
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
                 Statement st = c.createStatement()) {
                st.execute(terminate);
                st.execute(rename);
                return;
            } catch (SQLException e) {
                last = e; // "being accessed by other users": the pool reconnected in between
                Thread.sleep(100);
            }
        }
        throw last;
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(50);
        }
    }
}
