package io.llmio.proxy;

import java.net.http.HttpResponse;

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
 * Embeddings across protocols (SPEC §11) through the real gateway and the mock upstream: an OpenAI
 * {@code /v1/embeddings} caller served by a Gemini provider ({@code :batchEmbedContents}), Gemini
 * {@code :embedContent} / {@code :batchEmbedContents} callers served by an OpenAI provider
 * ({@code /embeddings}); usage and the upstream protocol in the log row, errors in the caller's envelope.
 * Field mapping: {@code EmbeddingsGoldenTest}.
 */
class CrossProtocolEmbeddingsTest {
    private static final MockUpstream MOCK = MockUpstream.start("sk-emb");
    private static final Gateway GW = Gateway.start("""
            providers:
              - name: oai
                type: openai
                base-url: %1$s
                api-key: sk-emb
              - name: gem
                type: gemini
                base-url: %2$s
                api-key: sk-emb
            models:
              - name: emb-via-gemini
                providers:
                  - provider: gem
                    model: gemini-embedding-001
              - name: emb-via-openai
                providers:
                  - provider: oai
                    model: text-embedding-3-small
            """.formatted(MOCK.baseUrl(MockProtocol.OPENAI), MOCK.baseUrl(MockProtocol.GEMINI)));

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
    void openAiCallerIsServedByAGeminiProvider() {
        HttpResponse<String> r = GW.post("/v1/embeddings", """
                {"model":"emb-via-gemini","input":["first text","second text"],"dimensions":8,"encoding_format":"float"}""",
                "Authorization", "Bearer " + Gateway.TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = UsageTap.parse(r.body().getBytes());
        assertThat(body.path("object").asText()).isEqualTo("list");
        assertThat(body.path("model").asText()).isEqualTo("emb-via-gemini");
        assertThat(body.path("data")).hasSize(2);
        assertThat(body.path("data").path(1).path("index").asInt()).isEqualTo(1);
        assertThat(body.path("data").path(0).path("embedding")).hasSize(8);

        RecordedRequest up = MOCK.lastRequest();
        assertThat(up.path()).isEqualTo("/v1beta/models/gemini-embedding-001:batchEmbedContents");
        assertThat(up.header("x-goog-api-key")).hasValue("sk-emb");
        assertThat(up.header("authorization")).isEmpty();
        JsonNode sent = UsageTap.parse(up.body());
        assertThat(sent.path("requests")).hasSize(2);
        assertThat(sent.path("requests").path(0).path("model").asText()).isEqualTo("models/gemini-embedding-001");
        assertThat(sent.path("requests").path(1).path("content").path("parts").path(0).path("text").asText())
                .isEqualTo("second text");
        assertThat(sent.path("requests").path(0).path("outputDimensionality").asInt()).isEqualTo(8);

        RequestLog row = GW.finishedLogs(trace(r), 1).getFirst();
        assertThat(row.style()).isEqualTo("openai-embeddings");
        assertThat(row.upstreamStyle()).isEqualTo("gemini-embeddings");
        assertThat(row.status()).isEqualTo("success");
        assertThat(row.httpStatus()).isEqualTo(200);
    }

    @Test
    void geminiEmbedContentIsServedByAnOpenAiProvider() {
        HttpResponse<String> r = GW.post("/gemini/v1beta/models/emb-via-openai:embedContent", """
                {"content":{"parts":[{"text":"hello"}]}}""", "x-goog-api-key", Gateway.TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = UsageTap.parse(r.body().getBytes());
        assertThat(body.path("embedding").path("values")).hasSize(8);

        RecordedRequest up = MOCK.lastRequest();
        assertThat(up.path()).isEqualTo("/v1/embeddings");
        assertThat(up.header("authorization")).hasValue("Bearer sk-emb");
        assertThat(up.header("x-goog-api-key")).isEmpty();
        JsonNode sent = UsageTap.parse(up.body());
        assertThat(sent.path("model").asText()).isEqualTo("text-embedding-3-small");
        assertThat(sent.path("input").toString()).contains("hello");

        RequestLog row = GW.finishedLogs(trace(r), 1).getFirst();
        assertThat(row.style()).isEqualTo("gemini-embeddings");
        assertThat(row.upstreamStyle()).isEqualTo("openai-embeddings");
        assertThat(row.status()).isEqualTo("success");
        assertThat(row.promptTokens()).as("usage read on the upstream's answer").isEqualTo(8);
    }

    @Test
    void geminiBatchEmbedContentsIsServedByAnOpenAiProvider() {
        HttpResponse<String> r = GW.post("/gemini/v1beta/models/emb-via-openai:batchEmbedContents", """
                {"requests":[{"model":"models/emb-via-openai","content":{"parts":[{"text":"hello"}]}}]}""",
                "x-goog-api-key", Gateway.TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = UsageTap.parse(r.body().getBytes());
        assertThat(body.path("embeddings")).hasSize(1);
        assertThat(body.path("embeddings").path(0).path("values")).hasSize(8);
        assertThat(MOCK.lastRequest().path()).isEqualTo("/v1/embeddings");
    }

    @Test
    void upstreamErrorsReachTheCallerInItsEnvelope() {
        MOCK.script().next(Fault.status(400));
        HttpResponse<String> r = GW.post("/v1/embeddings", """
                {"model":"emb-via-gemini","input":"hi"}""", "Authorization", "Bearer " + Gateway.TOKEN);
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode err = UsageTap.parse(r.body().getBytes()).path("error");
        assertThat(err.path("type").asText()).as(r.body()).isEqualTo("invalid_request_error");

        MOCK.script().next(Fault.status(400));
        HttpResponse<String> g = GW.post("/gemini/v1beta/models/emb-via-openai:embedContent", """
                {"content":{"parts":[{"text":"hi"}]}}""", "x-goog-api-key", Gateway.TOKEN);
        assertThat(g.statusCode()).isEqualTo(400);
        JsonNode gerr = UsageTap.parse(g.body().getBytes()).path("error");
        assertThat(gerr.path("status").asText()).as(g.body()).isEqualTo("INVALID_ARGUMENT");
        assertThat(gerr.path("code").asInt()).isEqualTo(400);
    }

    @Test
    void untranslatableInputIsA400NamingTheFieldWithoutAnUpstreamCall() {
        HttpResponse<String> r = GW.post("/v1/embeddings", """
                {"model":"emb-via-gemini","input":[[1,2,3]]}""", "Authorization", "Bearer " + Gateway.TOKEN);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(UsageTap.parse(r.body().getBytes()).path("error").path("param").asText()).as(r.body()).startsWith("input");
        assertThat(MOCK.requestCount()).isZero();
    }
}
