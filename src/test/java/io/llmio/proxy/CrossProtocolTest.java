package io.llmio.proxy;

import java.net.http.HttpResponse;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmio.mock.Fault;
import io.llmio.mock.MockProtocol;
import io.llmio.mock.MockUpstream;
import io.llmio.mock.RecordedRequest;
import io.llmio.proxy.protocol.UsageTap;
import io.llmio.requestlog.RequestLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cross-protocol wiring (SPEC §11) through the real gateway and the mock upstream: candidates of
 * other types, the upstream request (path, auth, headers, query), answers, cross-type failover and
 * same-protocol traffic left byte for byte. Scenario by scenario per pair: {@link TranslationMatrixTest}.
 */
class CrossProtocolTest {
    private static final MockUpstream MOCK = MockUpstream.start("sk-cross");
    private static final Gateway GW = Gateway.start("""
            providers:
              - name: oai
                type: openai
                base-url: %1$s
                api-key: sk-cross
              - name: claude
                type: anthropic
                base-url: %1$s
                api-key: sk-cross
              - name: gem
                type: gemini
                base-url: %2$s
                api-key: sk-cross
              - name: o-series
                type: openai
                base-url: %1$s
                api-key: sk-cross
                max-completion-tokens: true
            models:
              - name: via-o-series
                providers:
                  - provider: o-series
                    model: mock-text-o
              - name: via-claude
                providers:
                  - provider: claude
                    model: mock-tools-up
              - name: via-openai
                providers:
                  - provider: oai
                    model: mock-tools-up
              - name: via-gemini
                providers:
                  - provider: gem
                    model: mock-text-up
              - name: mixed
                strategy: rotor
                providers:
                  - provider: claude
                    model: mock-text-claude
                    weight: 10
                  - provider: oai
                    model: mock-text-oai
                    weight: 1
            """.formatted(MOCK.baseUrl(MockProtocol.OPENAI), MOCK.baseUrl(MockProtocol.GEMINI)),
            java.util.Map.of("LLMIO_TRANSLATE_MAX_TOKENS", "1234"));

    @AfterAll
    static void stop() {
        GW.close();
        MOCK.close();
    }

    @BeforeEach
    void reset() {
        MOCK.reset();
    }

    private static String trace(HttpResponse<String> r) {
        return r.headers().firstValue("x-llmio-trace-id").orElseThrow();
    }

    @Test
    void openAiCallerIsServedByAnAnthropicProvider() {
        HttpResponse<String> r = GW.post("/v1/chat/completions", """
                {"model":"via-claude","messages":[{"role":"system","content":"be brief"},{"role":"user","content":"weather?"}],
                 "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}}]}""",
                "Authorization", "Bearer " + Gateway.TOKEN, "anthropic-beta", "x", "openai-beta", "y");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode body = UsageTap.parse(r.body().getBytes());
        assertThat(body.path("object").asText()).isEqualTo("chat.completion");
        assertThat(body.path("model").asText()).isEqualTo("via-claude");
        JsonNode call = body.path("choices").path(0).path("message").path("tool_calls").path(0);
        assertThat(call.path("function").path("name").asText()).isEqualTo("get_weather");
        assertThat(UsageTap.parse(call.path("function").path("arguments").asText().getBytes()).path("location").asText())
                .isEqualTo("Paris");
        assertThat(body.path("choices").path(0).path("finish_reason").asText()).isEqualTo("tool_calls");

        RecordedRequest up = MOCK.lastRequest();
        assertThat(up.path()).isEqualTo("/v1/messages");
        assertThat(up.header("x-api-key")).hasValue("sk-cross");
        assertThat(up.header("authorization")).isEmpty();
        assertThat(up.header("anthropic-version")).isPresent();
        assertThat(up.header("anthropic-beta")).isEmpty();
        JsonNode sent = UsageTap.parse(up.body());
        assertThat(sent.path("model").asText()).isEqualTo("mock-tools-up");
        assertThat(sent.path("system").toString()).contains("be brief");
        assertThat(sent.path("max_tokens").asInt()).isEqualTo(1234); // LLMIO_TRANSLATE_MAX_TOKENS: the caller gave none
        assertThat(sent.path("tools").path(0).path("name").asText()).isEqualTo("get_weather");

        RequestLog row = GW.finishedLogs(trace(r), 1).getFirst();
        assertThat(row.style()).isEqualTo("openai");
        assertThat(row.upstreamStyle()).isEqualTo("anthropic");
        assertThat(row.status()).isEqualTo("success");
        HttpResponse<String> api = GW.get("/api/logs?trace_id=" + trace(r), "Authorization", "Bearer " + Gateway.TOKEN);
        assertThat(UsageTap.parse(api.body().getBytes()).path("items").path(0).path("upstream_style").asText())
                .as(api.body()).isEqualTo("anthropic");
        assertThat(row.promptTokens()).isEqualTo(2120);
        assertThat(row.cachedTokens()).isEqualTo(1920);
        assertThat(row.completionTokens()).isEqualTo(17);
    }

