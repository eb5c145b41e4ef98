package io.llmio.requestlog;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.llmio.store.Fixtures.log;
import static org.assertj.core.api.Assertions.assertThat;
import io.llmio.store.Database;
import io.llmio.store.Dialect;
import io.llmio.store.RegistryVersionStore;
import io.llmio.store.TestDatabases;

/** Request logs and bodies on embedded H2, PostgreSQL and MariaDB. */
class LogStoreTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00.123Z");

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void batchInsertUpdateAndReadBack(Dialect dialect) {
        Database db = TestDatabases.clean(dialect);
        LogStore logs = new LogStore(db);
        LogIds ids = new LogIds();
        List<RequestLog> batch = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            batch.add(log(ids.next(), "t" + i, T0.plusSeconds(i), "gpt-4o", 1L, RequestLog.RUNNING, "openai", null));
        }
        logs.insert(batch);
        RequestLog first = batch.getFirst();
        assertThat(logs.get(first.id())).contains(first);

        RequestLog done = new RequestLog(first.id(), first.traceId(), first.createdAt(), "gpt-4o", null, "", "", "openai", false,
                                         42L, "::1", "sdk", 2, RequestLog.ERROR, 502, "upstream closed the stream", 1L, 250L,
                                         9_000L, 100, 50, 150, 20, 10, "upstream", 16.5, 12_345, 0.00125, true, "openai");
        RequestLog stillRunning = batch.get(1);
        logs.update(List.of(done, stillRunning));
        assertThat(logs.get(first.id())).contains(done);
        assertThat(logs.get(stillRunning.id())).contains(stillRunning);

        logs.insertBodies(List.of(new RequestBody(first.id(), "{\"model\":\"gpt-4o\"}", "data: {\"x\":1}\n\n", T0)));
        assertThat(logs.body(first.id())).contains(new RequestBody(first.id(), "{\"model\":\"gpt-4o\"}", "data: {\"x\":1}\n\n", T0));
        assertThat(logs.body(stillRunning.id())).isEmpty();
        assertThat(logs.page(LogFilter.none(), 1, 100).total()).isEqualTo(20);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void pageFiltersAndOrdersNewestFirst(Dialect dialect) {
        Database db = TestDatabases.clean(dialect);
        LogStore logs = new LogStore(db);
        LogIds ids = new LogIds();
        List<RequestLog> rows = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            rows.add(log(ids.next(), "trace-" + (i / 3), T0.plusSeconds(i), i % 2 == 0 ? "gpt-4o" : "claude", (long) (i % 3),
                         i % 5 == 0 ? RequestLog.ERROR : RequestLog.SUCCESS, i % 2 == 0 ? "openai" : "anthropic",
                         i % 4 == 0 ? 7L : null));
        }
        logs.insert(rows);

        LogPage p1 = logs.page(LogFilter.none(), 1, 10);
        assertThat(p1.total()).isEqualTo(30);
        assertThat(p1.items()).extracting(RequestLog::createdAt).first().isEqualTo(T0.plusSeconds(29));
        assertThat(p1.items()).extracting(RequestLog::createdAt).isSortedAccordingTo((a, b) -> b.compareTo(a));
        LogPage p3 = logs.page(LogFilter.none(), 3, 10);
        assertThat(p3.items()).hasSize(10).last().extracting(RequestLog::createdAt).isEqualTo(T0);
        assertThat(logs.page(LogFilter.none(), 4, 10).items()).isEmpty();

        assertThat(total(logs, new LogFilter("gpt-4o", null, null, null, null, null, null, null))).isEqualTo(15);
        assertThat(total(logs, new LogFilter(null, 1L, null, null, null, null, null, null))).isEqualTo(10);
        assertThat(total(logs, new LogFilter(null, null, RequestLog.ERROR, null, null, null, null, null))).isEqualTo(6);
        assertThat(total(logs, new LogFilter(null, null, null, "anthropic", null, null, null, null))).isEqualTo(15);
        assertThat(total(logs, new LogFilter(null, null, null, null, 7L, null, null, null))).isEqualTo(8);
        assertThat(total(logs, new LogFilter(null, null, null, null, null, "trace-4", null, null))).isEqualTo(3);
        assertThat(total(logs, new LogFilter(null, null, null, null, null, null, T0.plusSeconds(10), T0.plusSeconds(20))))
                .isEqualTo(10);
        assertThat(total(logs, new LogFilter("gpt-4o", 0L, RequestLog.ERROR, "openai", 7L, null, T0, null)))
                .as("i even, i%3==0, i%5==0, i%4==0 → i=0 only").isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void retentionByAgeAndByRowCountTakesBodiesAlong(Dialect dialect) {
        Database db = TestDatabases.clean(dialect);
        LogStore logs = new LogStore(db);
        LogIds ids = new LogIds();
        List<RequestLog> rows = new ArrayList<>();
        List<RequestBody> bodies = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            RequestLog l = log(ids.next(), "t", T0.plus(i, ChronoUnit.DAYS), "m", 1L, RequestLog.SUCCESS, "openai", null);
            rows.add(l);
            bodies.add(new RequestBody(l.id(), "req" + i, "resp" + i, l.createdAt()));
        }
        logs.insert(rows);
        logs.insertBodies(bodies);

        assertThat(logs.deleteOlderThan(T0.plus(3, ChronoUnit.DAYS))).isEqualTo(3);
        assertThat(logs.page(LogFilter.none(), 1, 100).total()).isEqualTo(7);
        assertThat(logs.body(rows.get(2).id())).isEmpty();
        assertThat(logs.body(rows.get(3).id())).isPresent();

        assertThat(logs.keepNewest(4)).isEqualTo(3);
        assertThat(logs.page(LogFilter.none(), 1, 100).items()).extracting(RequestLog::id)
                .containsExactly(rows.get(9).id(), rows.get(8).id(), rows.get(7).id(), rows.get(6).id());
        assertThat(logs.body(rows.get(5).id())).isEmpty();
        assertThat(logs.body(rows.get(6).id())).isPresent();
        assertThat(logs.keepNewest(100)).isZero();
        assertThat(logs.keepNewest(0)).isEqualTo(4);
        assertThat(logs.page(LogFilter.none(), 1, 10).total()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void fiftyVirtualThreadsWriteLogsConcurrently(Dialect dialect) throws Exception {
        Database db = TestDatabases.clean(dialect);
        LogStore logs = new LogStore(db);
        LogIds ids = new LogIds();
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 50; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    try {
                        List<RequestLog> mine = new ArrayList<>();
                        for (int i = 0; i < 4; i++) {
                            mine.add(log(ids.next(), "th" + thread, T0.plusMillis(thread * 10L + i), "m", 1L,
                                         RequestLog.RUNNING, "openai", null));
                        }
                        logs.insert(mine);
                        logs.update(mine.stream().map(LogStoreTest::succeeded).toList());
                        logs.insertBodies(List.of(new RequestBody(mine.getFirst().id(), "q", "a", T0)));
                        new RegistryVersionStore(db).current();
                    } catch (Throwable e) {
                        errors.add(e);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        assertThat(errors).isEmpty();
        assertThat(logs.page(LogFilter.none(), 1, 1).total()).isEqualTo(200);
        assertThat(total(logs, new LogFilter(null, null, RequestLog.SUCCESS, null, null, null, null, null))).isEqualTo(200);
    }

    private static RequestLog succeeded(RequestLog l) {
        return new RequestLog(l.id(), l.traceId(), l.createdAt(), l.model(), l.providerId(), l.providerName(), l.providerModel(),
                              l.style(), l.stream(), l.authKeyId(), l.clientIp(), l.userAgent(), l.attempt(), RequestLog.SUCCESS,
                              200, null, 1L, 2L, 3L, 1, 1, 2, 0, 0, "upstream", 1.0, 10, 0.0, true, "");
    }

    private static long total(LogStore logs, LogFilter f) {
        return logs.page(f, 1, 5).total();
    }
}
