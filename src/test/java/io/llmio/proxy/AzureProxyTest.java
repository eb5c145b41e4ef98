package io.llmio.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.llmio.mock.MockProtocol;
import io.llmio.mock.MockUpstream;
import io.llmio.mock.RecordedRequest;

/**
 * Provider type {@code azure}: OpenAI callers passed through to Azure OpenAI with Azure's URL
 * ({@code /openai/deployments/{deployment}/…?api-version=…}, or the {@code /openai/v1/} form) and
 * its {@code api-key} header; and a provider {@code base_url} that carries a query string keeps it,
 * for every type.
 */
class AzureProxyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "azure-key-0123456789";
    private static final MockUpstream MOCK = MockUpstream.start(KEY);
    private static final MockUpstream OPENAI = MockUpstream.start("sk-q");
    private static final Gateway GW = Gateway.start("""
            providers:
              - name: az
                type: azure
                base-url: %1$s
                api-key: %2$s
              - name: az-pinned
                type: azure
                base-url: %1$s/openai?api-version=2025-04-01-preview
                api-key: %2$s
              - name: az-v1
                type: azure
                base-url: %1$s/openai/v1/
                api-key: %2$s
              - name: oa-query
                type: openai
                base-url: %3$s?tenant=t1&region=eu
                api-key: sk-q
              - name: gm-query
                type: gemini
                base-url: %4$s?tenant=t1
                api-key: sk-q
              - name: an-query
                type: anthropic
                base-url: %5$s?tenant=t1
                api-key: sk-q
            models:
              - name: az-chat
                providers:
                  - {provider: az, model: gpt-4o-deploy}
              - name: az-pinned
                providers:
                  - {provider: az-pinned, model: gpt-4o-deploy}
              - name: az-emb
                providers:
                  - {provider: az, model: emb-deploy}
              - name: az-v1
                providers:
                  - {provider: az-v1, model: gpt-4o}
              - name: oa-query
                providers:
                  - {provider: oa-query, model: gpt-up}
              - name: gm-query
                providers:
                  - {provider: gm-query, model: gemini-up}
              - name: an-query
                providers:
                  - {provider: an-query, model: claude-up}
            """.formatted(MOCK.rootUrl(), KEY, OPENAI.baseUrl(MockProtocol.OPENAI),
            OPENAI.baseUrl(MockProtocol.GEMINI), OPENAI.baseUrl(MockProtocol.OPENAI)));
    private static final String AUTH = "Bearer " + Gateway.TOKEN;

    @AfterAll
    static void stop() {
        GW.close();
        MOCK.close();
        OPENAI.close();
    }

    @BeforeEach
    void reset() {
        MOCK.reset();
        OPENAI.reset();
    }

    private static HttpResponse<String> chat(String model, boolean stream) {
        return GW.post("/v1/chat/completions", "{\"model\":\"" + model + "\",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hello!\"}]}", "Authorization", AUTH,
                "Content-Type", "application/json");
    }

    private static void assertAzureAuth(RecordedRequest r) {
        assertThat(r.header("api-key")).contains(KEY);
        assertThat(r.header("authorization")).isEmpty();
    }

    @Test
    void chatGoesToTheDeploymentWithTheDefaultApiVersionAndApiKeyHeader() throws Exception {
        HttpResponse<String> res = chat("az-chat", false);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(res.body());
        assertThat(body.at("/choices/0/message/content").asText()).isEqualTo("Hello! How can I help you today?");
        RecordedRequest r = MOCK.lastRequest();
        assertThat(r.path()).isEqualTo("/openai/deployments/gpt-4o-deploy/chat/completions");
        assertThat(r.query()).isEqualTo("api-version=2024-10-21");
        assertAzureAuth(r);
    }

    @Test
    void apiVersionFromTheBaseUrlQueryIsKeptAndStreamsPassThrough() throws Exception {
        HttpResponse<String> res = chat("az-pinned", true);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        assertThat(res.body()).contains("\"content\":\" today\"").endsWith("data: [DONE]\n\n");
        RecordedRequest r = MOCK.lastRequest();
        assertThat(r.path()).isEqualTo("/openai/deployments/gpt-4o-deploy/chat/completions");
        assertThat(r.query()).isEqualTo("api-version=2025-04-01-preview");
        assertThat(JSON.readTree(r.body()).path("stream_options").path("include_usage").asBoolean()).isTrue();
        assertAzureAuth(r);
    }

    @Test
    void embeddingsGoToTheDeployment() throws Exception {
        HttpResponse<String> res = GW.post("/v1/embeddings", "{\"model\":\"az-emb\",\"input\":\"hi\"}",
                "Authorization", AUTH, "Content-Type", "application/json");
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        assertThat(JSON.readTree(res.body()).at("/data/0/embedding").isArray()).isTrue();
        RecordedRequest r = MOCK.lastRequest();
        assertThat(r.path()).isEqualTo("/openai/deployments/emb-deploy/embeddings");
        assertThat(r.queryParam("api-version")).contains("2024-10-21");
        assertAzureAuth(r);
    }

    @Test
    void theV1FormTakesOpenAisPathsWithoutApiVersion() throws Exception {
        HttpResponse<String> res = chat("az-v1", false);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        RecordedRequest r = MOCK.lastRequest();
        assertThat(r.path()).isEqualTo("/openai/v1/chat/completions");
        assertThat(r.query()).isEmpty();
        assertThat(JSON.readTree(r.body()).get("model").asText()).isEqualTo("gpt-4o");
        assertAzureAuth(r);

        HttpResponse<String> resp = GW.post("/v1/responses", "{\"model\":\"az-v1\",\"input\":\"Hello!\"}",
                "Authorization", AUTH, "Content-Type", "application/json");
        assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
        assertThat(JSON.readTree(resp.body()).get("object").asText()).isEqualTo("response");
        assertThat(MOCK.lastRequest().path()).isEqualTo("/openai/v1/responses");
        assertAzureAuth(MOCK.lastRequest());
    }

    @Test
    void aBaseUrlQueryStringIsKeptForEveryType() throws Exception {
        HttpResponse<String> o = chat("oa-query", false);
        assertThat(o.statusCode()).as(o.body()).isEqualTo(200);
        RecordedRequest oa = OPENAI.lastRequest();
        assertThat(oa.path()).isEqualTo("/v1/chat/completions");
        assertThat(oa.query()).isEqualTo("tenant=t1&region=eu");

        HttpResponse<String> gm = GW.post("/gemini/v1beta/models/gm-query:streamGenerateContent?alt=sse",
                "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hello!\"}]}]}",
                "x-goog-api-key", Gateway.TOKEN, "Content-Type", "application/json");
        assertThat(gm.statusCode()).as(gm.body()).isEqualTo(200);
        RecordedRequest g = OPENAI.lastRequest();
        assertThat(g.path()).isEqualTo("/v1beta/models/gemini-up:streamGenerateContent");
        assertThat(g.query()).isEqualTo("tenant=t1&alt=sse");

        HttpResponse<String> an = GW.post("/v1/messages",
                "{\"model\":\"an-query\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":\"Hello!\"}]}",
                "x-api-key", Gateway.TOKEN, "anthropic-version", "2023-06-01", "Content-Type", "application/json");
        assertThat(an.statusCode()).as(an.body()).isEqualTo(200);
        assertThat(OPENAI.lastRequest().path()).isEqualTo("/v1/messages");
        assertThat(OPENAI.lastRequest().query()).isEqualTo("tenant=t1");
    }
}
