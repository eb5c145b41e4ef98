package io.llmio.proxy;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.errors.PermissionDeniedException;
import com.openai.errors.UnauthorizedException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.helpers.ResponseAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import io.llmio.mock.MockProtocol;
import io.llmio.mock.MockUpstream;
import io.llmio.mock.RecordedRequest;
import io.llmio.requestlog.RequestBody;
import io.llmio.requestlog.RequestLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import io.llmio.proxy.protocol.UsageTap;

/** The official openai-java SDK against llmio, llmio against the mock upstream. */
class OpenAiProxyTest {
    private static final MockUpstream MOCK = MockUpstream.start("sk-upstream-openai");
    private static final Gateway GW = Gateway.start("""
            providers:
              - name: oa
                type: openai
                base-url: %1$s
                api-key: sk-upstream-openai
              - name: oa-res
                type: codex
                base-url: %1$s
                api-key: sk-upstream-openai
            models:
              - name: gpt
                io-log: true
                providers:
                  - provider: oa
                    model: gpt-up
                  - provider: oa-res
                    model: gpt-up
              - name: tools
                providers:
                  - provider: oa
                    model: mock-parallel_tools-up
                  - provider: oa-res
                    model: mock-thinking-up
              - name: emb
                providers:
                  - provider: oa
                    model: text-embedding-3-small
            """.formatted(MOCK.baseUrl(MockProtocol.OPENAI)));
    private static final OpenAIClient CLIENT = client(Gateway.TOKEN);

    static OpenAIClient client(String key) {
        return OpenAIOkHttpClient.builder().baseUrl(GW.baseUrl() + "/v1").apiKey(key).maxRetries(0).build();
    }

    @AfterAll
    static void stop() {
        CLIENT.close();
        GW.close();
        MOCK.close();
    }

    @BeforeEach
    void reset() {
        MOCK.reset();
    }


    @Test
    void chatCompletionPassesThroughWithModelReplacedAndUsageLogged() {
        var raw = CLIENT.chat().completions().withRawResponse().create(
                ChatCompletionCreateParams.builder().model("gpt").addUserMessage("hi").build());
        ChatCompletion cc = raw.parse();
        assertThat(cc.choices().getFirst().message().content()).hasValue("Hello! How can I help you today?");
        RecordedRequest up = MOCK.lastRequest();
        assertThat(up.path()).isEqualTo("/v1/chat/completions");
        assertThat(up.header("authorization")).hasValue("Bearer sk-upstream-openai");
        JsonNode sent = UsageTap.parse(up.body());
        assertThat(sent.get("model").asText()).isEqualTo("gpt-up");
        assertThat(sent.get("messages").get(0).get("content").asText()).isEqualTo("hi");

        String trace = raw.headers().values("x-llmio-trace-id").getFirst();
        RequestLog log = GW.finishedLogs(trace, 1).getFirst();
        assertThat(log.status()).isEqualTo("success");
        assertThat(log.style()).isEqualTo("openai");
        assertThat(log.stream()).isFalse();
        assertThat(log.model()).isEqualTo("gpt");
        assertThat(log.providerName()).isEqualTo("oa");
        assertThat(log.providerModel()).isEqualTo("gpt-up");
        assertThat(log.httpStatus()).isEqualTo(200);
        assertThat(log.promptTokens()).isEqualTo(2061);
        assertThat(log.completionTokens()).isEqualTo(9);
        assertThat(log.totalTokens()).isEqualTo(2070);
        assertThat(log.cachedTokens()).isEqualTo(1920);
        assertThat(log.usageSource()).isEqualTo("upstream");
        assertThat(log.authKeyId()).isNull();
        assertThat(log.proxyMs()).isNotNull();
        assertThat(log.totalMs()).isGreaterThanOrEqualTo(log.proxyMs());
        assertThat(log.responseBytes()).isPositive();
        assertThat(log.hasBody()).isTrue();
        RequestBody body = GW.body(log.id());
        assertThat(body.requestBody()).contains("\"model\":\"gpt\"");
        assertThat(body.responseBody()).contains("Hello! How can I help you today?");
    }

