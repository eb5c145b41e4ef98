package io.llmio.proxy;

import java.net.http.HttpResponse;
import java.util.List;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.BadRequestException;
import com.anthropic.errors.NotFoundException;
import com.anthropic.errors.PermissionDeniedException;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.genai.Client;
import com.google.genai.ResponseStream;
import com.google.genai.errors.ClientException;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import io.llmio.mock.MockProtocol;
import io.llmio.mock.MockUpstream;
import io.llmio.mock.RecordedRequest;
import io.llmio.requestlog.RequestLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import io.llmio.proxy.protocol.UsageTap;

/** anthropic-java and google-genai against llmio, llmio against the mock upstream. */
class AnthropicGeminiProxyTest {
    private static final MockUpstream MOCK = MockUpstream.start("sk-upstream-ag");
    private static final Gateway GW = Gateway.start("""
            providers:
              - name: claude-up
                type: anthropic
                base-url: %1$s
                api-key: sk-upstream-ag
              - name: gemini-up
                type: gemini
                base-url: %2$s
                api-key: sk-upstream-ag
            models:
              - name: claude
                io-log: true
                providers:
                  - provider: claude-up
                    model: claude-sonnet-up
              - name: claude-think
                providers:
                  - provider: claude-up
                    model: mock-thinking-claude
              - name: gem
                io-log: true
                providers:
                  - provider: gemini-up
                    model: gemini-flash-up
              - name: gem-think
                providers:
                  - provider: gemini-up
                    model: mock-thinking-gem
            """.formatted(MOCK.baseUrl(MockProtocol.ANTHROPIC), MOCK.baseUrl(MockProtocol.GEMINI)));

    private static final AnthropicClient CLAUDE = claude(Gateway.TOKEN);
    private static final Client GEMINI = gemini(Gateway.TOKEN);

    static AnthropicClient claude(String key) {
        return AnthropicOkHttpClient.builder().baseUrl(GW.baseUrl() + "/anthropic").apiKey(key).maxRetries(0).build();
    }

    static Client gemini(String key) {
        return Client.builder().apiKey(key).vertexAI(false).httpOptions(HttpOptions.builder()
                .baseUrl(GW.baseUrl() + "/gemini").retryOptions(HttpRetryOptions.builder().attempts(1).build()).build())
                .build();
    }

    @AfterAll
    static void stop() {
        CLAUDE.close();
        GW.close();
        MOCK.close();
    }

    @BeforeEach
    void reset() {
        MOCK.reset();
    }

    private static MessageCreateParams params(String model) {
        return MessageCreateParams.builder().model(model).maxTokens(256).addUserMessage("hi").build();
    }

    @Test
    void anthropicMessageWithUpstreamAuthAndVersion() {
        var raw = CLAUDE.messages().withRawResponse().create(params("claude"));
        Message m = raw.parse();
        assertThat(m.content().getFirst().text().orElseThrow().text()).isEqualTo("Hello! How can I help you today?");
        RecordedRequest up = MOCK.lastRequest();
        assertThat(up.path()).isEqualTo("/v1/messages");
        assertThat(up.header("x-api-key")).hasValue("sk-upstream-ag");
        assertThat(up.header("authorization")).isEmpty();
        assertThat(up.header("anthropic-version")).isPresent();
        assertThat(UsageTap.parse(up.body()).get("model").asText()).isEqualTo("claude-sonnet-up");
        RequestLog log = GW.finishedLogs(raw.headers().values("x-llmio-trace-id").getFirst(), 1).getFirst();
        assertThat(log.style()).isEqualTo("anthropic");
        assertThat(log.cachedTokens()).isEqualTo(1920);
        assertThat(log.promptTokens()).isEqualTo(m.usage().inputTokens() + 1920
                                                         + m.usage().cacheCreationInputTokens().orElse(0L));
        assertThat(log.completionTokens()).isEqualTo(m.usage().outputTokens());
    }

