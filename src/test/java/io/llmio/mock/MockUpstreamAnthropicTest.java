package io.llmio.mock;

import static io.llmio.mock.MockHttp.anthropic;
import static io.llmio.mock.MockHttp.get;
import static io.llmio.mock.MockHttp.json;
import static io.llmio.mock.MockHttp.post;
import static io.llmio.mock.MockHttp.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MockUpstreamAnthropicTest {

    private static final MockUpstream MOCK = MockUpstream.start("sk-ant-mock-0001");

    @AfterAll
    static void stop() {
        MOCK.close();
    }

    private static String messages() {
        return MOCK.baseUrl(MockProtocol.ANTHROPIC) + "/messages";
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void messageHasContentBlocksAndUsage(Scenario sc) {
        HttpResponse<byte[]> r = send(post(messages(), "{\"model\":\"mock-" + sc.file() + "\",\"max_tokens\":100}", anthropic(MOCK)));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode b = json(r.body());
        assertThat(b.path("type").asText()).isEqualTo("message");
        assertThat(b.path("model").asText()).isEqualTo("mock-" + sc.file());
        assertThat(b.path("usage").path("cache_read_input_tokens").asInt()).isPositive();
        JsonNode content = b.path("content");
        switch (sc) {
            case TOOLS -> assertThat(content.path(0).path("type").asText()).isEqualTo("tool_use");
            case PARALLEL_TOOLS -> assertThat(content).hasSize(2);
            case THINKING -> {
                assertThat(content.path(0).path("type").asText()).isEqualTo("thinking");
                assertThat(content.path(0).path("signature").asText()).isNotEmpty();
            }
            case TEXT, JSON -> assertThat(content.path(0).path("type").asText()).isEqualTo("text");
        }
        assertThat(b.path("stop_reason").asText()).isEqualTo(sc == Scenario.TOOLS || sc == Scenario.PARALLEL_TOOLS ? "tool_use" : "end_turn");
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void streamFollowsDocumentedEventFlow(Scenario sc) {
        HttpResponse<byte[]> r = send(post(messages(), "{\"model\":\"claude-x\",\"stream\":true}",
                "x-api-key", MOCK.apiKey(), "anthropic-version", "2023-06-01", MockUpstream.SCENARIO_HEADER, sc.file()));
        List<SseFrames.Event> events = SseFrames.parse(r.body());
        assertThat(events).allSatisfy(e -> assertThat(json(e.data()).path("type").asText()).isEqualTo(e.event()));
        assertThat(events.getFirst().event()).isEqualTo("message_start");
        assertThat(events.getLast().event()).isEqualTo("message_stop");
        assertThat(events.get(events.size() - 2).event()).isEqualTo("message_delta");
        assertThat(events).anySatisfy(e -> assertThat(e.event()).isEqualTo("ping"));
        assertThat(json(events.getFirst().data()).path("message").path("model").asText()).isEqualTo("claude-x");
        JsonNode delta = json(events.get(events.size() - 2).data());
        assertThat(delta.path("usage").path("output_tokens").asInt()).isGreaterThan(1);
        StringBuilder toolJson = new StringBuilder();
        StringBuilder thinking = new StringBuilder();
        String signature = "";
        for (SseFrames.Event e : events) {
            JsonNode d = json(e.data()).path("delta");
            switch (d.path("type").asText()) {
                case "input_json_delta" -> toolJson.append(d.path("partial_json").asText());
                case "thinking_delta" -> thinking.append(d.path("thinking").asText());
                case "signature_delta" -> signature = d.path("signature").asText();
                default -> {
                }
            }
        }
        if (sc == Scenario.TOOLS) {
            assertThat(json(toolJson.toString()).path("location").asText()).isEqualTo("Paris");
        }
        if (sc == Scenario.THINKING) {
            assertThat(thinking).isNotEmpty();
            assertThat(signature).isNotEmpty();
        }
    }

    @Test
    void countTokensAndModels() {
        JsonNode c = json(send(post(messages() + "/count_tokens", "{\"model\":\"m\",\"messages\":[]}", anthropic(MOCK))).body());
        assertThat(c.path("input_tokens").asInt()).isPositive();
        JsonNode m = json(send(get(MOCK.baseUrl(MockProtocol.ANTHROPIC) + "/models", anthropic(MOCK))).body());
        assertThat(m.path("data").path(0).path("type").asText()).isEqualTo("model");
        assertThat(m.has("has_more")).isTrue();
    }

    @Test
    void authErrorsUseAnthropicEnvelope() {
        HttpResponse<byte[]> bad = send(post(messages(), "{}", "x-api-key", "nope", "anthropic-version", "2023-06-01"));
        assertThat(bad.statusCode()).isEqualTo(401);
        JsonNode b = json(bad.body());
        assertThat(b.path("type").asText()).isEqualTo("error");
        assertThat(b.path("error").path("type").asText()).isEqualTo("authentication_error");
        HttpResponse<byte[]> noVersion = send(post(messages(), "{}", "x-api-key", MOCK.apiKey()));
        assertThat(noVersion.statusCode()).isEqualTo(400);
        assertThat(json(noVersion.body()).path("error").path("type").asText()).isEqualTo("invalid_request_error");
    }
}