    @Test
    void anthropicCallerStreamsFromAnOpenAiProvider() {
        HttpResponse<String> r = GW.post("/v1/messages?beta=true", """
                {"model":"via-openai","max_tokens":100,"stream":true,"messages":[{"role":"user","content":"weather?"}]}""",
                "x-api-key", Gateway.TOKEN, "anthropic-version", "2023-06-01", "anthropic-beta", "claude-code-20250219");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
        assertThat(r.body()).startsWith("event: message_start\n").contains("event: content_block_start")
                .contains("\"type\":\"input_json_delta\"").contains("\"stop_reason\":\"tool_use\"")
                .endsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
        RecordedRequest up = MOCK.lastRequest();
        assertThat(up.path()).isEqualTo("/v1/chat/completions");
        assertThat(up.query()).isEmpty();
        assertThat(up.header("authorization")).hasValue("Bearer sk-cross");
        assertThat(up.header("anthropic-beta")).isEmpty();
        assertThat(up.header("anthropic-version")).isEmpty();
        JsonNode sent = UsageTap.parse(up.body());
        assertThat(sent.path("stream_options").path("include_usage").asBoolean()).isTrue();
        assertThat(sent.path("max_tokens").asInt()).isEqualTo(100);
        assertThat(sent.has("max_completion_tokens")).isFalse();
        RequestLog row = GW.finishedLogs(trace(r), 1).getFirst();
        assertThat(row.stream()).isTrue();
        assertThat(row.promptTokens()).isEqualTo(2120);
        assertThat(row.completionTokens()).isEqualTo(17);
    }

    @Test
    void aProviderSwitchedToMaxCompletionTokensGetsIt() {
        HttpResponse<String> r = GW.post("/v1/messages", """
                {"model":"via-o-series","max_tokens":300,"messages":[{"role":"user","content":"hi"}]}""",
                "x-api-key", Gateway.TOKEN, "anthropic-version", "2023-06-01");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode sent = UsageTap.parse(MOCK.lastRequest().body());
        assertThat(sent.path("max_completion_tokens").asInt()).isEqualTo(300);
        assertThat(sent.has("max_tokens")).isFalse();
        HttpResponse<String> api = GW.get("/api/providers", "Authorization", "Bearer " + Gateway.TOKEN);
        JsonNode items = UsageTap.parse(api.body().getBytes()).path("items");
        for (JsonNode p : items) {
            assertThat(p.path("max_completion_tokens").asBoolean()).as(p.toString()).isEqualTo(p.path("name").asText().equals("o-series"));
        }
        assertThat(items.size()).isEqualTo(4);
    }

