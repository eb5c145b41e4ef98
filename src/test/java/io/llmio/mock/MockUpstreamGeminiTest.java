package io.llmio.mock;

import static io.llmio.mock.MockHttp.gemini;
import static io.llmio.mock.MockHttp.get;
import static io.llmio.mock.MockHttp.json;
import static io.llmio.mock.MockHttp.post;
import static io.llmio.mock.MockHttp.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MockUpstreamGeminiTest {

    private static final MockUpstream MOCK = MockUpstream.start("AIza-mock-0001");

    @AfterAll
    static void stop() {
        MOCK.close();
    }

    private static String model(String m, String method) {
        return MOCK.baseUrl(MockProtocol.GEMINI) + "/models/" + m + ":" + method;
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void generateContentHasCandidatesAndUsageMetadata(Scenario sc) {
        HttpResponse<byte[]> r = send(post(model("mock-" + sc.file(), "generateContent"), "{\"contents\":[]}", gemini(MOCK)));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode b = json(r.body());
        assertThat(b.path("modelVersion").asText()).isEqualTo("mock-" + sc.file());
        JsonNode u = b.path("usageMetadata");
        assertThat(u.path("cachedContentTokenCount").asInt()).isPositive();
        assertThat(u.path("totalTokenCount").asInt()).isEqualTo(u.path("promptTokenCount").asInt()
                + u.path("candidatesTokenCount").asInt() + u.path("thoughtsTokenCount").asInt());
        JsonNode parts = b.path("candidates").path(0).path("content").path("parts");
        switch (sc) {
            case TOOLS -> assertThat(parts.path(0).has("functionCall")).isTrue();
            case PARALLEL_TOOLS -> assertThat(parts).hasSize(2);
            case THINKING -> {
                assertThat(parts.path(0).path("thought").asBoolean()).isTrue();
                assertThat(u.path("thoughtsTokenCount").asInt()).isEqualTo(128);
            }
            case TEXT, JSON -> assertThat(parts.path(0).has("text")).isTrue();
        }
    }

    @Test
    void altSseStreamsCrlfFramedChunks() {
        HttpResponse<byte[]> r = send(post(model("gemini-x", "streamGenerateContent") + "?alt=sse", "{}", gemini(MOCK)));
        assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
        String raw = new String(r.body(), StandardCharsets.UTF_8);
        List<SseFrames.Event> events = SseFrames.parse(raw);
        assertThat(events).hasSizeGreaterThan(2);
        assertThat(events).allSatisfy(e -> assertThat(e.raw()).startsWith("data: ").endsWith("}\r\n\r\n"));
        JsonNode last = json(events.getLast().data());
        assertThat(last.path("candidates").path(0).path("finishReason").asText()).isEqualTo("STOP");
        assertThat(last.path("usageMetadata").path("candidatesTokenCount").asInt()).isPositive();
        StringBuilder text = new StringBuilder();
        events.forEach(e -> text.append(json(e.data()).path("candidates").path(0).path("content").path("parts").path(0).path("text").asText()));
        assertThat(text).hasToString("Hello! How can I help you today?");
    }

    @Test
    void withoutAltSseTheStreamIsOneJsonArray() {
        HttpResponse<byte[]> r = send(post(model("gemini-x", "streamGenerateContent") + "?key=" + MOCK.apiKey(), "{}"));
        assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("application/json");
        JsonNode arr = json(r.body());
        assertThat(arr.isArray()).isTrue();
        assertThat(arr).hasSizeGreaterThan(2);
        assertThat(arr.get(arr.size() - 1).path("modelVersion").asText()).isEqualTo("gemini-x");
    }

    @Test
    void embeddingsTokensAndModels() {
        assertThat(json(send(post(model("text-embedding-004", "embedContent"), "{}", gemini(MOCK))).body())
                .path("embedding").path("values")).isNotEmpty();
        assertThat(json(send(post(model("text-embedding-004", "batchEmbedContents"), "{}", gemini(MOCK))).body())
                .path("embeddings")).hasSize(2);
        assertThat(json(send(post(model("g", "countTokens"), "{}", gemini(MOCK))).body()).path("totalTokens").asInt()).isPositive();
        JsonNode models = json(send(get(MOCK.baseUrl(MockProtocol.GEMINI) + "/models", gemini(MOCK))).body());
        assertThat(models.path("models").path(0).path("name").asText()).startsWith("models/");
    }

    @Test
    void v1PathAlsoServed() {
        HttpResponse<byte[]> r = send(post(MOCK.rootUrl() + "/v1/models/g:generateContent", "{}", gemini(MOCK)));
        assertThat(r.statusCode()).isEqualTo(200);
    }

    @Test
    void badKeyIs400ApiKeyInvalidAndNoKeyIs403() {
        HttpResponse<byte[]> bad = send(post(model("g", "generateContent") + "?key=wrong", "{}"));
        assertThat(bad.statusCode()).isEqualTo(400);
        JsonNode err = json(bad.body()).path("error");
        assertThat(err.path("status").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(err.path("details").path(0).path("reason").asText()).isEqualTo("API_KEY_INVALID");
        HttpResponse<byte[]> none = send(post(model("g", "generateContent"), "{}"));
        assertThat(none.statusCode()).isEqualTo(403);
        assertThat(json(none.body()).path("error").path("code").asInt()).isEqualTo(403);
    }
}
