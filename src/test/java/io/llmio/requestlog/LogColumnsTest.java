package io.llmio.requestlog;

import java.time.Instant;
import java.util.List;

import io.llmio.store.AuthKeyStore;
import io.llmio.store.Database;
import io.llmio.store.Dialect;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import io.llmio.observe.LogTestDatabases;

/**
 * Hardening item 7: one over-long value (a 600-char User-Agent, a long model name, a long error)
 * must not drop the batch it was written with; values are cut to their columns, on all three
 * databases (own database names).
 */
class LogColumnsTest {

    static AttemptLog attempt(String model, String userAgent, String error) {
        AttemptLog l = new AttemptLog();
        l.traceId = "trace-" + System.nanoTime();
        l.createdAt = Instant.now();
        l.model = model;
        l.providerId = 1L;
        l.providerName = "prov";
        l.providerModel = "up-" + model;
        l.style = "openai";
        l.clientIp = "127.0.0.1";
        l.userAgent = userAgent;
        l.status = error == null ? AttemptStatus.SUCCESS : AttemptStatus.ERROR;
        l.error = error;
        l.httpStatus = error == null ? 200 : 502;
        l.totalMs = 5L;
        return l;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void oneLongValueDoesNotDropItsBatch(Dialect dialect) {
        Database db = LogTestDatabases.clean(dialect);
        LogStore store = new LogStore(db);
        LogQueue queue = new LogQueue(store, new AuthKeyStore(db), new LogIds(), 1000, l -> 0);
        for (int i = 0; i < 30; i++) {
            queue.record(attempt("gpt-4o", "sdk/" + i, null));
        }
        String longUa = "ua-" + "x".repeat(597);
        String longModel = "m".repeat(300);
        String longError = "upstream 500: " + "e".repeat(100_000) + " ü€😀";
        AttemptLog bad = attempt(longModel, longUa, longError);
        bad.providerName = "p".repeat(400);
        bad.providerModel = "😀".repeat(300);
        bad.clientIp = "1".repeat(100);
        queue.record(bad);
        queue.close();

        List<RequestLog> rows = store.page(LogFilter.none(), 1, 100).items();
        assertThat(rows).hasSize(31);
        RequestLog row = store.get(bad.id).orElseThrow();
        assertThat(row.userAgent()).hasSize(512).isEqualTo(longUa.substring(0, 512));
        assertThat(row.model()).isEqualTo("m".repeat(191));
        assertThat(row.providerName()).hasSize(191);
        assertThat(row.providerModel().codePointCount(0, row.providerModel().length())).isLessThanOrEqualTo(191);
        assertThat(row.providerModel()).startsWith("😀😀").doesNotContain("?");
        assertThat(row.clientIp()).hasSize(64);
        assertThat(row.error()).startsWith("upstream 500: eee").hasSizeLessThan(longError.length());
        assertThat(row.status()).isEqualTo("error");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void aRowTheDatabaseRejectsEvenAloneIsDroppedAndCountedNotItsBatch(Dialect dialect) {
        Database db = LogTestDatabases.clean(dialect);
        LogStore store = new LogStore(db);
        LogQueue queue = new LogQueue(store, new AuthKeyStore(db), new LogIds(), 1000, l -> 0);
        for (int i = 0; i < 30; i++) {
            queue.record(attempt("gpt-4o", "sdk/" + i, null));
        }
        AttemptLog broken = attempt("gpt-4o", "sdk", null);
        broken.createdAt = null; // NOT NULL column: no cut makes this row fit
        queue.record(broken);
        queue.close();

        assertThat(store.page(LogFilter.none(), 1, 100).items()).hasSize(30);
        assertThat(store.get(broken.id)).isEmpty();
        assertThat(queue.failedWrites()).isEqualTo(1);
        assertThat(queue.rowsDropped()).isEqualTo(1);
        assertThat(queue.status().lastError()).isNotBlank();
    }
}
