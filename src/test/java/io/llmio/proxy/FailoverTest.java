package io.llmio.proxy;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmio.mock.Fault;
import io.llmio.mock.MockProtocol;
import io.llmio.mock.MockUpstream;
import io.llmio.requestlog.RequestLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import io.llmio.proxy.protocol.UsageTap;

/** Failover before the first byte, clean ends after it, weights, capabilities, breaker and limits. */
class FailoverTest {
    private static final MockUpstream A = MockUpstream.start("key-a");
    private static final MockUpstream B = MockUpstream.start("key-b");
    private static final Gateway GW = Gateway.start("""
            providers:
              - name: a
                type: openai
                base-url: %1$s
                api-key: key-a
                error-matcher: ["quota exceeded"]
              - name: b
                type: openai
                base-url: %2$s
                api-key: key-b
              - name: a-claude
                type: anthropic
                base-url: %1$s
                api-key: key-a
              - name: limited
                type: openai
                base-url: %2$s
                api-key: key-b
                rpm-limit: 2
              - name: limited2
                type: openai
                base-url: %2$s
                api-key: key-b
                rpm-limit: 2
              - name: dead
                type: openai
                base-url: %3$s
                api-key: key-d
            models:
              - name: refused
                strategy: rotor
                breaker: false
                providers:
                  - {provider: dead, model: up-d, weight: 10}
                  - {provider: b, model: up-b, weight: 5}
              - name: spill
                strategy: rotor
                providers:
                  - {provider: limited2, model: up-l2, weight: 10}
                  - {provider: b, model: up-b, weight: 1}
              - name: fo
                strategy: rotor
                timeout-seconds: 1
                breaker: false
                providers:
                  - {provider: a, model: up-a, weight: 10}
                  - {provider: b, model: up-b, weight: 5}
              - name: brk
                strategy: rotor
                breaker: true
                providers:
                  - {provider: a, model: up-a, weight: 10}
                  - {provider: b, model: up-b, weight: 5}
              - name: lottery
                providers:
                  - {provider: a, model: up-a, weight: 1}
                  - {provider: b, model: up-b, weight: 3}
              - name: cap
                providers:
                  - {provider: a, model: up-a, tool-call: false, image: true, structured-output: false}
                  - {provider: b, model: up-b, tool-call: true, image: false, structured-output: true}
              - name: claude
                providers:
                  - {provider: a-claude, model: claude-up}
              - name: rpm
                providers:
                  - {provider: limited, model: up-l}
            """.formatted(A.baseUrl(MockProtocol.OPENAI), B.baseUrl(MockProtocol.OPENAI),
                          "http://127.0.0.1:" + closedPort() + "/v1"));

