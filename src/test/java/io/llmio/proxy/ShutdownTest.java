package io.llmio.proxy;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.llmio.mock.Fault;
import io.llmio.mock.MockProtocol;
import io.llmio.mock.MockUpstream;
import io.llmio.store.Database;
import io.llmio.store.Dsn;
import io.llmio.requestlog.LogFilter;
import io.llmio.requestlog.LogIds;
import io.llmio.requestlog.LogStore;
import io.llmio.requestlog.RequestLog;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hardening item 8 and the SIGTERM fault: a stream still open at the end of the shutdown grace gets
 * its protocol's error event and its row ends {@code error} "server shutting down"; the shutdown ends
 * within grace + bounds; a row left {@code running} in the database is swept at the next start.
 */
class ShutdownTest {
    private static final String YAML = """
            providers:
              - name: slow
                type: openai
                base-url: %s
                api-key: up-key
            models:
              - name: slow-model
                providers:
                  - {provider: slow, model: up-slow}
            """;

    private static String dsn(Path dir) {
        return "jdbc:h2:file:" + dir.resolve("data/llmio") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
    }

    @Test
    void aStreamOpenAtTheEndOfTheGraceGetsTheErrorEventAndItsRowEndsError() throws Exception {
        Path dir = Files.createTempDirectory("llmio-shutdown");
        try (MockUpstream mock = MockUpstream.start("up-key")) {
            // every event 4 s apart: the stream would take far longer than the 1 s grace
            mock.script().next(Fault.eventDelay(Duration.ofSeconds(4)));
            Gateway gw = Gateway.start(YAML.formatted(mock.baseUrl(MockProtocol.OPENAI)),
                                       Map.of("DATABASE_DSN", dsn(dir), "LLMIO_SHUTDOWN_GRACE_SECONDS", "1"));
            HttpRequest request = HttpRequest.newBuilder(URI.create(gw.url("/v1/chat/completions")))
                    .timeout(Duration.ofSeconds(120))
                    .header("Authorization", "Bearer " + Gateway.TOKEN).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"model\":\"slow-model\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                    .build();
            HttpResponse<InputStream> res = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
            assertThat(res.statusCode()).isEqualTo(200);
            String trace = res.headers().firstValue("x-llmio-trace-id").orElseThrow();
            CountDownLatch firstEvent = new CountDownLatch(1);
            CompletableFuture<List<String>> lines = CompletableFuture.supplyAsync(() -> {
                List<String> out = new ArrayList<>();
                try (BufferedReader r = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        out.add(line);
                        if (line.startsWith("data:")) {
                            firstEvent.countDown();
                        }
                    }
                } catch (Exception e) {
                    out.add("READ FAILED: " + e);
                }
                return out;
            });
            assertThat(firstEvent.await(60, TimeUnit.SECONDS)).as("first event relayed").isTrue();

            Instant stopAt = Instant.now();
            gw.app().stop();
            Duration took = Duration.between(stopAt, Instant.now());

            List<String> got = lines.get(30, TimeUnit.SECONDS);
            assertThat(got).noneMatch(l -> l.contains("[DONE]"));
            String last = got.stream().filter(l -> l.startsWith("data:")).reduce((a, b) -> b).orElseThrow();
            assertThat(last).contains("\"error\"").contains("shutting down").contains(trace);
            // grace 1 s + Helidon's extra 5 s at most, far below the ~20 s the stream had left
            assertThat(took).isLessThan(Duration.ofSeconds(12));

            try (Database db = Database.open(Dsn.parse("embedded", dsn(dir)), true)) {
                List<RequestLog> rows = new LogStore(db).page(new LogFilter(null, null, null, null, null, trace, null, null),
                                                             1, 10).items();
                assertThat(rows).hasSize(1);
                assertThat(rows.getFirst().status()).isEqualTo("error");
                assertThat(rows.getFirst().error()).isEqualTo("server shutting down");
            }
        }
    }

    @Test
    void aRowLeftRunningIsSweptAtTheNextStart() throws Exception {
        Path dir = Files.createTempDirectory("llmio-sweep");
        long id = new LogIds().next();
        try (Database db = Database.open(Dsn.parse("embedded", dsn(dir)), true)) {
            // what a killed process leaves: a row that never ended
            new LogStore(db).insert(List.of(new RequestLog(id, "t-crashed", Instant.now().minusSeconds(5), "m", 1L, "p", "up",
                                                           "openai", true, null, "127.0.0.1", "sdk", 0, "running", null,
                                                           null, 1L, null, null, 0, 0, 0, 0, 0, "none", 0, 0, 0, false, "")));
        }
        try (MockUpstream mock = MockUpstream.start("up-key");
             Gateway gw = Gateway.start(YAML.formatted(mock.baseUrl(MockProtocol.OPENAI)), Map.of("DATABASE_DSN", dsn(dir)))) {
            RequestLog row = gw.awaitRow(r -> r.id() == id);
            assertThat(row.status()).isEqualTo("error");
            assertThat(row.error()).isEqualTo("interrupted: server stopped");
        }
    }

    @Test
    void underLoadEveryRequestCompletesOrGetsAnErrorAndNoRowStaysRunning() throws Exception {
        Path dir = Files.createTempDirectory("llmio-shutdown-load");
        try (MockUpstream mock = MockUpstream.start("up-key")) {
            Gateway gw = Gateway.start(YAML.formatted(mock.baseUrl(MockProtocol.OPENAI)),
                                       Map.of("DATABASE_DSN", dsn(dir), "LLMIO_SHUTDOWN_GRACE_SECONDS", "2"));
            mock.script().next(Fault.eventDelay(Duration.ofSeconds(2)), 4);
            HttpClient http = HttpClient.newHttpClient();
            List<CompletableFuture<String>> slow = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                slow.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return http.send(chat(gw, true), HttpResponse.BodyHandlers.ofString()).body();
                    } catch (Exception e) {
                        return "CLIENT ERROR: " + e;
                    }
                }));
            }
            mock.awaitRequests(4, Duration.ofSeconds(30));
            // short requests in loops until the server goes away
            java.util.concurrent.atomic.AtomicInteger ok = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicInteger failed = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicInteger odd = new java.util.concurrent.atomic.AtomicInteger();
            List<CompletableFuture<Void>> loops = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                loops.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        try {
                            HttpResponse<String> r = http.send(chat(gw, false), HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 200 && r.body().contains("\"choices\"")) {
                                ok.incrementAndGet();
                            } else if (r.statusCode() >= 500 && r.body().contains("\"error\"")) {
                                failed.incrementAndGet();
                            } else {
                                odd.incrementAndGet();
                            }
                        } catch (Exception e) {
                            failed.incrementAndGet(); // refused or reset once the listener is gone: an error
                            return;
                        }
                    }
                }));
            }
            while (ok.get() < 20) {
                Thread.sleep(10); // some short requests went through before the stop
            }
            Instant stopAt = Instant.now();
            gw.app().stop();
            Duration took = Duration.between(stopAt, Instant.now());
            assertThat(took).isLessThan(Duration.ofSeconds(2 + 5 + 10 + 5));
            CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            assertThat(odd.get()).isZero();
            for (var f : slow) {
                String body = f.get(60, TimeUnit.SECONDS);
                assertThat(body.contains("data: [DONE]") || body.contains("shutting down"))
                        .as("a stream either completes or ends with the error event: " + body).isTrue();
            }
            try (Database db = Database.open(Dsn.parse("embedded", dsn(dir)), true)) {
                List<RequestLog> rows = new LogStore(db).page(LogFilter.none(), 1, 1000).items();
                assertThat(rows).hasSizeGreaterThanOrEqualTo(ok.get());
                assertThat(rows).noneMatch(r -> r.status().equals("running"));
            }
        }
    }

    private static HttpRequest chat(Gateway gw, boolean stream) {
        return HttpRequest.newBuilder(URI.create(gw.url("/v1/chat/completions")))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + Gateway.TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"slow-model\",\"stream\":" + stream
                                                                  + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build();
    }
}
