package io.llmio.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.llmio.requestlog.RequestLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import io.llmio.proxy.protocol.UsageTap;

/**
 * The relay between an upstream answer and the caller under hostile or broken conditions: which
 * upstream headers reach the caller, answers larger than the response buffer (relayed as they
 * arrive, capped), bodies cut off mid-way, malformed SSE, callers that leave or stop reading.
 * Response buffer 64 KiB, cap 4 MiB, client write timeout 2 s.
 */
class RelayTest {
    private static final RawUpstream UP = new RawUpstream();
    private static final Gateway GW = Gateway.start(
            UP.config(RawUpstream.model("m", 10), RawUpstream.model("slow", 60)), Map.of("LLMIO_RESPONSE_BUFFER_KB", "64", "LLMIO_RESPONSE_MAX_MB", "4",
                                                "LLMIO_CLIENT_WRITE_TIMEOUT", "2"));
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String CHAT = "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String STREAM = "{\"model\":\"%s\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final byte[] ANSWER = """
            {"id":"c1","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"hi"}}],\
            "usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}""".getBytes(StandardCharsets.UTF_8);

    @AfterAll
    static void stop() {
        GW.close();
        UP.close();
    }

    private static String[] hostileHeaders() {
        return new String[] {
                "openai-organization", "org-secret-name", "Access-Control-Allow-Origin", "*", "Set-Cookie", "sid=upstream",
                "X-Powered-By", "Express", "Server-Timing", "db;dur=53", "openai-processing-ms", "12",
                "anthropic-organization-id", "org-42", "X-Internal-Host", "10.0.0.7",
                "x-request-id", "req_openai", "request-id", "req_anthropic", "x-ratelimit-remaining-requests", "99",
                "anthropic-ratelimit-tokens-remaining", "5000", "retry-after-ms", "10", "x-should-retry", "false"};
    }

    private static void assertOnlyAllowed(java.net.http.HttpHeaders h) {
        assertThat(h.firstValue("x-request-id")).hasValue("req_openai");
        assertThat(h.firstValue("request-id")).hasValue("req_anthropic");
        assertThat(h.firstValue("x-ratelimit-remaining-requests")).hasValue("99");
        assertThat(h.firstValue("anthropic-ratelimit-tokens-remaining")).hasValue("5000");
        assertThat(h.firstValue("retry-after-ms")).hasValue("10");
        assertThat(h.firstValue("x-should-retry")).hasValue("false");
        for (String name : new String[] {"openai-organization", "access-control-allow-origin", "set-cookie", "x-powered-by",
                "server-timing", "openai-processing-ms", "anthropic-organization-id", "x-internal-host"}) {
            assertThat(h.firstValue(name)).as(name).isEmpty();
        }
    }

    @Test
    void onlyAllowListedUpstreamHeadersReachTheCaller() {
        UP.handler(ex -> ex.respond(200, "application/json", ANSWER, hostileHeaders()));
        HttpResponse<String> res = chat("m");
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("content-type")).hasValue("application/json");
        assertOnlyAllowed(res.headers());

        UP.handler(ex -> {
            ex.head(200, concat(hostileHeaders(), "Content-Type", "text/event-stream", "Transfer-Encoding", "chunked"));
            ex.chunk("data: {\"id\":\"c1\",\"choices\":[]}\n\n".getBytes(StandardCharsets.UTF_8));
            ex.chunk("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            ex.endChunks();
        });
        HttpResponse<String> stream = GW.post("/v1/chat/completions", STREAM.formatted("m"), "Authorization",
                                              "Bearer " + Gateway.TOKEN);
        assertThat(stream.body()).endsWith("data: [DONE]\n\n");
        assertOnlyAllowed(stream.headers());

        UP.handler(ex -> ex.respond(400, "application/json", "{\"error\":{\"message\":\"bad\"}}".getBytes(StandardCharsets.UTF_8),
                                    hostileHeaders()));
        HttpResponse<String> bad = chat("m");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertOnlyAllowed(bad.headers());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"content-length", "chunked"})
    void aLargeAnswerReachesTheCallerWhileTheUpstreamIsStillSendingItWithItsUsage(String framing) throws Exception {
        byte[] body = RawUpstream.largeAnswer(3 * 1024 * 1024);
        int firstPart = 1024 * 1024;
        CountDownLatch callerHasStart = new CountDownLatch(1);
        AtomicBoolean upstreamDone = new AtomicBoolean();
        UP.handler(ex -> {
            boolean chunked = framing.equals("chunked");
            ex.head(200, "Content-Type", "application/json", chunked ? "Transfer-Encoding" : "Content-Length",
                    chunked ? "chunked" : Integer.toString(body.length), "x-request-id", "req_big");
            send(ex, Arrays.copyOfRange(body, 0, firstPart), chunked);
            try {
                // the rest only once the caller holds the start (or after a while, for the old behaviour)
                callerHasStart.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            send(ex, Arrays.copyOfRange(body, firstPart, body.length), chunked);
            if (chunked) {
                ex.endChunks();
            }
            upstreamDone.set(true);
        });
        HttpResponse<InputStream> res = HTTP.send(post("/v1/embeddings", "{\"model\":\"m\",\"input\":\"x\"}"),
                                                  HttpResponse.BodyHandlers.ofInputStream());
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("x-request-id")).hasValue("req_big");
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try (InputStream in = res.body()) {
            got.write(in.readNBytes(firstPart / 2));
            assertThat(upstreamDone).as("the caller had the start before the upstream sent the end").isFalse();
            callerHasStart.countDown();
            in.transferTo(got);
        }
        assertThat(got.toByteArray()).isEqualTo(body);
        RequestLog row = GW.finishedLogs(trace(res), 1).getFirst();
        assertThat(row.status()).isEqualTo("success");
        assertThat(row.promptTokens()).isEqualTo(4242);
        assertThat(row.responseBytes()).isEqualTo(body.length);
    }

    private static void send(RawUpstream.Exchange ex, byte[] b, boolean chunked) throws IOException {
        for (int off = 0; off < b.length; off += 100_000) {
            byte[] piece = Arrays.copyOfRange(b, off, Math.min(b.length, off + 100_000));
            if (chunked) {
                ex.chunk(piece);
            } else {
                ex.write(piece);
            }
        }
        ex.out.flush();
    }

    @Test
    void anAnswerDeclaredLargerThanTheCapIsAClear502AndTheUpstreamIsClosed() throws Exception {
        UP.handler(ex -> {
            ex.head(200, "Content-Type", "application/json", "Content-Length", Integer.toString(5 * 1024 * 1024));
            ex.stallUntilClosed(Duration.ofSeconds(20));
        });
        HttpResponse<String> res = chat("m");
        assertThat(res.statusCode()).isEqualTo(502);
        assertThat(UsageTap.parse(res.body()).path("error").path("message").asText()).contains("larger than 4194304 bytes");
        assertThat(UP.awaitPeerClosed(Duration.ofSeconds(5))).isTrue();
        RequestLog row = GW.finishedLogs(trace(res), 1).getFirst();
        assertThat(row.status()).isEqualTo("error");
        assertThat(row.error()).contains("larger than");
    }

    @Test
    void aChunkedAnswerThatGrowsPastTheCapIsCutOffNotCompleted() throws Exception {
        byte[] piece = new byte[64 * 1024];
        Arrays.fill(piece, (byte) ' ');
        piece[0] = '[';
        UP.handler(ex -> {
            ex.head(200, "Content-Type", "application/json", "Transfer-Encoding", "chunked");
            ex.chunk(piece);
            Arrays.fill(piece, 0, 1, (byte) ' ');
            for (int i = 0; i < 200; i++) { // 12.8 MB, over the 4 MiB cap
                ex.chunk(piece);
            }
            ex.chunk("]".getBytes(StandardCharsets.UTF_8));
            ex.endChunks();
        });
        assertCutOffMidBody(post("/v1/chat/completions", CHAT.formatted("m")), "larger than 4194304 bytes");
    }

    @Test
    void anUpstreamResetMidBodyBeforeTheFirstByteIsAFailedAttempt() {
        UP.handler(ex -> {
            ex.head(200, "Content-Type", "application/json", "Content-Length", "1000");
            ex.write(Arrays.copyOf(ANSWER, 100));
            ex.out.flush();
            ex.reset();
        });
        HttpResponse<String> res = chat("m");
        assertThat(res.statusCode()).isEqualTo(502);
        assertThat(UsageTap.parse(res.body()).path("error").path("message").asText()).contains("Upstream failed");
        RequestLog row = GW.finishedLogs(trace(res), 1).getFirst();
        assertThat(row.status()).isEqualTo("error");
        assertThat(row.error()).contains("reading body failed");
    }

    @Test
    void anUpstreamResetMidBodyAfterTheFirstByteCutsTheAnswerOff() throws Exception {
        byte[] body = RawUpstream.largeAnswer(1024 * 1024);
        UP.handler(ex -> {
            ex.head(200, "Content-Type", "application/json", "Content-Length", Integer.toString(body.length));
            ex.write(Arrays.copyOf(body, body.length / 2));
            ex.out.flush();
            ex.reset();
        });
        assertCutOffMidBody(post("/v1/embeddings", "{\"model\":\"m\",\"input\":\"x\"}"), "upstream body broke");
    }

    @Test
    void malformedSseIsRelayedByteForByteAndTheRowEnds() {
        String garbage = "data: {\"id\":\"c1\",\"choices\":[]}\n\nthis is not sse at all\n\ndata: {broken json\n\n"
                + ": a comment\r\nevent: \u0001\u0002\n\ndata: no blank line at the end";
        UP.handler(ex -> {
            ex.head(200, "Content-Type", "text/event-stream", "Transfer-Encoding", "chunked");
            ex.chunk(garbage.getBytes(StandardCharsets.UTF_8));
            ex.endChunks();
        });
        HttpResponse<String> res = GW.post("/v1/chat/completions", STREAM.formatted("m"), "Authorization",
                                           "Bearer " + Gateway.TOKEN);
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body()).isEqualTo(garbage);
        RequestLog row = GW.finishedLogs(trace(res), 1).getFirst();
        assertThat(row.status()).isEqualTo("success");
        assertThat(row.usageSource()).isNotEqualTo("upstream");
    }

    @Test
    void anSseEventWithoutEndEndsTheStreamWithAnErrorEvent() {
        byte[] endless = new byte[1024 * 1024];
        Arrays.fill(endless, (byte) 'x');
        UP.handler(ex -> {
            ex.head(200, "Content-Type", "text/event-stream", "Transfer-Encoding", "chunked");
            ex.chunk("data: {\"id\":\"c1\",\"choices\":[]}\n\n".getBytes(StandardCharsets.UTF_8));
            ex.chunk("data: ".getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 20; i++) { // one 20 MB line: over the reader's 16 MiB event limit
                ex.chunk(endless);
            }
            ex.endChunks();
        });
        HttpResponse<String> res = GW.post("/v1/chat/completions", STREAM.formatted("m"), "Authorization",
                                           "Bearer " + Gateway.TOKEN);
        assertThat(res.body()).startsWith("data: {\"id\":\"c1\",\"choices\":[]}\n\n").contains("\"error\"");
        RequestLog row = GW.finishedLogs(trace(res), 1).getFirst();
        assertThat(row.status()).isEqualTo("error");
        assertThat(row.error()).contains("SSE event larger than");
    }

    @Test
    void aCallerThatLeavesDuringASlowNonStreamCallCancelsTheUpstreamCall() throws Exception {
        UP.handler(ex -> ex.stallUntilClosed(Duration.ofSeconds(30)));
        byte[] body = CHAT.formatted("slow").getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", GW.app().port())) {
            socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                    + Gateway.TOKEN + "\r\nUser-Agent: leaving-caller\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            awaitUpstreamRequest();
        }
        // the model's timeout is 60 s: only the caller leaving can close the upstream connection this soon
        assertThat(UP.awaitPeerClosed(Duration.ofSeconds(10))).as("upstream connection closed").isTrue();
        RequestLog row = GW.awaitRow(r -> "leaving-caller".equals(r.userAgent()));
        assertThat(row.status()).isEqualTo("error");
        assertThat(row.error()).isEqualTo("client disconnected");
    }

    @Test
    void aCallerThatWaitsForASlowAnswerGetsItWholeAndCallsAgain() {
        UP.handler(ex -> {
            try {
                Thread.sleep(2500); // a slow upstream: long enough (over 1 s) for the gateway to watch the caller
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.respond(200, "application/json", ANSWER);
        });
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> res = chat("slow");
            assertThat(res.statusCode()).isEqualTo(200);
            assertThat(res.body()).isEqualTo(new String(ANSWER, StandardCharsets.UTF_8));
            // the gateway read the caller's connection while it waited, so this connection ends with the answer
            assertThat(res.headers().firstValue("connection")).hasValue("close");
            RequestLog row = GW.finishedLogs(trace(res), 1).getFirst();
            assertThat(row.status()).isEqualTo("success");
            assertThat(row.promptTokens()).isEqualTo(3);
        }
    }

    @Test
    void aCallerThatStopsReadingAFastEndlessStreamIsTimedOutAndTheUpstreamClosed() throws Exception {
        byte[] event = ("data: {\"id\":\"c1\",\"choices\":[{\"delta\":{\"content\":\"" + "y".repeat(8000) + "\"}}]}\n\n")
                .getBytes(StandardCharsets.UTF_8);
        UP.handler(ex -> {
            ex.head(200, "Content-Type", "text/event-stream", "Transfer-Encoding", "chunked");
            while (true) {
                ex.chunk(event); // until the gateway closes the connection
            }
        });
        byte[] body = STREAM.formatted("slow").getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(16 * 1024);
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", GW.app().port()));
            socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                    + Gateway.TOKEN + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                                                   .getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            byte[] start = socket.getInputStream().readNBytes(100);
            assertThat(new String(start, StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 200");
            // and from here on the caller reads nothing, keeping its connection open
            assertThat(UP.awaitPeerClosed(Duration.ofSeconds(20))).as("upstream connection closed").isTrue();
            RequestLog row = GW.awaitRow(r -> r.model().equals("slow") && r.stream());
            assertThat(row.status()).isEqualTo("error");
            assertThat(row.error()).startsWith("client disconnected").contains("not reading");
        }
    }

    private static void awaitUpstreamRequest() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (UP.requests() == 0) {
            assertThat(System.nanoTime()).as("the upstream got the request").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    /** The answer starts (200) but breaks off: the caller's read fails and the row ends in {@code error}. */
    private static void assertCutOffMidBody(HttpRequest request, String error) throws Exception {
        HttpResponse<InputStream> res = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(res.statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> {
            try (InputStream in = res.body()) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
        }).isInstanceOf(IOException.class);
        RequestLog row = GW.finishedLogs(trace(res), 1).getFirst();
        assertThat(row.status()).isEqualTo("error");
        assertThat(row.error()).contains(error);
    }

    private static HttpResponse<String> chat(String model) {
        return GW.post("/v1/chat/completions", CHAT.formatted(model), "Authorization", "Bearer " + Gateway.TOKEN);
    }

    private static HttpRequest post(String path, String body) {
        return HttpRequest.newBuilder(URI.create(GW.url(path))).header("Authorization", "Bearer " + Gateway.TOKEN)
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static String trace(HttpResponse<?> res) {
        return res.headers().firstValue("x-llmio-trace-id").orElseThrow();
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