    private static final String CHAT = "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String STREAM = "{\"model\":\"%s\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @AfterAll
    static void stop() {
        GW.close();
        A.close();
        B.close();
    }

    @BeforeEach
    void reset() {
        A.reset();
        B.reset();
    }

    private static HttpResponse<String> chat(String model) {
        return GW.post("/v1/chat/completions", CHAT.formatted(model), "Authorization", "Bearer " + Gateway.TOKEN);
    }

    private static String trace(HttpResponse<?> res) {
        return res.headers().firstValue("x-llmio-trace-id").orElseThrow();
    }

    static Stream<Arguments> failuresBeforeTheFirstByte() {
        return Stream.of(
                Arguments.of("500", Fault.status(500), "upstream 500"),
                Arguments.of("429 with Retry-After", Fault.rateLimited(30), "upstream 429"),
                Arguments.of("HTML error page", Fault.html(502), "upstream 502"),
                Arguments.of("timeout to headers", Fault.delayHeaders(Duration.ofSeconds(3)), "read timeout: no response headers within 1 s"),
                // connected, then no answer: not a connect failure
                Arguments.of("reset connection", Fault.reset(), "connection reset before response headers"),
                Arguments.of("closed before headers", Fault.closeBeforeHeaders(), "connection closed before response headers"),
                Arguments.of("200 matching error_matcher", Fault.okBodyContaining("quota exceeded"), "error_matcher"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failuresBeforeTheFirstByte")
    void failsOverWithoutTheClientNoticing(String name, Fault fault, String logged) {
        A.script().next(fault);
        HttpResponse<String> res = chat("fo");
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(UsageTap.parse(res.body()).path("choices").get(0).path("message").path("content").asText())
                .isEqualTo("Hello! How can I help you today?");
        assertThat(A.requestCount()).isEqualTo(1);
        assertThat(B.requestCount()).isEqualTo(1);
        assertThat(UsageTap.parse(B.lastRequest().body()).get("model").asText()).isEqualTo("up-b");
        List<RequestLog> rows = GW.finishedLogs(trace(res), 2);
        assertThat(rows.get(0).attempt()).isZero();
        assertThat(rows.get(0).status()).isEqualTo("error");
        assertThat(rows.get(0).providerName()).isEqualTo("a");
        assertThat(rows.get(0).error()).contains(logged);
        assertThat(rows.get(1).attempt()).isEqualTo(1);
        assertThat(rows.get(1).status()).isEqualTo("success");
        assertThat(rows.get(1).providerName()).isEqualTo("b");
    }

    @Test
    void refusedConnectionIsLabelledConnectRefused() {
        HttpResponse<String> res = chat("refused");
        assertThat(res.statusCode()).isEqualTo(200);
        List<RequestLog> rows = GW.finishedLogs(trace(res), 2);
        assertThat(rows.get(0).providerName()).isEqualTo("dead");
        assertThat(rows.get(0).error()).startsWith("connect refused");
        assertThat(rows.get(1).providerName()).isEqualTo("b");
        assertThat(rows.get(1).status()).isEqualTo("success");
    }

    /** A loopback port nothing listens on (taken from the OS, then released). */
    private static int closedPort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void streamsFailOverToo() {
        A.script().next(Fault.status(503));
        HttpResponse<String> res = GW.post("/v1/chat/completions", STREAM.formatted("fo"), "Authorization",
                                           "Bearer " + Gateway.TOKEN);
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body()).endsWith("data: [DONE]\n\n");
        assertThat(B.requestCount()).isEqualTo(1);
    }

    @Test
    void afterTheFirstByteABreakEndsTheStreamWithAnErrorEvent() {
        A.script().next(Fault.dropAfter(3));
        HttpResponse<String> res = GW.post("/v1/chat/completions", STREAM.formatted("fo"), "Authorization",
                                           "Bearer " + Gateway.TOKEN);
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(B.requestCount()).isZero();
        String[] events = res.body().split("\n\n");
        JsonNode last = UsageTap.parse(events[events.length - 1].substring("data: ".length()));
        assertThat(last.get("error").get("message").asText()).contains("stream broken").contains("trace_id");
        assertThat(res.body()).doesNotContain("[DONE]");
        RequestLog row = GW.finishedLogs(trace(res), 1).getFirst();
        assertThat(row.status()).isEqualTo("error");
        assertThat(row.error()).startsWith("stream broken");
        assertThat(row.firstTokenMs()).isNotNull();
    }

    @Test
    void anthropicBreakEndsWithAnErrorEvent() {
        A.script().next(Fault.dropAfter(2));
        HttpResponse<String> res = GW.post("/anthropic/v1/messages",
                "{\"model\":\"claude\",\"max_tokens\":5,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                "x-api-key", Gateway.TOKEN);
        assertThat(res.body()).startsWith("event: message_start");
        assertThat(res.body()).contains("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\"");
        assertThat(GW.finishedLogs(trace(res), 1).getFirst().error()).startsWith("stream broken");
    }

    @Test
    void clientErrorsGoStraightBackWithoutFailover() {
        A.script().next(Fault.status(400).withMessage("max_tokens is too large"));
        HttpResponse<String> res = chat("fo");
        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(UsageTap.parse(res.body()).get("error").get("message").asText()).isEqualTo("max_tokens is too large");
        assertThat(B.requestCount()).isZero();
        assertThat(GW.finishedLogs(trace(res), 1).getFirst().httpStatus()).isEqualTo(400);
    }

    @Test
    void aNonJsonClientErrorFromUpstreamIsWrappedInTheCallersEnvelope() {
        A.script().next(Fault.html(404));
        HttpResponse<String> res = chat("fo");
        assertThat(res.statusCode()).isEqualTo(404);
        assertThat(res.headers().firstValue("content-type").orElse("")).startsWith("application/json");
        JsonNode err = UsageTap.parse(res.body()).get("error");
        assertThat(err.get("message").asText()).startsWith("Upstream answered 404").contains("trace_id");
        assertThat(B.requestCount()).isZero();
    }

    @Test
    void exhaustedAttemptsAnswer502InTheCallersProtocol() {
        A.script().next(Fault.status(500));
        B.script().next(Fault.status(502));
        HttpResponse<String> res = chat("fo");
        assertThat(res.statusCode()).isEqualTo(502);
        JsonNode err = UsageTap.parse(res.body()).get("error");
        assertThat(err.get("type").asText()).isEqualTo("server_error");
        assertThat(err.get("message").asText()).contains("2 attempt(s)").contains("trace_id");
        assertThat(GW.finishedLogs(trace(res), 2)).allSatisfy(r -> assertThat(r.status()).isEqualTo("error"));

        A.script().next(Fault.delayHeaders(Duration.ofSeconds(3)));
        B.script().next(Fault.delayHeaders(Duration.ofSeconds(3)));
        assertThat(chat("fo").statusCode()).isEqualTo(504);
    }

    @Test
    void lotteryFollowsWeights() {
        int n = 400;
        for (int i = 0; i < n; i++) {
            assertThat(chat("lottery").statusCode()).isEqualTo(200);
        }
        // binomial(400, 1/4): mean 100, sd 8.7; ±5 sd cannot flake in practice
        assertThat(A.requestCount()).isBetween(57, 143);
        assertThat(A.requestCount() + B.requestCount()).isEqualTo(n);
    }

    @Test
    void rotorSendsEverythingToTheHighestWeightWhileItIsHealthy() {
        for (int i = 0; i < 30; i++) {
            chat("fo");
        }
        assertThat(A.requestCount()).isEqualTo(30);
        assertThat(B.requestCount()).isZero();
    }

    @Test
    void capabilityFlagsHold() {
        String tools = "{\"model\":\"cap\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":{}}}]}";
        String image = "{\"model\":\"cap\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\","
                + "\"image_url\":{\"url\":\"data:image/png;base64,AAAA\"}}]}]}";
        String schema = "{\"model\":\"cap\",\"messages\":[],\"response_format\":{\"type\":\"json_schema\","
                + "\"json_schema\":{\"name\":\"x\",\"schema\":{}}}}";
        for (int i = 0; i < 10; i++) {
            assertThat(GW.post("/v1/chat/completions", tools, "Authorization", "Bearer " + Gateway.TOKEN).statusCode())
                    .isEqualTo(200);
            assertThat(GW.post("/v1/chat/completions", schema, "Authorization", "Bearer " + Gateway.TOKEN).statusCode())
                    .isEqualTo(200);
        }
        assertThat(A.requestCount()).isZero();
        for (int i = 0; i < 10; i++) {
            assertThat(GW.post("/v1/chat/completions", image, "Authorization", "Bearer " + Gateway.TOKEN).statusCode())
                    .isEqualTo(200);
        }
        assertThat(B.requestCount()).isEqualTo(20);
        String both = tools.replace("\"content\":\"x\"", "\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"u\"}}]");
        HttpResponse<String> res = GW.post("/v1/chat/completions", both, "Authorization", "Bearer " + Gateway.TOKEN);
        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(res.body()).contains("tool calls").contains("image input");
    }

