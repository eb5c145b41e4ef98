package io.llmio.proxy;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmio.mock.MockProtocol;
import io.llmio.mock.MockUpstream;
import io.llmio.proxy.protocol.UsageTap;
import io.llmio.requestlog.RequestLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Behaviours the original llmio had and clients rely on (issue 14, part B). */
class ParityTest {
    private static final MockUpstream MOCK = MockUpstream.start("sk-upstream-parity");
    private static final Gateway GW = Gateway.start("""
            providers:
              - name: gemini-up
                type: gemini
                base-url: %1$s
                api-key: sk-upstream-parity
              - name: claude-up
                type: anthropic
                base-url: %2$s
                api-key: sk-upstream-parity
            models:
              - name: gem-listed
                providers:
                  - provider: gemini-up
                    model: models/gemini-2.0-flash
              - name: claude
                providers:
                  - provider: claude-up
                    model: claude-up
            """.formatted(MOCK.baseUrl(MockProtocol.GEMINI), MOCK.baseUrl(MockProtocol.ANTHROPIC)));

    @AfterAll
    static void stop() {
        GW.close();
        MOCK.close();
    }

    @BeforeEach
    void reset() {
        MOCK.reset();
    }

    @Test
    void geminiUpstreamModelWrittenAsGoogleListsItIsSentOnce() {
        String body = "{\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}]}";
        HttpResponse<String> res = GW.post("/gemini/v1beta/models/gem-listed:generateContent", body,
                                           "x-goog-api-key", Gateway.TOKEN);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        assertThat(MOCK.lastRequest().path()).isEqualTo("/v1beta/models/gemini-2.0-flash:generateContent");

        HttpResponse<String> batch = GW.post("/gemini/v1beta/models/gem-listed:batchEmbedContents",
                "{\"requests\":[{\"model\":\"models/gem-listed\",\"content\":{\"parts\":[{\"text\":\"hi\"}]}}]}",
                "x-goog-api-key", Gateway.TOKEN);
        assertThat(batch.statusCode()).as(batch.body()).isEqualTo(200);
        assertThat(MOCK.lastRequest().path()).isEqualTo("/v1beta/models/gemini-2.0-flash:batchEmbedContents");
        assertThat(UsageTap.parse(MOCK.lastRequest().body()).get("requests").get(0).get("model").asText())
                .isEqualTo("models/gemini-2.0-flash");
    }

    @Test
    void headOnEveryBaseUrlAnswers200WithoutAuthOrBody() {
        for (String base : List.of("/", "/anthropic", "/openai/v1", "/gemini", "/v1")) {
            for (String path : base.equals("/") ? List.of(base) : List.of(base, base + "/")) {
                HttpResponse<String> head = Gateway.send(HttpRequest.newBuilder(URI.create(GW.url(path)))
                        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
                assertThat(head.statusCode()).as("HEAD " + path).isEqualTo(200);
                assertThat(head.body()).as("HEAD " + path).isEmpty();
            }
        }
        assertThat(MOCK.requestCount()).isZero();
    }

    @Test
    void unknownApiLookingPathsAnswerJson404InTheirProtocolsEnvelope() {
        // OpenAI envelope: /v1 and /openai
        for (String path : List.of("/v1/nope", "/v1", "/openai/v1/chat/nope", "/openai")) {
            JsonNode err = json404(GW.get(path), path);
            assertThat(err.path("error").path("type").asText()).as(path).isEqualTo("invalid_request_error");
            assertThat(err.path("error").has("param")).as(path).isTrue();
        }
        // an Anthropic client on the shared /v1 root, and the /anthropic prefix
        JsonNode anthropic = json404(GW.get("/v1/messages/nope", "anthropic-version", "2023-06-01"), "/v1 anthropic");
        assertThat(anthropic.get("type").asText()).isEqualTo("error");
        assertThat(anthropic.path("error").path("type").asText()).isEqualTo("not_found_error");
        JsonNode prefixed = json404(GW.post("/anthropic/v1/nope", "{}"), "/anthropic/v1/nope");
        assertThat(prefixed.path("error").path("type").asText()).isEqualTo("not_found_error");
        // Gemini
        JsonNode gemini = json404(GW.get("/gemini/v1beta/nope"), "/gemini/v1beta/nope");
        assertThat(gemini.path("error").path("status").asText()).isEqualTo("NOT_FOUND");
        assertThat(gemini.path("error").path("code").asInt()).isEqualTo(404);
        // management and health: the admin API's shape
        for (String path : List.of("/healthz", "/health/nope", "/metricsz", "/metrics/nope", "/api", "/api/nope")) {
            JsonNode err = json404(GW.get(path, "Authorization", "Bearer " + Gateway.TOKEN), path);
            assertThat(err.path("error").path("type").asText()).as(path).isEqualTo("not_found");
        }
        // the real routes still answer
        assertThat(GW.get("/health").statusCode()).isEqualTo(200);
        assertThat(GW.get("/v1/models", "Authorization", "Bearer " + Gateway.TOKEN).statusCode()).isEqualTo(200);
        assertThat(MOCK.requestCount()).isZero();
    }

    @Test
    void countTokensOfBothProtocolsAreLoggedWithTheirOwnStyle() {
        HttpResponse<String> gem = GW.post("/gemini/v1beta/models/gem-listed:countTokens",
                                           "{\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}]}",
                                           "x-goog-api-key", Gateway.TOKEN);
        assertThat(gem.statusCode()).as(gem.body()).isEqualTo(200);
        RequestLog g = GW.finishedLogs(gem.headers().firstValue("x-llmio-trace-id").orElseThrow(), 1).getFirst();
        assertThat(g.style()).isEqualTo("gemini-count-tokens");
        assertThat(g.promptTokens()).isEqualTo(31);
        assertThat(g.completionTokens()).isZero();

        HttpResponse<String> claude = GW.post("/anthropic/v1/messages/count_tokens",
                "{\"model\":\"claude\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "x-api-key", Gateway.TOKEN);
        assertThat(claude.statusCode()).as(claude.body()).isEqualTo(200);
        RequestLog a = GW.finishedLogs(claude.headers().firstValue("x-llmio-trace-id").orElseThrow(), 1).getFirst();
        assertThat(a.style()).isEqualTo("anthropic-count-tokens");
        assertThat(a.promptTokens()).isEqualTo(2041);
    }

    private static JsonNode json404(HttpResponse<String> res, String what) {
        assertThat(res.statusCode()).as(what + ": " + res.body()).isEqualTo(404);
        assertThat(res.headers().firstValue("content-type").orElse("")).as(what).startsWith("application/json");
        JsonNode n = UsageTap.parse(res.body());
        assertThat(n).as(what + ": " + res.body()).isNotNull();
        assertThat(n.path("error").path("message").asText()).as(what).isNotBlank();
        return n;
    }
}
