package io.llmio.server;

import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import io.llmio.mock.MockProtocol;
import io.llmio.mock.MockUpstream;
import io.llmio.proxy.Gateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The listener's defences (SPEC §12) over real sockets: header and body timeouts, the connection
 * cap, Connection: close, HTTP/1.0 and malformed chunked bodies.
 */
class ListenerGuardTest {
    private static final Duration CLOSED_WITHIN = Duration.ofSeconds(12);
    private static final MockUpstream MOCK = MockUpstream.start("up-key");
    private static final String YAML = """
            providers:
              - name: oa
                type: openai
                base-url: %s
                api-key: up-key
            models:
              - name: gpt
                providers:
                  - {provider: oa, model: gpt-up}
            """.formatted(MOCK.baseUrl(MockProtocol.OPENAI));
    private static final Gateway GW = Gateway.start(YAML, Map.of("LLMIO_HEADER_TIMEOUT_SECONDS", "2",
                                                                 "LLMIO_BODY_TIMEOUT_SECONDS", "2"));

    @AfterAll
    static void stop() {
        GW.close();
        MOCK.close();
    }

    private static int port() {
        return GW.app().port();
    }

    @Test
    void aSlowlorisIsClosedWithinTheHeaderTimeout() {
        try (RawHttp c = new RawHttp(port())) {
            long start = System.nanoTime();
            Thread dripper = Thread.ofVirtual().start(() -> {
                try {
                    OutputStream out = c.socket.getOutputStream();
                    for (byte b : "GET /health HTTP/1.1\r\nHost: localhost\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                            .getBytes()) {
                        out.write(b);
                        out.flush();
                        Thread.sleep(200);
                    }
                } catch (IOException | InterruptedException e) {
                    // closed by the server: what the test waits for
                }
            });
            String got = c.readToClose(CLOSED_WITHIN);
            assertThat(got).as("no answer to a head that never ends").isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(CLOSED_WITHIN);
            dripper.interrupt();
        }
    }

    @Test
    void aConnectionThatSendsNothingIsClosedWithinTheHeaderTimeout() {
        try (RawHttp c = new RawHttp(port())) {
            assertThat(c.readToClose(CLOSED_WITHIN)).isEmpty();
        }
    }

    @Test
    void aStalledBodyIsClosedWithinTheBodyTimeout() {
        try (RawHttp c = new RawHttp(port())) {
            c.send("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + Gateway.TOKEN
                           + "\r\nContent-Type: application/json\r\nContent-Length: 4000000\r\n\r\n{\"model\":");
            c.readToClose(CLOSED_WITHIN);
        }
        // and the server goes on serving
        assertThat(GW.get("/health").statusCode()).isEqualTo(200);
    }

    @Test
    void connectionCloseFromTheClientClosesTheConnectionAfterTheAnswer() {
        try (RawHttp c = new RawHttp(port())) {
            String got = c.send(RawHttp.get("/health", "Connection: close")).readToClose(CLOSED_WITHIN);
            assertThat(got).startsWith("HTTP/1.1 200").contains("\"status\":\"ok\"");
        }
    }