    @Test
    void streamGetsIncludeUsageMergedAndEveryEventUnchanged() {
        // the client's own stream_options keys survive; include_usage is merged in, not overwritten
        HttpResponse<String> res = GW.post("/v1/chat/completions",
                "{\"model\":\"gpt\",\"stream\":true,\"stream_options\":{\"include_obfuscation\":false},"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "Authorization", "Bearer " + Gateway.TOKEN);
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
        JsonNode sent = UsageTap.parse(MOCK.lastRequest().body());
        assertThat(sent.get("stream_options").get("include_obfuscation").asBoolean()).isFalse();
        assertThat(sent.get("stream_options").get("include_usage").asBoolean()).isTrue();
        assertThat(res.body()).endsWith("data: [DONE]\n\n");
        assertThat(res.body()).contains("\"usage\":{\"prompt_tokens\":2061");

        String trace = res.headers().firstValue("x-llmio-trace-id").orElseThrow();
        RequestLog log = GW.finishedLogs(trace, 1).getFirst();
        assertThat(log.stream()).isTrue();
        assertThat(log.status()).isEqualTo("success");
        assertThat(log.totalTokens()).isEqualTo(2070);
        assertThat(log.firstTokenMs()).isNotNull();
        assertThat(log.responseBytes()).isEqualTo(res.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        RequestBody body = GW.body(log.id());
        JsonNode events = UsageTap.parse(body.responseBody()).get("sse_events");
        assertThat(events.size()).isGreaterThan(3);
        assertThat(events.get(events.size() - 1).asText()).isEqualTo("[DONE]");
    }

    @Test
    void sdkStreamWithParallelToolCalls() {
        ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
        try (StreamResponse<ChatCompletionChunk> s = CLIENT.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("tools").addUserMessage("weather?").build())) {
            s.stream().forEach(acc::accumulate);
        }
        ChatCompletion cc = acc.chatCompletion();
        assertThat(cc.choices().getFirst().message().toolCalls().orElseThrow()).hasSize(2);
        assertThat(UsageTap.parse(MOCK.lastRequest().body()).get("model").asText()).isEqualTo("mock-parallel_tools-up");
    }

    @Test
    void responsesApiStreamAndNonStreamWithReasoningTokens() {
        ResponseAccumulator acc = ResponseAccumulator.create();
        try (StreamResponse<ResponseStreamEvent> s = CLIENT.responses().createStreaming(
                ResponseCreateParams.builder().model("tools").input("think").build())) {
            s.stream().forEach(acc::accumulate);
        }
        Response r = acc.response();
        assertThat(r.usage().orElseThrow().outputTokensDetails().reasoningTokens()).isEqualTo(128);
        assertThat(MOCK.lastRequest().path()).isEqualTo("/v1/responses");
        RequestLog streamed = GW.awaitRow(l -> l.style().equals("openai-responses"));
        Response plain = CLIENT.responses().create(ResponseCreateParams.builder().model("gpt").input("hi").build());
        assertThat(plain.usage().orElseThrow().inputTokensDetails().cachedTokens()).isEqualTo(1920);
        RequestLog log = GW.finishedLogs(streamed.traceId(), 1).getFirst();
        assertThat(log.providerName()).isEqualTo("oa-res");
        assertThat(log.reasoningTokens()).isEqualTo(128);
        assertThat(log.usageSource()).isEqualTo("upstream");
    }

    @Test
    void embeddingsAndModelList() {
        CreateEmbeddingResponse e = CLIENT.embeddings().create(EmbeddingCreateParams.builder().model("emb").input("hi")
                                                                       .build());
        assertThat(e.data().getFirst().embedding()).isNotEmpty();
        assertThat(MOCK.lastRequest().path()).isEqualTo("/v1/embeddings");
        assertThat(CLIENT.models().list().data()).extracting(m -> m.id()).containsExactly("emb", "gpt", "tools");
    }

