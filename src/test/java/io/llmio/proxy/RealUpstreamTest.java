package io.llmio.proxy;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

import io.llmio.proxy.protocol.UsageTap;
import io.llmio.requestlog.RequestLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway against upstreams that behave like real servers and networks do, end to end over
 * loopback: compressed answers although {@code identity} was asked for (gzip, deflate, SSE over
 * gzip, brotli passed through), each failure before the response headers labelled as what
 * happened, the per-upstream connection cap answering 503 in the caller's envelope, proxies from
 * the environment and a proxy that answers 407.
 */
@Timeout(60)
class RealUpstreamTest {
    private static final RawUpstream UP = new RawUpstream();
    private static final int DEAD_PORT = closedPort();
    private static final Gateway GW = Gateway.start("""
            providers:
              - {name: raw, type: openai, base-url: "%1$s", api-key: up-key}
              - {name: dead, type: openai, base-url: "http://127.0.0.1:%2$d/v1", api-key: k}
              - {name: not-tls, type: openai, base-url: "https://127.0.0.1:%3$d/v1", api-key: k}
            models:
              - {name: m, timeout-seconds: 10, breaker: false, max-retry: 1, providers: [{provider: raw, model: up-m}]}
              - {name: quick, timeout-seconds: 1, breaker: false, max-retry: 1, providers: [{provider: raw, model: up-quick}]}
              - {name: refused, breaker: false, max-retry: 1, providers: [{provider: dead, model: up-dead}]}
              - {name: tls, breaker: false, max-retry: 1, providers: [{provider: not-tls, model: up-tls}]}
            """.formatted(UP.baseUrl(), DEAD_PORT, UP.port()));
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

    // ---------------------------------------------------------------- compression

