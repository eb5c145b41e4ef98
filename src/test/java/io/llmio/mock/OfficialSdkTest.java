package io.llmio.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicException;
import com.anthropic.errors.OverloadedException;
import com.anthropic.errors.RateLimitException;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.google.genai.Client;
import com.google.genai.ResponseStream;
import com.google.genai.errors.ClientException;
import com.google.genai.errors.ServerException;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The vendors' own Java SDKs pointed at the mock: proof that the fixtures parse as the real thing. */
class OfficialSdkTest {

    private static final MockUpstream MOCK = MockUpstream.start("sdk-key-0001");
    private static final AnthropicClient CLAUDE = AnthropicOkHttpClient.builder()
            .baseUrl(MOCK.rootUrl()).apiKey(MOCK.apiKey()).maxRetries(0).build();
    private static final Client GEMINI = Client.builder().apiKey(MOCK.apiKey()).vertexAI(false)
            .httpOptions(HttpOptions.builder().baseUrl(MOCK.rootUrl())
                    .retryOptions(HttpRetryOptions.builder().attempts(1).build()).build()).build();

    @AfterAll
    static void stop() {
        CLAUDE.close();
        MOCK.close();
    }

    @BeforeEach
    void clean() {
        MOCK.reset();
    }

    private static MessageCreateParams params(String model) {
        return MessageCreateParams.builder().model(model).maxTokens(256).addUserMessage("hi").build();
    }

    @Test
    void anthropicSdkReadsMessageAndUsage() {
        Message m = CLAUDE.messages().create(params("claude-sonnet-4-20250514"));
        assertThat(m.content().getFirst().text().orElseThrow().text()).isEqualTo("Hello! How can I help you today?");
        assertThat(m.usage().cacheReadInputTokens()).hasValue(1920L);
        assertThat(m.model().asString()).isEqualTo("claude-sonnet-4-20250514");
        assertThat(MOCK.lastRequest().header("authorization")).hasValue("Bearer " + MOCK.apiKey());
        assertThat(MOCK.lastRequest().header("anthropic-version")).isPresent();
    }

    @Test
    void anthropicSdkAccumulatesThinkingAndToolStreams() {
        MessageAccumulator acc = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> s = CLAUDE.messages().createStreaming(params("mock-thinking"))) {
            s.stream().forEach(acc::accumulate);
        }
        Message thinking = acc.message();
        assertThat(thinking.content().get(0).thinking().orElseThrow().signature()).isNotEmpty();
        assertThat(thinking.content().get(1).text().orElseThrow().text()).isEqualTo("2 + 2 = 4.");
        assertThat(thinking.usage().outputTokens()).isEqualTo(142L);

        MessageAccumulator tools = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> s = CLAUDE.messages().createStreaming(params("mock-parallel_tools"))) {
            s.stream().forEach(tools::accumulate);
        }
        assertThat(tools.message().content()).hasSize(2)
                .allSatisfy(b -> assertThat(b.toolUse().orElseThrow().name()).isEqualTo("get_weather"));
        assertThat(tools.message().content().get(1).toolUse().orElseThrow()._input().toString()).contains("London");
    }

    @Test
    void anthropicSdkCountsTokens() {
        long n = CLAUDE.messages().countTokens(MessageCountTokensParams.builder().model("claude-x")
                .addUserMessage("hi").build()).inputTokens();
        assertThat(n).isEqualTo(2041L);
    }

    @Test
    void anthropicSdkRaisesItsOwnErrorClasses() {
        MOCK.script().next(Fault.overloaded()).next(Fault.rateLimited(1)).next(Fault.errorEventAfter(4));
        assertThatThrownBy(() -> CLAUDE.messages().create(params("c"))).isInstanceOf(OverloadedException.class);
        assertThatThrownBy(() -> CLAUDE.messages().create(params("c"))).isInstanceOf(RateLimitException.class);
        List<RawMessageStreamEvent> seen = new ArrayList<>();
        assertThatThrownBy(() -> {
            try (StreamResponse<RawMessageStreamEvent> s = CLAUDE.messages().createStreaming(params("c"))) {
                s.stream().forEach(seen::add);
            }
        }).isInstanceOf(AnthropicException.class).hasMessageContaining("Overloaded");
        assertThat(seen).hasSize(3); // message_start, content_block_start, text delta: the SDK swallows ping
        AnthropicClient wrong = AnthropicOkHttpClient.builder().baseUrl(MOCK.rootUrl()).apiKey("bad").maxRetries(0).build();
        try {
            assertThatThrownBy(() -> wrong.messages().create(params("c"))).isInstanceOf(UnauthorizedException.class);
        } finally {
            wrong.close();
        }
    }

    @Test
    void genaiSdkReadsContentUsageAndThoughts() {
        GenerateContentResponse r = GEMINI.models.generateContent("mock-thinking", "hi", null);
        assertThat(r.text()).isEqualTo("2 + 2 = 4.");
        assertThat(r.usageMetadata().orElseThrow().thoughtsTokenCount()).hasValue(128);
        assertThat(r.usageMetadata().orElseThrow().cachedContentTokenCount()).hasValue(1024);
        assertThat(r.parts().getFirst().thought()).hasValue(true);
        assertThat(MOCK.lastRequest().path()).isEqualTo("/v1/models/mock-thinking:generateContent");
        assertThat(MOCK.lastRequest().header("x-goog-api-key")).hasValue(MOCK.apiKey());

        GenerateContentResponse tools = GEMINI.models.generateContent("mock-parallel_tools", "hi", null);
        assertThat(tools.functionCalls()).hasSize(2);
        assertThat(tools.functionCalls().get(1).args().orElseThrow()).containsEntry("location", "London");
    }

    @Test
    void genaiSdkStreamsOverSse() {
        StringBuilder text = new StringBuilder();
        GenerateContentResponse last = null;
        try (ResponseStream<GenerateContentResponse> s = GEMINI.models.generateContentStream("gemini-2.5-flash", "hi", null)) {
            for (GenerateContentResponse chunk : s) {
                text.append(chunk.text());
                last = chunk;
            }
        }
        assertThat(text).hasToString("Hello! How can I help you today?");
        assertThat(last.usageMetadata().orElseThrow().candidatesTokenCount()).hasValue(9);
        assertThat(MOCK.lastRequest().queryParam("alt")).hasValue("sse");
    }

    @Test
    void genaiSdkTokensEmbeddingsAndErrors() {
        assertThat(GEMINI.models.countTokens("g", "hi", null).totalTokens()).hasValue(31);
        assertThat(GEMINI.models.embedContent("text-embedding-004", "hi", null).embeddings().orElseThrow()).isNotEmpty();
        MOCK.script().next(Fault.rateLimited(2)).next(Fault.status(503));
        assertThatThrownBy(() -> GEMINI.models.generateContent("g", "hi", null))
                .isInstanceOfSatisfying(ClientException.class, e -> assertThat(e.code()).isEqualTo(429));
        assertThatThrownBy(() -> GEMINI.models.generateContent("g", "hi", null))
                .isInstanceOfSatisfying(ServerException.class, e -> assertThat(e.status()).isEqualTo("UNAVAILABLE"));
    }
}