    @Test
    void aTranslatedStreamThatBreaksEndsWithTheCallersErrorEvent() {
        MOCK.script().next(Fault.dropAfter(3));
        HttpResponse<String> r = GW.post("/v1/messages", """
                {"model":"via-openai","max_tokens":100,"stream":true,"messages":[{"role":"user","content":"weather?"}]}""",
                "x-api-key", Gateway.TOKEN, "anthropic-version", "2023-06-01");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).startsWith("event: message_start\n").contains("\"type\":\"input_json_delta\"")
                .endsWith("\n\n").doesNotContain("message_stop");
        String last = r.body().substring(r.body().lastIndexOf("event: "));
        assertThat(last).startsWith("event: error\n").contains("\"type\":\"api_error\"").contains("trace_id");
        RequestLog row = GW.finishedLogs(trace(r), 1).getFirst();
        assertThat(row.status()).isEqualTo("error");
        assertThat(row.error()).startsWith("stream broken");
    }

    @Test
    void openAiStreamFromGeminiUsesStreamGenerateContentWithSse() {
        HttpResponse<String> r = GW.post("/v1/chat/completions", """
                {"model":"via-gemini","stream":true,"messages":[{"role":"user","content":"hi"}]}""",
                "Authorization", "Bearer " + Gateway.TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("\"chat.completion.chunk\"").endsWith("data: [DONE]\n\n");
        RecordedRequest up = MOCK.lastRequest();
        assertThat(up.path()).isEqualTo("/v1beta/models/mock-text-up:streamGenerateContent");
        assertThat(up.query()).isEqualTo("alt=sse");
        assertThat(up.header("x-goog-api-key")).hasValue("sk-cross");
    }

    @Test
    void geminiJsonArrayStreamFromAnOpenAiProvider() {
        HttpResponse<String> r = GW.post("/gemini/v1beta/models/via-openai:streamGenerateContent", """
                {"contents":[{"role":"user","parts":[{"text":"weather?"}]}]}""", "x-goog-api-key", Gateway.TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode array = UsageTap.parse(r.body().getBytes());
        assertThat(array.isArray()).as(r.body()).isTrue();
        assertThat(array.toString()).contains("\"functionCall\"").contains("\"Paris\"");
    }

    @Test
    void sameTypeRoutesComeFirstAndFailoverCrossesTypes() {
        // an Anthropic caller: the Anthropic route is passthrough and preferred
        MOCK.script().next(Fault.status(500));
        HttpResponse<String> r = GW.post("/v1/messages", """
                {"model":"mixed","max_tokens":10,"messages":[{"role":"user","content":"hi"}]}""",
                "x-api-key", Gateway.TOKEN, "anthropic-version", "2023-06-01");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(UsageTap.parse(r.body().getBytes()).path("content").path(0).path("text").asText())
                .isEqualTo("Hello! How can I help you today?");
        List<RecordedRequest> ups = MOCK.requests();
        assertThat(ups).extracting(RecordedRequest::path).containsExactly("/v1/messages", "/v1/chat/completions");
        List<RequestLog> rows = GW.finishedLogs(trace(r), 2);
        assertThat(rows).extracting(RequestLog::status).containsExactly("error", "success");
        assertThat(rows).extracting(RequestLog::providerName).containsExactly("claude", "oai");
        assertThat(rows).extracting(RequestLog::upstreamStyle).containsExactly("anthropic", "openai");
    }

    @Test
    void sameProtocolTrafficStaysByteForByte() {
        String body = "{\"model\":\"mixed\" ,\"max_tokens\":10, \"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"x_extra\":1}";
        HttpResponse<String> r = GW.post("/v1/messages", body, "x-api-key", Gateway.TOKEN, "anthropic-version", "2023-06-01");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(new String(MOCK.lastRequest().body())).isEqualTo(body.replace("\"mixed\"", "\"mock-text-claude\""));
    }

    @Test
    void untranslatableRequestIsA400NamingTheFieldInTheCallersEnvelope() {
        HttpResponse<String> r = GW.post("/v1/chat/completions", """
                {"model":"via-claude","n":2,"messages":[{"role":"user","content":"hi"}]}""",
                "Authorization", "Bearer " + Gateway.TOKEN);
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode err = UsageTap.parse(r.body().getBytes()).path("error");
        assertThat(err.path("param").asText()).isEqualTo("n");
        assertThat(err.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(MOCK.requestCount()).isZero();
    }

    @Test
    void countTokensWithoutAnAnthropicProviderIsAClear400() {
        HttpResponse<String> r = GW.post("/v1/messages/count_tokens", """
                {"model":"via-openai","messages":[{"role":"user","content":"hi"}]}""",
                "x-api-key", Gateway.TOKEN, "anthropic-version", "2023-06-01");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode body = UsageTap.parse(r.body().getBytes());
        assertThat(body.path("type").asText()).isEqualTo("error");
        assertThat(body.path("error").path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(body.path("error").path("message").asText()).contains("count_tokens").contains("Anthropic provider");
        assertThat(MOCK.requestCount()).isZero();
    }

    @Test
    void upstreamErrorsReachTheCallerInItsEnvelope() {
        MOCK.script().next(Fault.status(400));
        HttpResponse<String> r = GW.post("/gemini/v1beta/models/via-claude:generateContent", """
                {"contents":[{"role":"user","parts":[{"text":"hi"}]}]}""", "x-goog-api-key", Gateway.TOKEN);
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode err = UsageTap.parse(r.body().getBytes()).path("error");
        assertThat(err.path("status").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(err.path("code").asInt()).isEqualTo(400);
    }
}