    @Test
    void anHttp10RequestIsAnsweredWithoutChunksAndTheConnectionCloses() {
        try (RawHttp c = new RawHttp(port())) {
            String got = c.send("GET /health HTTP/1.0\r\nHost: localhost\r\n\r\n").readToClose(CLOSED_WITHIN);
            assertThat(got).startsWith("HTTP/1.1 200").containsIgnoringCase("connection: close")
                    .doesNotContainIgnoringCase("transfer-encoding").endsWith("}");
        }
        // keep-alive asked for: still one answer, then closed
        try (RawHttp c = new RawHttp(port())) {
            String got = c.send("GET /health HTTP/1.0\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n")
                    .readToClose(CLOSED_WITHIN);
            assertThat(got).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void anHttp10ClientGetsAStreamDelimitedByTheClose() {
        String body = "{\"model\":\"gpt\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        try (RawHttp c = new RawHttp(port())) {
            String got = c.send("POST /v1/chat/completions HTTP/1.0\r\nHost: localhost\r\nAuthorization: Bearer "
                                        + Gateway.TOKEN + "\r\nContent-Type: application/json\r\nContent-Length: "
                                        + body.length() + "\r\n\r\n" + body).readToClose(CLOSED_WITHIN);
            int split = got.indexOf("\r\n\r\n");
            String head = got.substring(0, split);
            String events = got.substring(split + 4);
            assertThat(head).startsWith("HTTP/1.1 200").containsIgnoringCase("content-type: text/event-stream")
                    .doesNotContainIgnoringCase("transfer-encoding").containsIgnoringCase("connection: close");
            // the events as written, no chunk-size lines between them
            assertThat(events).startsWith("data: {").contains("chat.completion.chunk").endsWith("data: [DONE]\n\n");
        }
    }

    @Test
    void aMalformedChunkSizeIsAnswered400AtOnceWithoutAStackTrace() {
        List<LogRecord> traces = new CopyOnWriteArrayList<>();
        Handler watch = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getThrown() != null) {
                    traces.add(r);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(watch);
        try (RawHttp c = new RawHttp(port())) {
            long start = System.nanoTime();
            String got = c.send("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                                        + Gateway.TOKEN + "\r\nContent-Type: application/json\r\n"
                                        + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{\"model\":\"gpt\"}\r\n0\r\n\r\n")
                    .readToClose(CLOSED_WITHIN);
            assertThat(got).startsWith("HTTP/1.1 400").contains("invalid_request");
            assertThat(got.indexOf("HTTP/1.1", 1)).as("one answer, then closed").isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        } finally {
            root.removeHandler(watch);
        }
        assertThat(traces).as("log records with a stack trace").isEmpty();
    }

    @Test
    void overTheCapANewConnectionIsAnswered503AtOnceAndServedOnceOthersClose() {
        try (Gateway gw = Gateway.start(YAML, Map.of("LLMIO_MAX_CONNECTIONS", "8"))) {
            int port = gw.app().port();
            List<RawHttp> held = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    RawHttp c = new RawHttp(port);
                    held.add(c);
                    // a keep-alive connection, answered and waiting for its next request
                    assertThat(c.send(RawHttp.get("/health")).readResponse()).startsWith("HTTP/1.1 200");
                }
                try (RawHttp over = new RawHttp(port)) {
                    String got = over.send(RawHttp.get("/health")).readToClose(Duration.ofSeconds(10));
                    assertThat(got).startsWith("HTTP/1.1 503");
                }
            } finally {
                held.forEach(RawHttp::close);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            String last = "";
            while (System.nanoTime() < deadline && !last.startsWith("HTTP/1.1 200")) {
                try (RawHttp c = new RawHttp(port)) {
                    last = c.send(RawHttp.get("/health", "Connection: close")).readToClose(CLOSED_WITHIN);
                }
            }
            assertThat(last).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void aSmallRequestAndTheAdminAreServedWhileManyLargeBodiesStall() {
        List<RawHttp> stalled = new ArrayList<>();
        try {
            // bodies that declare, together, the whole body budget of this (in-process) gateway, a sixth
            // of the heap, send their first bytes and stall
            long budgetKib = Math.max(33L << 20, Runtime.getRuntime().maxMemory() / 6) >> 10;
            List<Long> declared = new ArrayList<>();
            for (long left = budgetKib; left > 0; left -= 32 * 1024) {
                declared.add(Math.min(left, 32 * 1024) * 1024);
            }
            for (long length : declared) {
                RawHttp c = new RawHttp(port());
                stalled.add(c);
                c.send("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                               + Gateway.TOKEN + "\r\nContent-Type: application/json\r\nContent-Length: " + length
                               + "\r\n\r\n{\"model\":\"gpt\",\"messages\":[");
            }
            // the stalled requests reach their handlers in their own time: small requests keep being served
            // for as long as it takes to send twenty of them
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> small = GW.post("/v1/chat/completions",
                                                     "{\"model\":\"gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                                                     "Authorization", "Bearer " + Gateway.TOKEN);
                assertThat(small.statusCode()).as("request " + i + ": " + small.body()).isEqualTo(200);
            }
            HttpResponse<String> admin = GW.get("/api/providers", "Authorization", "Bearer " + Gateway.TOKEN);
            assertThat(admin.statusCode()).as(admin.body()).isEqualTo(200);
        } finally {
            stalled.forEach(RawHttp::close);
        }
    }
}