    @Test
    void anthropicStreamWithThinkingMergesStartAndDeltaUsage() {
        MessageAccumulator acc = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> s = CLAUDE.messages().createStreaming(params("claude-think"))) {
            s.stream().forEach(acc::accumulate);
        }
        Message m = acc.message();
        assertThat(m.content().getFirst().thinking().orElseThrow().signature()).isNotEmpty();
        RequestLog done = GW.awaitRow(l -> l.model().equals("claude-think"));
        assertThat(done.stream()).isTrue();
        assertThat(done.completionTokens()).isEqualTo(142);
        assertThat(done.firstTokenMs()).isNotNull();
    }

    @Test
    void claudeCodeStyleRequestsAreUnderstood() {
        // Claude Code: Bearer or x-api-key, ?beta=true, anthropic-beta header, HEAD probe, telemetry
        HttpResponse<String> res = GW.post("/anthropic/v1/messages?beta=true",
                "{\"model\":\"claude\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "x-api-key", Gateway.TOKEN, "anthropic-version", "2023-06-01",
                "anthropic-beta", "claude-code-20250219,interleaved-thinking-2025-05-14");
        assertThat(res.statusCode()).isEqualTo(200);
        RecordedRequest up = MOCK.lastRequest();
        assertThat(up.queryParam("beta")).hasValue("true");
        assertThat(up.header("anthropic-beta")).hasValue("claude-code-20250219,interleaved-thinking-2025-05-14");
        assertThat(GW.post("/anthropic/api/event_logging/batch", "{\"events\":[]}").statusCode()).isEqualTo(200);
        var head = Gateway.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(GW.url("/")))
                                        .method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()).build());
        assertThat(head.statusCode()).isEqualTo(200);
    }

    @Test
    void anthropicCountTokensAndModels() {
        long n = CLAUDE.messages().countTokens(MessageCountTokensParams.builder().model("claude").addUserMessage("hi")
                                                       .build()).inputTokens();
        assertThat(n).isPositive();
        assertThat(MOCK.lastRequest().path()).isEqualTo("/v1/messages/count_tokens");
        assertThat(CLAUDE.models().list().data()).extracting(mi -> mi.id()).containsExactly("claude", "claude-think", "gem", "gem-think"); // Gemini's through translation
        assertThat(GW.awaitRow(l -> l.style().equals("anthropic-count-tokens")).promptTokens()).isEqualTo(n);
    }

    @Test
    void anthropicErrorsRaiseTheSdksClasses() {
        AnthropicClient wrong = claude("sk-wrong");
        assertThatThrownBy(() -> wrong.messages().create(params("claude"))).isInstanceOf(UnauthorizedException.class);
        assertThatThrownBy(() -> CLAUDE.messages().create(params("nope"))).isInstanceOf(NotFoundException.class);
        String key = GW.createKey("gem-only", true, false, List.of("gem"), null);
        assertThatThrownBy(() -> claude(key).messages().create(params("claude")))
                .isInstanceOf(PermissionDeniedException.class);
        HttpResponse<String> bad = GW.post("/v1/messages", "not json", "x-api-key", Gateway.TOKEN);
        assertThat(bad.statusCode()).isEqualTo(400);
        JsonNode err = UsageTap.parse(bad.body());
        assertThat(err.get("type").asText()).isEqualTo("error");
        assertThat(err.get("error").get("type").asText()).isEqualTo("invalid_request_error");
        assertThatThrownBy(() -> CLAUDE.messages().create(MessageCreateParams.builder().model("").maxTokens(5)
                                                                  .addUserMessage("x").build()))
                .isInstanceOf(BadRequestException.class);
        assertThat(MOCK.requestCount()).isZero();
    }

    @Test
    void geminiGenerateStreamCountEmbed() {
        GenerateContentResponse r = GEMINI.models.generateContent("gem-think", "hi", null);
        assertThat(r.usageMetadata().orElseThrow().thoughtsTokenCount()).hasValue(128);
        RecordedRequest up = MOCK.lastRequest();
        assertThat(up.path()).isEqualTo("/v1beta/models/mock-thinking-gem:generateContent");
        assertThat(up.header("x-goog-api-key")).hasValue("sk-upstream-ag");
        assertThat(up.queryParam("key")).isEmpty();

        StringBuilder text = new StringBuilder();
        try (ResponseStream<GenerateContentResponse> s = GEMINI.models.generateContentStream("gem", "hi", null)) {
            for (GenerateContentResponse chunk : s) {
                text.append(chunk.text());
            }
        }
        assertThat(text).hasToString("Hello! How can I help you today?");
        assertThat(MOCK.lastRequest().queryParam("alt")).hasValue("sse");
        assertThat(GEMINI.models.countTokens("gem", "hi", null).totalTokens()).isPresent();
        assertThat(GEMINI.models.embedContent("gem", "hi", null).embeddings().orElseThrow()).isNotEmpty();
        // the SDK sends embedContent as batchEmbedContents; each inner request's model is rewritten too
        assertThat(MOCK.lastRequest().path()).isEqualTo("/v1beta/models/gemini-flash-up:batchEmbedContents");
        assertThat(UsageTap.parse(MOCK.lastRequest().body()).get("requests").get(0).get("model").asText())
                .isEqualTo("models/gemini-flash-up");

        RequestLog row = GW.awaitRow(l -> l.model().equals("gem-think"));
        assertThat(row.reasoningTokens()).isEqualTo(128);
        assertThat(row.cachedTokens()).isEqualTo(1024);
        assertThat(GW.awaitRow(l -> l.style().equals("gemini-embeddings")).model()).isEqualTo("gem");
    }

    @Test
    void geminiJsonArrayStreamWithoutAltSseAndKeyInQuery() {
        HttpResponse<String> res = GW.post("/gemini/v1beta/models/gem:streamGenerateContent?key=" + Gateway.TOKEN,
                                           "{\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}]}");
        assertThat(res.statusCode()).isEqualTo(200);
        JsonNode array = UsageTap.parse(res.body());
        assertThat(array.isArray()).isTrue();
        assertThat(array.get(array.size() - 1).has("usageMetadata")).isTrue();
        assertThat(MOCK.lastRequest().query()).doesNotContain(Gateway.TOKEN);
        RequestLog row = GW.finishedLogs(res.headers().firstValue("x-llmio-trace-id").orElseThrow(), 1).getFirst();
        assertThat(row.totalTokens()).isPositive();
        assertThat(row.stream()).isTrue();
    }

    @Test
    void geminiErrorsInGooglesEnvelope() {
        Client wrong = gemini("sk-wrong");
        assertThatThrownBy(() -> wrong.models.generateContent("gem", "hi", null))
                .isInstanceOfSatisfying(ClientException.class, e -> assertThat(e.code()).isEqualTo(401));
        assertThatThrownBy(() -> GEMINI.models.generateContent("missing", "hi", null))
                .isInstanceOfSatisfying(ClientException.class, e -> assertThat(e.status()).isEqualTo("NOT_FOUND"));
        HttpResponse<String> bad = GW.post("/gemini/v1beta/models/gem:generateContent", "{oops",
                                           "x-goog-api-key", Gateway.TOKEN);
        JsonNode err = UsageTap.parse(bad.body()).get("error");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(err.get("code").asInt()).isEqualTo(400);
        assertThat(err.get("status").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(err.get("message").asText()).contains("trace_id");
        assertThat(GEMINI.models.list(null).page()).extracting(m -> m.name().orElseThrow())
                .containsExactly("models/claude", "models/claude-think", "models/gem", "models/gem-think");
        assertThat(MOCK.requestCount()).isZero();
    }
}