    @Test
    void breakerOpensAfterFiveFailuresAndStopsSendingToTheBrokenProvider() {
        A.script().otherwise(Fault.status(500));
        for (int i = 0; i < 8; i++) {
            assertThat(chat("brk").statusCode()).isEqualTo(200);
        }
        assertThat(A.requestCount()).isEqualTo(5);
        assertThat(B.requestCount()).isEqualTo(8);
        assertThat(GW.app().breakers().state(GW.app().registry().current().model("brk").orElseThrow().routes().stream()
                .filter(r -> r.provider().name().equals("a")).findFirst().orElseThrow().id()))
                .isEqualTo(io.llmio.routing.Breakers.State.OPEN);
    }

    @Test
    void whenEveryCandidateIsRateLimitedTheAnswerIs429AtOnce() {
        assertThat(chat("rpm").statusCode()).isEqualTo(200);
        assertThat(chat("rpm").statusCode()).isEqualTo(200);
        long start = System.nanoTime();
        HttpResponse<String> res = chat("rpm");
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(res.statusCode()).isEqualTo(429);
        assertThat(ms).isLessThan(1000);
        long retryAfter = Long.parseLong(res.headers().firstValue("retry-after").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 60L);
        assertThat(UsageTap.parse(res.body()).get("error").get("type").asText()).isEqualTo("rate_limit_error");
        assertThat(B.requestCount()).isEqualTo(2);
    }

