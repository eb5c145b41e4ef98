package io.llmio.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmio.Main;
import io.llmio.mock.MockProtocol;
import io.llmio.mock.MockUpstream;
import io.llmio.mock.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The association test's tool-calling check ({@code POST /api/model-providers/{id}/test-tools}) against the
 * mock upstream, for every provider type: a streamed request with a tool, two calls asked for in order,
 * and the calls the upstream really streamed read back in its own wire format.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AssociationToolTest {
    private static final AtomicInteger SEQ = new AtomicInteger();
    private MockUpstream mock;
    private Main.App app;
    private AdminHttp http;

    @BeforeAll
    void start() {
        mock = MockUpstream.start("sk-upstream-tools");
        app = AdminServer.start("embedded", Map.of());
        http = new AdminHttp(app.port(), AdminServer.TOKEN);
    }

    @AfterAll
    void stop() {
        app.stop();
        mock.close();
    }

    @Test
    void everyProviderTypeStreamsTheTwoToolCallsInOrder() throws Exception {
        for (String type : List.of("openai", "openai-responses", "anthropic", "gemini")) {
            long id = association(type, "mock-parallel_tools", mock.apiKey());
            AdminHttp.Resp r = http.post("/api/model-providers/" + id + "/test-tools", null);
            assertThat(r.status()).as(type + ": " + r.text()).isEqualTo(200);
            JsonNode j = r.json();
            assertThat(j.get("ok").asBoolean()).as(type + ": " + j).isTrue();
            assertThat(j.get("status").asInt()).isEqualTo(200);
            assertThat(j.get("error").isNull()).as(type).isTrue();
            JsonNode calls = j.get("tool_calls");
            assertThat(calls).as(type).hasSize(2);
            assertThat(calls.get(0).get("name").asText()).isEqualTo("get_weather");
            assertThat(AdminHttp.JSON.readTree(calls.get(0).get("arguments").asText()).get("location").asText()).isEqualTo("Paris");
            assertThat(AdminHttp.JSON.readTree(calls.get(1).get("arguments").asText()).get("location").asText()).isEqualTo("London");

            RecordedRequest up = mock.lastRequest();
            JsonNode body = AdminHttp.JSON.readTree(up.body());
            switch (type) {
                case "openai" -> {
                    assertThat(up.path()).isEqualTo("/v1/chat/completions");
                    assertThat(body.get("stream").asBoolean()).isTrue();
                    assertThat(body.at("/tools/0/function/name").asText()).isEqualTo("get_weather");
                    assertThat(up.header("authorization")).hasValue("Bearer " + mock.apiKey());
                }
                case "openai-responses" -> {
                    assertThat(up.path()).isEqualTo("/v1/responses");
                    assertThat(body.get("stream").asBoolean()).isTrue();
                    assertThat(body.at("/tools/0/name").asText()).isEqualTo("get_weather");
                    assertThat(body.at("/tools/0/type").asText()).isEqualTo("function");
                }
                case "anthropic" -> {
                    assertThat(up.path()).isEqualTo("/v1/messages");
                    assertThat(body.get("stream").asBoolean()).isTrue();
                    assertThat(body.at("/tools/0/input_schema/required/0").asText()).isEqualTo("location");
                    assertThat(up.header("x-api-key")).hasValue(mock.apiKey());
                }
                case "gemini" -> {
                    assertThat(up.path()).isEqualTo("/v1beta/models/mock-parallel_tools:streamGenerateContent");
                    assertThat(up.queryParam("alt")).hasValue("sse");
                    assertThat(body.at("/tools/0/functionDeclarations/0/name").asText()).isEqualTo("get_weather");
                }
                default -> throw new AssertionError(type);
            }
        }
    }

    @Test
    void anUpstreamThatAnswersInTextFailsTheCheck() {
        for (String type : List.of("openai", "openai-responses", "anthropic", "gemini")) {
            long id = association(type, "mock-text", mock.apiKey());
            JsonNode j = http.post("/api/model-providers/" + id + "/test-tools", null).json();
            assertThat(j.get("ok").asBoolean()).as(type + ": " + j).isFalse();
            assertThat(j.get("tool_calls")).as(type).isEmpty();
            assertThat(j.get("error").asText()).as(type).contains("without a tool call");
            assertThat(j.get("reply").asText()).as(type).isNotBlank();
        }
        // one call where two were asked for
        long single = association("anthropic", "mock-tools", mock.apiKey());
        JsonNode one = http.post("/api/model-providers/" + single + "/test-tools", null).json();
        assertThat(one.get("ok").asBoolean()).as(one.toString()).isFalse();
        assertThat(one.get("tool_calls")).hasSize(1);
        assertThat(one.get("error").asText()).contains("one tool call where two were asked for");
    }

    @Test
    void anUpstreamErrorIsShownWithoutTheKey() {
        long id = association("openai", "mock-parallel_tools", "sk-wrong-key-0123456789");
        JsonNode j = http.post("/api/model-providers/" + id + "/test-tools", null).json();
        assertThat(j.get("ok").asBoolean()).isFalse();
        assertThat(j.get("status").asInt()).isEqualTo(401);
        assertThat(j.toString()).doesNotContain("sk-wrong-key-0123456789");
        assertThat(http.post("/api/model-providers/999999/test-tools", null).status()).isEqualTo(404);
    }

    private long association(String type, String upstreamModel, String key) {
        String base = mock.baseUrl(type.equals("gemini") ? MockProtocol.GEMINI
                                           : type.equals("anthropic") ? MockProtocol.ANTHROPIC : MockProtocol.OPENAI);
        var p = http.post("/api/providers", AdminHttp.json(Map.of("name", "tools-" + SEQ.incrementAndGet(), "type", type,
                                                                  "base_url", base, "api_key", key)));
        assertThat(p.status()).as(p.text()).isEqualTo(201);
        var m = http.post("/api/models", AdminHttp.json(Map.of("name", "tools-model-" + SEQ.incrementAndGet())));
        assertThat(m.status()).as(m.text()).isEqualTo(201);
        var a = http.post("/api/model-providers", AdminHttp.json(Map.of("model_id", m.json().get("id").asLong(),
                "provider_id", p.json().get("id").asLong(), "provider_model", upstreamModel)));
        assertThat(a.status()).as(a.text()).isEqualTo(201);
        return a.json().get("id").asLong();
    }
}