    @Test
    void errorsRaiseTheSdksNormalExceptionClasses() {
        {
            OpenAIClient wrong = client("sk-not-a-key");
            assertThatThrownBy(() -> wrong.chat().completions().create(
                    ChatCompletionCreateParams.builder().model("gpt").addUserMessage("hi").build()))
                    .isInstanceOf(UnauthorizedException.class).hasMessageContaining("trace_id");
        }
        assertThatThrownBy(() -> CLIENT.chat().completions().create(
                ChatCompletionCreateParams.builder().model("no-such-model").addUserMessage("hi").build()))
                .isInstanceOf(NotFoundException.class);
        String limited = GW.createKey("only-emb", true, false, List.of("emb"), null);
        {
            OpenAIClient c = client(limited);
            assertThatThrownBy(() -> c.chat().completions().create(
                    ChatCompletionCreateParams.builder().model("gpt").addUserMessage("hi").build()))
                    .isInstanceOf(PermissionDeniedException.class);
            assertThat(c.models().list().data()).extracting(m -> m.id()).containsExactly("emb");
            assertThat(c.embeddings().create(EmbeddingCreateParams.builder().model("emb").input("x").build()).data())
                    .isNotEmpty();
        }
        String expired = GW.createKey("expired", true, true, List.of(), Instant.now().minusSeconds(5));
        {
            OpenAIClient c = client(expired);
            assertThatThrownBy(() -> c.models().list()).isInstanceOf(UnauthorizedException.class)
                    .hasMessageContaining("expired");
        }
        String disabled = GW.createKey("disabled", false, true, List.of(), null);
        {
            OpenAIClient c = client(disabled);
            assertThatThrownBy(() -> c.models().list()).isInstanceOf(UnauthorizedException.class)
                    .hasMessageContaining("disabled");
        }
        assertThatThrownBy(() -> CLIENT.chat().completions().create(
                ChatCompletionCreateParams.builder().model("").addUserMessage("hi").build()))
                .isInstanceOf(BadRequestException.class);
        // only the one allowed embeddings call went upstream
        assertThat(MOCK.requestCount()).isEqualTo(1);
    }

    @Test
    void malformedAndModelLessBodiesAreAnsweredInOpenAisEnvelope() {
        HttpResponse<String> bad = GW.post("/openai/v1/chat/completions", "{\"model\": ", "Authorization",
                                           "Bearer " + Gateway.TOKEN);
        assertThat(bad.statusCode()).isEqualTo(400);
        JsonNode err = UsageTap.parse(bad.body()).get("error");
        assertThat(err.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(err.get("message").asText()).contains("not valid JSON").contains("trace_id");
        assertThat(err.has("param")).isTrue();
        assertThat(err.has("code")).isTrue();
        HttpResponse<String> noModel = GW.post("/v1/chat/completions", "{\"messages\":[]}", "Authorization",
                                               "Bearer " + Gateway.TOKEN);
        assertThat(noModel.statusCode()).isEqualTo(400);
        assertThat(UsageTap.parse(noModel.body()).get("error").get("param").asText()).isEqualTo("model");
        String huge = "{\"model\":\"gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(33 << 20) + "\"}]}";
        HttpResponse<String> tooLarge = GW.post("/v1/chat/completions", huge, "Authorization", "Bearer " + Gateway.TOKEN);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(UsageTap.parse(tooLarge.body()).get("error").get("message").asText()).contains("32 MiB");
        HttpResponse<String> noKey = GW.post("/v1/chat/completions", "{\"model\":\"gpt\"}");
        assertThat(noKey.statusCode()).isEqualTo(401);
        assertThat(MOCK.requestCount()).isZero();
    }
}