    @Test
    void aProviderAtItsRpmLimitIsSkippedForTheNextOne() {
        List<String> served = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            assertThat(chat("spill").statusCode()).isEqualTo(200);
            served.add(UsageTap.parse(B.lastRequest().body()).get("model").asText());
        }
        // rotor prefers limited2 until its 2 requests per minute are used up, then spills over
        assertThat(served).containsExactly("up-l2", "up-l2", "up-b", "up-b");
        assertThat(A.requestCount()).isZero();
    }

    @Test
    void clientDisconnectIsLogged() throws Exception {
        A.script().next(Fault.eventDelay(Duration.ofMillis(200)));
        HttpRequest req = HttpRequest.newBuilder(URI.create(GW.url("/v1/chat/completions")))
                .header("Authorization", "Bearer " + Gateway.TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(STREAM.formatted("fo"))).build();
        HttpResponse<InputStream> res = java.net.http.HttpClient.newHttpClient()
                .send(req, HttpResponse.BodyHandlers.ofInputStream());
        String trace = trace(res);
        try (InputStream in = res.body()) {
            byte[] first = in.readNBytes(10);
            assertThat(new String(first, StandardCharsets.UTF_8)).startsWith("data: ");
        }
        RequestLog row = GW.awaitLogs(trace, rows -> rows.size() == 1 && !rows.getFirst().status().equals("running"))
                .getFirst();
        assertThat(row.status()).isEqualTo("error");
        assertThat(row.error()).isEqualTo("client disconnected");
    }

    @Test
    void eventsAreFlushedOneByOneAsTheyArrive() throws Exception {
        A.script().next(Fault.eventDelay(Duration.ofMillis(100)));
        byte[] body = STREAM.formatted("fo").getBytes(StandardCharsets.UTF_8);
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", GW.app().port())) {
            socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                    + Gateway.TOKEN + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().write(body);
            var in = new java.io.DataInputStream(new java.io.BufferedInputStream(socket.getInputStream()));
            String head = readHead(in);
            assertThat(head).startsWith("HTTP/1.1 200").containsIgnoringCase("transfer-encoding: chunked");
            List<String> chunks = new java.util.ArrayList<>();
            List<Long> arrivals = new java.util.ArrayList<>();
            while (true) {
                int size = Integer.parseInt(readLine(in).trim(), 16);
                if (size == 0) {
                    break;
                }
                byte[] chunk = in.readNBytes(size);
                arrivals.add(System.nanoTime());
                readLine(in);
                chunks.add(new String(chunk, StandardCharsets.UTF_8));
            }
            // one HTTP chunk per SSE event: every event was flushed on its own, none coalesced
            assertThat(chunks).hasSizeGreaterThan(5)
                    .allSatisfy(c -> assertThat(c.indexOf("\n\n")).isEqualTo(c.length() - 2));
            assertThat(chunks.getLast()).isEqualTo("data: [DONE]\n\n");
            // and the first one reached us long before the upstream sent the last
            long spreadMs = (arrivals.getLast() - arrivals.getFirst()) / 1_000_000;
            // (100 ms apart upstream; half of that allows for scheduling jitter on a loaded machine)
            assertThat(spreadMs).isGreaterThanOrEqualTo(50L * (chunks.size() - 1));
        }
    }

    private static String readHead(java.io.DataInputStream in) throws java.io.IOException {
        StringBuilder sb = new StringBuilder();
        for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
            sb.append(line).append('\n');
        }
        return sb.toString();
    }

    private static String readLine(java.io.DataInputStream in) throws java.io.IOException {
        StringBuilder sb = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new java.io.EOFException();
            }
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }
}