    @Test
    void aGzipAnswerIsDecodedForTheCallerAndItsUsageIsLogged() throws Exception {
        byte[] gz = gzip(ANSWER);
        UP.handler(ex -> ex.respond(200, "application/json", gz, "Content-Encoding", "gzip"));
        HttpResponse<String> res = chat("m");
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body()).isEqualTo(new String(ANSWER, StandardCharsets.UTF_8));
        assertThat(res.headers().firstValue("content-encoding")).isEmpty();
        assertUsageLogged(res);
    }

    @Test
    void deflateAnswersAreDecodedInTheZlibAndTheRawForm() throws Exception {
        for (boolean raw : new boolean[] {false, true}) {
            byte[] deflated = deflate(ANSWER, raw);
            UP.handler(ex -> {
                ex.head(200, "Content-Type", "application/json", "Content-Encoding", "deflate", "Transfer-Encoding", "chunked");
                ex.chunk(java.util.Arrays.copyOf(deflated, 5));
                ex.chunk(java.util.Arrays.copyOfRange(deflated, 5, deflated.length));
                ex.endChunks();
            });
            HttpResponse<String> res = chat("m");
            assertThat(res.statusCode()).as("raw deflate: " + raw).isEqualTo(200);
            assertThat(res.body()).isEqualTo(new String(ANSWER, StandardCharsets.UTF_8));
            assertUsageLogged(res);
        }
    }

    @Test
    void sseOverGzipIsDecodedAndRelayedEventByEvent() throws Exception {
        String first = "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"}}]}\n\n";
        String rest = "data: {\"id\":\"c1\",\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1,\"total_tokens\":4}}\n\n"
                + "data: [DONE]\n\n";
        CountDownLatch firstSeen = new CountDownLatch(1);
        UP.handler(ex -> {
            ex.head(200, "Content-Type", "text/event-stream", "Content-Encoding", "gzip", "Transfer-Encoding", "chunked");
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            GZIPOutputStream gz = new GZIPOutputStream(buf, true);
            gz.write(first.getBytes(StandardCharsets.UTF_8));
            gz.flush(); // SYNC_FLUSH: the event can be decoded now
            ex.chunk(buf.toByteArray());
            buf.reset();
            try {
                // the rest only once the caller has the first event: the relay does not wait for the end
                if (!firstSeen.await(10, TimeUnit.SECONDS)) {
                    throw new IOException("the caller never saw the first event");
                }
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            gz.write(rest.getBytes(StandardCharsets.UTF_8));
            gz.finish();
            ex.chunk(buf.toByteArray());
            ex.endChunks();
        });
        HttpResponse<InputStream> res = HTTP.send(post("/v1/chat/completions", STREAM.formatted("m")),
                                                  HttpResponse.BodyHandlers.ofInputStream());
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("content-encoding")).isEmpty();
        StringBuilder got = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
            got.append(r.readLine()).append('\n').append(r.readLine()).append('\n');
            assertThat(got.toString()).isEqualTo(first);
            firstSeen.countDown();
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                got.append(line).append('\n');
            }
        }
        assertThat(got.toString()).isEqualTo(first + rest);
        RequestLog row = GW.finishedLogs(trace(res), 1).getFirst();
        assertThat(row.status()).isEqualTo("success");
        assertThat(row.promptTokens()).isEqualTo(3);
        assertThat(row.completionTokens()).isEqualTo(1);
    }

    @Test
    void brotliIsPassedThroughWithItsHeaderIntact() throws Exception {
        // no brotli decoder on the classpath: the bytes and their Content-Encoding reach the caller unchanged
        byte[] br = {(byte) 0x8b, 0x05, (byte) 0x80, 0x7b, 0x22, 0x61, 0x22, 0x3a, 0x31, 0x7d, 0x03};
        UP.handler(ex -> ex.respond(200, "application/json", br, "Content-Encoding", "br"));
        // a caller that accepts compression itself: the gateway must not encode the body a second time
        HttpRequest request = HttpRequest.newBuilder(URI.create(GW.url("/v1/chat/completions")))
                .header("Authorization", "Bearer " + Gateway.TOKEN).header("Accept-Encoding", "gzip, deflate, br")
                .POST(HttpRequest.BodyPublishers.ofString(CHAT.formatted("m"))).build();
        HttpResponse<byte[]> res = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("content-encoding")).hasValue("br");
        assertThat(res.body()).isEqualTo(br);
    }

    @Test
    void aCompressedErrorBodyIsDecodedBeforeItIsQuoted() throws Exception {
        byte[] gz = gzip("{\"error\":{\"message\":\"max_tokens is too large\"}}".getBytes(StandardCharsets.UTF_8));
        UP.handler(ex -> ex.respond(400, "application/json", gz, "Content-Encoding", "gzip"));
        HttpResponse<String> res = chat("m");
        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(res.body()).contains("max_tokens is too large");
        assertThat(GW.finishedLogs(trace(res), 1).getFirst().error()).contains("max_tokens is too large");
    }

    // ---------------------------------------------------------------- failure labels

    @Test
    void aRefusedConnectionIsLabelledConnectRefused() {
        HttpResponse<String> res = chat("refused");
        assertThat(res.statusCode()).isEqualTo(502);
        assertFailure(res, "connect refused");
    }

    @Test
    void aReadTimeoutAfterConnectingIsLabelledReadTimeoutNotConnect() {
        UP.handler(ex -> ex.stallUntilClosed(Duration.ofSeconds(20)));
        HttpResponse<String> res = chat("quick");
        assertThat(res.statusCode()).isEqualTo(504);
        assertFailure(res, "read timeout: no response headers within 1 s");
    }

    @Test
    void aResetBeforeTheHeadersIsLabelledReset() {
        UP.handler(RawUpstream.Exchange::reset);
        HttpResponse<String> res = chat("m");
        assertThat(res.statusCode()).isEqualTo(502);
        assertFailure(res, "connection reset before response headers");
    }

    @Test
    void aCloseBeforeTheHeadersIsLabelledEof() {
        UP.handler(ex -> {
            ex.socket.shutdownOutput();
            ex.closed = true;
        });
        HttpResponse<String> res = chat("m");
        assertThat(res.statusCode()).isEqualTo(502);
        assertFailure(res, "connection closed before response headers");
    }

    @Test
    void aServerThatDoesNotSpeakTlsIsLabelledTlsHandshake() {
        UP.handler(ex -> {
            ex.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.UTF_8));
            ex.out.flush();
            ex.closed = true;
        });
        HttpResponse<String> res = chat("tls");
        assertThat(res.statusCode()).isEqualTo(502);
        assertFailure(res, "TLS handshake failed");
    }

    private static void assertFailure(HttpResponse<String> res, String label) {
        RequestLog row = GW.finishedLogs(trace(res), 1).getFirst();
        assertThat(row.status()).isEqualTo("error");
        assertThat(row.error()).startsWith(label);
        assertThat(UsageTap.parse(res.body()).path("error").path("message").asText()).contains(label);
    }

    // ---------------------------------------------------------------- connection cap

    @Test
    void overTheConnectionCapAndItsQueueTheCallerGetsA503InItsEnvelope() throws Exception {
        RawUpstream up = new RawUpstream();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        up.handler(ex -> {
            inside.countDown();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            ex.respond(200, "application/json", ANSWER);
        });
        // two providers of different protocols on one upstream host share its cap
        String yaml = """
                providers:
                  - {name: o, type: openai, base-url: "%1$s", api-key: k}
                  - {name: a, type: anthropic, base-url: "%1$s", api-key: k}
                models:
                  - {name: m, timeout-seconds: 30, breaker: false, max-retry: 1, providers: [{provider: o, model: up}]}
                  - {name: claude, timeout-seconds: 30, breaker: false, max-retry: 1, providers: [{provider: a, model: up}]}
                """.formatted(up.baseUrl());
        try (up; Gateway gw = Gateway.start(yaml, Map.of("LLMIO_UPSTREAM_MAX_CONNECTIONS", "1", "LLMIO_UPSTREAM_QUEUE", "0"))) {
            CompletableFuture<HttpResponse<String>> first = HTTP.sendAsync(post(gw, "/v1/chat/completions", CHAT.formatted("m")),
                                                                           HttpResponse.BodyHandlers.ofString());
            assertThat(inside.await(10, TimeUnit.SECONDS)).as("first call reached the upstream").isTrue();
            HttpResponse<String> second = gw.post("/anthropic/v1/messages",
                    "{\"model\":\"claude\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                    "x-api-key", Gateway.TOKEN);
            assertThat(second.statusCode()).isEqualTo(503);
            // Anthropic's envelope, since the caller spoke Anthropic
            assertThat(UsageTap.parse(second.body()).path("type").asText()).isEqualTo("error");
            assertThat(UsageTap.parse(second.body()).path("error").path("message").asText())
                    .contains("overloaded").contains("LLMIO_UPSTREAM_MAX_CONNECTIONS");
            assertThat(up.requests()).isEqualTo(1);
            release.countDown();
            assertThat(first.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
    }

    // ---------------------------------------------------------------- proxies

    @Test
    void theEnvironmentsProxyIsTheDefaultAndAProvidersOwnProxyOverridesIt() throws Exception {
        RawUpstream envProxy = new RawUpstream();
        RawUpstream ownProxy = new RawUpstream();
        envProxy.handler(ex -> ex.respond(200, "application/json", ANSWER, "X-Request-Id", ex.requestLine));
        ownProxy.handler(ex -> ex.respond(200, "application/json", ANSWER, "X-Request-Id", "own " + ex.requestLine));
        String yaml = """
                providers:
                  - name: far
                    type: openai
                    base-url: http://upstream.invalid/v1
                    api-key: k
                  - name: own
                    type: openai
                    base-url: http://other.invalid/v1
                    api-key: k
                    proxy: http://127.0.0.1:%d
                  - name: skipped
                    type: openai
                    base-url: http://direct.invalid/v1
                    api-key: k
                models:
                  - {name: far, breaker: false, max-retry: 1, providers: [{provider: far, model: up}]}
                  - {name: own, breaker: false, max-retry: 1, providers: [{provider: own, model: up}]}
                  - {name: skipped, breaker: false, max-retry: 1, providers: [{provider: skipped, model: up}]}
                """.formatted(ownProxy.port());
        try (envProxy; ownProxy; Gateway gw = Gateway.start(yaml, Map.of(
                "http_proxy", "http://127.0.0.1:" + envProxy.port(), "NO_PROXY", "example.org,.direct.invalid"))) {
            HttpResponse<String> far = gw.post("/v1/chat/completions", CHAT.formatted("far"), "Authorization",
                                               "Bearer " + Gateway.TOKEN);
            assertThat(far.statusCode()).isEqualTo(200);
            assertThat(far.headers().firstValue("x-request-id")).hasValue("POST http://upstream.invalid/v1/chat/completions HTTP/1.1");
            HttpResponse<String> own = gw.post("/v1/chat/completions", CHAT.formatted("own"), "Authorization",
                                               "Bearer " + Gateway.TOKEN);
            assertThat(own.headers().firstValue("x-request-id")).hasValue("own POST http://other.invalid/v1/chat/completions HTTP/1.1");
            // NO_PROXY: direct, so the made-up name does not resolve
            HttpResponse<String> skipped = gw.post("/v1/chat/completions", CHAT.formatted("skipped"), "Authorization",
                                                   "Bearer " + Gateway.TOKEN);
            assertThat(skipped.statusCode()).isEqualTo(502);
            assertThat(UsageTap.parse(skipped.body()).path("error").path("message").asText()).contains("cannot resolve host");
            assertThat(envProxy.requests()).isEqualTo(1);
            assertThat(ownProxy.requests()).isEqualTo(1);
        }
    }

    @Test
    void aProxyThatRefusesTheCredentialsIsNamedWithoutThem() throws Exception {
        RawUpstream proxy = new RawUpstream();
        proxy.handler(ex -> ex.respond(407, "text/html", "<html>denied</html>".getBytes(StandardCharsets.UTF_8),
                                       "Proxy-Authenticate", "Basic realm=\"corp\""));
        String yaml = """
                providers:
                  - name: far
                    type: openai
                    base-url: http://upstream.invalid/v1
                    api-key: k
                    proxy: http://alice:s3cr3t-pw@127.0.0.1:%d
                models:
                  - {name: far, breaker: false, max-retry: 1, providers: [{provider: far, model: up}]}
                """.formatted(proxy.port());
        try (proxy; Gateway gw = Gateway.start(yaml)) {
            HttpResponse<String> res = gw.post("/v1/chat/completions", CHAT.formatted("far"), "Authorization",
                                               "Bearer " + Gateway.TOKEN);
            assertThat(res.statusCode()).isEqualTo(502);
            String message = UsageTap.parse(res.body()).path("error").path("message").asText();
            assertThat(message).contains("proxy authentication failed (407)").doesNotContain("s3cr3t").doesNotContain("alice");
            RequestLog row = gw.finishedLogs(res.headers().firstValue("x-llmio-trace-id").orElseThrow(), 1).getFirst();
            assertThat(row.error()).startsWith("proxy authentication failed (407)").doesNotContain("s3cr3t")
                    .doesNotContain("YWxpY2U6czNjcjN0LXB3"); // base64 of alice:s3cr3t-pw
        }
    }

    // ---------------------------------------------------------------- helpers

    private static void assertUsageLogged(HttpResponse<?> res) {
        RequestLog row = GW.finishedLogs(trace(res), 1).getFirst();
        assertThat(row.status()).isEqualTo("success");
        assertThat(row.promptTokens()).isEqualTo(3);
        assertThat(row.totalTokens()).isEqualTo(4);
    }

    static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(b);
        }
        return out.toByteArray();
    }

    static byte[] deflate(byte[] b, boolean raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, raw);
        try (OutputStream z = new DeflaterOutputStream(out, d)) {
            z.write(b);
        } finally {
            d.end();
        }
        return out.toByteArray();
    }

    private static HttpResponse<String> chat(String model) {
        return GW.post("/v1/chat/completions", CHAT.formatted(model), "Authorization", "Bearer " + Gateway.TOKEN);
    }

    private static HttpRequest post(String path, String body) {
        return post(GW, path, body);
    }

    private static HttpRequest post(Gateway gw, String path, String body) {
        return HttpRequest.newBuilder(URI.create(gw.url(path))).header("Authorization", "Bearer " + Gateway.TOKEN)
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static String trace(HttpResponse<?> res) {
        return res.headers().firstValue("x-llmio-trace-id").orElseThrow();
    }

    private static int closedPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
