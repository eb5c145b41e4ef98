package io.llmio.requestlog;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.llmio.store.AuthKeyStore;
import io.llmio.store.Database;
import io.llmio.store.Dialect;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import io.llmio.observe.LogTestDatabases;

/**
 * Hardening item 8 on all three databases (own database names): the start-up sweep ends only rows
 * running since before its cut-off, and shutdown ends the rows whose end never reached the log.
 */
class RunningRowsTest {

    private static RequestLog running(long id, Instant at) {
        return new RequestLog(id, "t" + id, at, "m", 1L, "p", "up", "openai", true, null, "127.0.0.1", "sdk", 0, "running",
                              null, null, 1L, null, null, 0, 0, 0, 0, 0, "none", 0, 0, 0, false, "");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void theSweepEndsOnlyRowsRunningSinceBeforeItsCutOff(Dialect dialect) {
        Database db = LogTestDatabases.clean(dialect);
        LogStore store = new LogStore(db);
        LogIds ids = new LogIds();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        long old = ids.next();
        long recent = ids.next();
        store.insert(List.of(running(old, now.minus(Duration.ofHours(3))), running(recent, now.minusSeconds(60))));

        long swept = new RunningSweep(store, now, Duration.ofHours(2)).run(now.minus(Duration.ofHours(2)));

        assertThat(swept).isEqualTo(1);
        assertThat(store.get(old).orElseThrow().status()).isEqualTo("error");
        assertThat(store.get(old).orElseThrow().error()).isEqualTo(RunningSweep.INTERRUPTED);
        assertThat(store.get(recent).orElseThrow().status()).isEqualTo("running");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void closingTheQueueEndsTheRowsWhoseEndNeverCame(Dialect dialect) throws Exception {
        Database db = LogTestDatabases.clean(dialect);
        LogStore store = new LogStore(db);
        LogQueue queue = new LogQueue(store, new AuthKeyStore(db), new LogIds(), 1000, l -> 0);
        AttemptLog streaming = LogColumnsTest.attempt("gpt-4o", "sdk", null);
        streaming.status = AttemptStatus.RUNNING;
        queue.record(streaming);
        // the running row is written first (held at most half a second for its end)
        LogWriterOutageTest.await(() -> store.get(streaming.id).isPresent(), "the running row is written");
        AttemptLog done = LogColumnsTest.attempt("gpt-4o", "sdk", null);
        queue.record(done);

        queue.close();

        assertThat(store.get(streaming.id).orElseThrow().status()).isEqualTo("error");
        assertThat(store.get(streaming.id).orElseThrow().error()).isEqualTo(LogQueue.SHUTTING_DOWN);
        assertThat(store.get(done.id).orElseThrow().status()).isEqualTo("success");
    }
}
