package io.llmio.mock;

import static io.llmio.mock.MockHttp.anthropic;
import static io.llmio.mock.MockHttp.gemini;
import static io.llmio.mock.MockHttp.json;
import static io.llmio.mock.MockHttp.openai;
import static io.llmio.mock.MockHttp.post;
import static io.llmio.mock.MockHttp.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MockUpstreamFaultTest {

    private static final MockUpstream MOCK = MockUpstream.start("k-fault");

    @AfterAll
    static void stop() {
        MOCK.close();
    }

    @BeforeEach
    void clean() {
        MOCK.reset();
    }

    private static HttpResponse<byte[]> chat(String body) {
        return send(post(MOCK.baseUrl(MockProtocol.OPENAI) + "/chat/completions", body, openai(MOCK)));
    }

    private static HttpResponse<byte[]> claude(String body) {
        return send(post(MOCK.baseUrl(MockProtocol.ANTHROPIC) + "/messages", body, anthropic(MOCK)));
    }

    private static HttpResponse<byte[]> gem(String method, String body) {
        return send(post(MOCK.baseUrl(MockProtocol.GEMINI) + "/models/g:" + method, body, gemini(MOCK)));
    }

    @Test
    void scriptIsFifoThenDefault() {
        MOCK.script().next(Fault.status(503)).next(Fault.rateLimited(7)).otherwise(Fault.status(502));
        HttpResponse<byte[]> first = chat("{}");
        assertThat(first.statusCode()).isEqualTo(503);
        assertThat(json(first.body()).path("error").path("type").asText()).isEqualTo("server_error");
        HttpResponse<byte[]> second = chat("{}");
        assertThat(second.statusCode()).isEqualTo(429);
        assertThat(second.headers().firstValue("retry-after")).hasValue("7");
        assertThat(json(second.body()).path("error").path("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(chat("{}").statusCode()).isEqualTo(502);
        assertThat(chat("{}").statusCode()).isEqualTo(502);
        MOCK.script().clear();
        assertThat(chat("{}").statusCode()).isEqualTo(200);
        assertThat(MOCK.requestCount()).isEqualTo(5);
    }

    @Test
    void errorEnvelopesFollowTheProtocol() {
        MOCK.script().next(Fault.overloaded()).next(Fault.rateLimited(3));
        HttpResponse<byte[]> a = claude("{}");
        assertThat(a.statusCode()).isEqualTo(529);
        assertThat(json(a.body()).path("error").path("type").asText()).isEqualTo("overloaded_error");
        HttpResponse<byte[]> g = gem("generateContent", "{}");
        assertThat(g.statusCode()).isEqualTo(429);
        assertThat(json(g.body()).path("error").path("status").asText()).isEqualTo("RESOURCE_EXHAUSTED");
        assertThat(json(g.body()).path("error").path("details").path(0).path("retryDelay").asText()).isEqualTo("3s");
    }

    @Test
    void htmlErrorPage() {
        MOCK.script().next(Fault.html(502));
        HttpResponse<byte[]> r = chat("{}");
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(r.headers().firstValue("content-type")).hasValue("text/html");
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("<center>nginx</center>");
    }

    @Test
    void delayBeforeHeaders() {
        MOCK.script().next(Fault.delayHeaders(Duration.ofMillis(400)));
        long t0 = System.nanoTime();
        assertThat(chat("{}").statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }

    @Test
    void resetAndCloseBeforeHeadersFailTheClient() {
        MOCK.script().next(Fault.reset()).next(Fault.closeBeforeHeaders());
        assertThatThrownBy(() -> chat("{}")).isInstanceOf(UncheckedIOException.class);
        assertThatThrownBy(() -> chat("{}")).isInstanceOf(UncheckedIOException.class);
        assertThat(chat("{}").statusCode()).isEqualTo(200);
    }

    @Test
    void dropAfterNEventsBreaksTheStream() throws Exception {
        MOCK.script().next(Fault.dropAfter(3));
        String body = "{\"stream\":true}";
        String request = "POST /v1/messages HTTP/1.1\r\nHost: x\r\nx-api-key: k-fault\r\nanthropic-version: 2023-06-01\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
        byte[] all;
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", MOCK.port())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            all = s.getInputStream().readAllBytes(); // returns at the server's close
        }
        String wire = new String(all, StandardCharsets.UTF_8);
        assertThat(wire).startsWith("HTTP/1.1 200 OK\r\n").contains("Transfer-Encoding: chunked\r\n");
        String chunked = wire.substring(wire.indexOf("\r\n\r\n") + 4);
        StringBuilder payload = new StringBuilder();
        int chunks = 0;
        int i = 0;
        while (i < chunked.length()) {
            int eol = chunked.indexOf("\r\n", i);
            int size = Integer.parseInt(chunked.substring(i, eol), 16);
            assertThat(size).as("no terminating zero-size chunk").isPositive();
            payload.append(chunked, eol + 2, eol + 2 + size);
            i = eol + 2 + size + 2;
            chunks++;
        }
        assertThat(chunks).isEqualTo(3);
        assertThat(SseFrames.parse(payload.toString())).extracting(SseFrames.Event::event)
                .containsExactly("message_start", "content_block_start", "ping");
    }

    @Test
    void dropAfterFailsAStreamingClient() throws Exception {
        MOCK.script().next(Fault.dropAfter(2));
        HttpResponse<InputStream> r = MockHttp.open(post(MOCK.baseUrl(MockProtocol.OPENAI) + "/chat/completions",
                "{\"stream\":true}", openai(MOCK)));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> {
            try (InputStream in = r.body()) {
                in.readAllBytes();
            }
        }).isInstanceOf(IOException.class);
    }

    @Test
    void truncatedNonStreamBody() {
        MOCK.script().next(Fault.dropAfter(0));
        assertThatThrownBy(() -> chat("{}")).isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void errorEventAfterNEventsInEachProtocol() {
        MOCK.script().next(Fault.errorEventAfter(2), 5);
        List<SseFrames.Event> c = SseFrames.parse(chat("{\"stream\":true}").body());
        assertThat(c).hasSize(3);
        assertThat(json(c.get(2).data()).path("error").path("type").asText()).isEqualTo("server_error");

        List<SseFrames.Event> resp = SseFrames.parse(send(post(MOCK.baseUrl(MockProtocol.OPENAI) + "/responses",
                "{\"stream\":true}", openai(MOCK))).body());
        assertThat(resp.get(2).event()).isEqualTo("error");
        assertThat(json(resp.get(2).data()).path("sequence_number").asInt()).isEqualTo(2);

        List<SseFrames.Event> a = SseFrames.parse(claude("{\"stream\":true}").body());
        assertThat(a.get(2).event()).isEqualTo("error");
        assertThat(json(a.get(2).data()).path("error").path("type").asText()).isEqualTo("overloaded_error");

        HttpResponse<byte[]> g = send(post(MOCK.baseUrl(MockProtocol.GEMINI) + "/models/g:streamGenerateContent?alt=sse",
                "{}", gemini(MOCK)));
        List<SseFrames.Event> ge = SseFrames.parse(g.body());
        assertThat(ge).hasSize(3);
        assertThat(ge.get(2).raw()).endsWith("\r\n\r\n");
        assertThat(json(ge.get(2).data()).path("error").path("status").asText()).isEqualTo("INTERNAL");

        var arr = json(gem("streamGenerateContent", "{}").body());
        assertThat(arr).hasSize(3);
        assertThat(arr.get(2).path("error").path("code").asInt()).isEqualTo(500);
    }

    @Test
    void okBodyContainingForErrorMatcher() {
        MOCK.script().next(Fault.okBodyContaining("insufficient balance"));
        HttpResponse<byte[]> r = chat("{}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("insufficient balance");
    }

    @Test
    void eventDelaySendsEachEventSeparately() throws Exception {
        MOCK.script().next(Fault.eventDelay(Duration.ofMillis(150)));
        long t0 = System.nanoTime();
        HttpResponse<InputStream> r = MockHttp.open(post(MOCK.baseUrl(MockProtocol.OPENAI) + "/chat/completions",
                "{\"stream\":true}", openai(MOCK)));
        long headers = System.nanoTime();
        assertThat(Duration.ofNanos(headers - t0)).isLessThan(Duration.ofMillis(150));
        List<Long> arrivals = new ArrayList<>();
        try (BufferedReader br = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            for (String line = br.readLine(); line != null; line = br.readLine()) {
                if (line.startsWith("data:")) {
                    arrivals.add(System.nanoTime());
                }
            }
        }
        assertThat(arrivals).hasSizeGreaterThan(5);
        assertThat(Duration.ofNanos(arrivals.getFirst() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
        // events arrive one by one, not coalesced: spread over (n-1) delays, and nearly every gap is a delay
        assertThat(Duration.ofNanos(arrivals.getLast() - arrivals.getFirst()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(150L * (arrivals.size() - 1)).minusMillis(20));
        long spaced = 0;
        for (int i = 1; i < arrivals.size(); i++) {
            if (arrivals.get(i) - arrivals.get(i - 1) > Duration.ofMillis(75).toNanos()) {
                spaced++;
            }
        }
        assertThat(spaced).isGreaterThanOrEqualTo(arrivals.size() - 2L);
    }

    @Test
    void recordsExactlyWhatItReceived() {
        String body = "{\"model\":\"upstream-model\",\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":\"hé\"}]}";
        send(post(MOCK.baseUrl(MockProtocol.GEMINI) + "/models/g:generateContent?key=k-fault&x=1", body, "X-Custom", "v1"));
        RecordedRequest r = MOCK.awaitRequests(1, Duration.ofSeconds(5));
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/v1beta/models/g:generateContent");
        assertThat(r.query()).isEqualTo("key=k-fault&x=1");
        assertThat(r.queryParam("x")).hasValue("1");
        assertThat(r.header("X-CUSTOM")).hasValue("v1");
        assertThat(r.body()).isEqualTo(body.getBytes(StandardCharsets.UTF_8));
        assertThat(MOCK.requests()).hasSize(1);
    }

    @Test
    void scenarioFromHeaderBeatsModelBeatsDefault() {
        assertThat(json(chat("{\"model\":\"mock-tools\"}").body()).path("choices").path(0).path("finish_reason").asText())
                .isEqualTo("tool_calls");
        HttpResponse<byte[]> h = send(post(MOCK.baseUrl(MockProtocol.OPENAI) + "/chat/completions",
                "{\"model\":\"mock-tools\"}", "Authorization", "Bearer k-fault", MockUpstream.SCENARIO_HEADER, "text"));
        assertThat(json(h.body()).path("choices").path(0).path("finish_reason").asText()).isEqualTo("stop");
        MOCK.defaultScenario(Scenario.JSON);
        try {
            assertThat(json(chat("{\"model\":\"gpt\"}").body()).path("choices").path(0).path("message").path("content").asText())
                    .startsWith("{\"city\"");
        } finally {
            MOCK.defaultScenario(Scenario.TEXT);
        }
    }

    @Test
    void unknownPathIs404AndBadJsonIs400() {
        assertThat(send(post(MOCK.rootUrl() + "/v1/nothing", "{}", openai(MOCK))).statusCode()).isEqualTo(404);
        HttpResponse<byte[]> bad = chat("not json");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad.body()).path("error").path("type").asText()).isEqualTo("invalid_request_error");
    }
}
