package io.llmio.mock;

import static io.llmio.mock.MockHttp.anthropic;
import static io.llmio.mock.MockHttp.gemini;
import static io.llmio.mock.MockHttp.json;
import static io.llmio.mock.MockHttp.openai;
import static io.llmio.mock.MockHttp.post;
import static io.llmio.mock.MockHttp.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The agent script: tool call on turn 1, text after the tool result, normal scenario otherwise; every protocol. */
class MockUpstreamAgentTest {

    private static final String ARGS = "{\"command\":\"echo \\\"hi\\\" > out.txt\"}";
    private static final String TEXT = "Done: \"out.txt\" written.";
    private static final MockUpstream MOCK = MockUpstream.start("sk-agent-mock")
            .agent(new AgentScript("Bash", ARGS, TEXT));

    @AfterAll
    static void stop() {
        MOCK.close();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void anthropicMessages(boolean stream) {
        String url = MOCK.baseUrl(MockProtocol.ANTHROPIC) + "/messages";
        String tools = "\"tools\":[{\"name\":\"Read\",\"input_schema\":{}},{\"name\":\"Bash\",\"input_schema\":{}}]";
        String turn1 = "{\"model\":\"m\",\"stream\":" + stream + "," + tools
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"write it\"}]}";
        JsonNode call = anthropicMessage(send(post(url, turn1, anthropic(MOCK))), stream);
        assertThat(call.path("stop_reason").asText()).isEqualTo("tool_use");
        JsonNode use = call.path("content").path(0);
        assertThat(use.path("name").asText()).isEqualTo("Bash");
        assertThat(use.path("input")).isEqualTo(json(ARGS));

        String turn2 = "{\"model\":\"m\",\"stream\":" + stream + "," + tools + ",\"messages\":[{\"role\":\"user\",\"content\":\"write it\"},"
                + "{\"role\":\"assistant\",\"content\":[" + use + "]},{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\""
                + use.path("id").asText() + "\",\"content\":\"\"}]}]}";
        JsonNode done = anthropicMessage(send(post(url, turn2, anthropic(MOCK))), stream);
        assertThat(done.path("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(done.path("content").path(0).path("text").asText()).isEqualTo(TEXT);
        assertThat(done.path("id").asText()).as("turn 2 is another message").isNotEqualTo(call.path("id").asText());

        String noTools = "{\"model\":\"mock-text\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"title?\"}]}";
        assertThat(anthropicMessage(send(post(url, noTools, anthropic(MOCK))), stream).path("content").path(0).path("text").asText())
                .isEqualTo("Hello! How can I help you today?");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void openAiResponses(boolean stream) {
        String url = MOCK.baseUrl(MockProtocol.OPENAI) + "/responses";
        String tools = "\"tools\":[{\"type\":\"function\",\"name\":\"Bash\",\"parameters\":{}},{\"type\":\"web_search\"}]";
        JsonNode call = responsesOutput(send(post(url, "{\"model\":\"m\",\"stream\":" + stream + "," + tools
                + ",\"input\":[{\"type\":\"message\",\"role\":\"user\",\"content\":\"write it\"}]}", openai(MOCK))), stream);
        JsonNode fc = call.path("output").path(0);
        assertThat(fc.path("type").asText()).isEqualTo("function_call");
        assertThat(fc.path("name").asText()).isEqualTo("Bash");
        assertThat(json(fc.path("arguments").asText())).isEqualTo(json(ARGS));

        JsonNode done = responsesOutput(send(post(url, "{\"model\":\"m\",\"stream\":" + stream + "," + tools
                + ",\"input\":[{\"type\":\"message\",\"role\":\"user\",\"content\":\"write it\"}," + fc
                + ",{\"type\":\"function_call_output\",\"call_id\":\"" + fc.path("call_id").asText() + "\",\"output\":\"\"}]}",
                                                   openai(MOCK))), stream);
        assertThat(done.path("output").path(0).path("content").path(0).path("text").asText()).isEqualTo(TEXT);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void openAiChatCompletions(boolean stream) {
        String url = MOCK.baseUrl(MockProtocol.OPENAI) + "/chat/completions";
        String tools = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"Bash\",\"parameters\":{}}}]";
        JsonNode call = chatMessage(send(post(url, "{\"model\":\"m\",\"stream\":" + stream + "," + tools
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"write it\"}]}", openai(MOCK))), stream);
        JsonNode tc = call.path("tool_calls").path(0);
        assertThat(tc.path("function").path("name").asText()).isEqualTo("Bash");
        assertThat(json(tc.path("function").path("arguments").asText())).isEqualTo(json(ARGS));

        JsonNode done = chatMessage(send(post(url, "{\"model\":\"m\",\"stream\":" + stream + "," + tools
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"write it\"},{\"role\":\"assistant\",\"tool_calls\":[" + tc + "]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"" + tc.path("id").asText() + "\",\"content\":\"\"}]}", openai(MOCK))), stream);
        assertThat(done.path("content").asText()).isEqualTo(TEXT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"generateContent", "streamGenerateContent?alt=sse"})
    void geminiGenerateContent(String method) {
        String url = MOCK.baseUrl(MockProtocol.GEMINI) + "/models/m:" + method;
        String tools = "\"tools\":[{\"functionDeclarations\":[{\"name\":\"Bash\",\"parameters\":{}}]}]";
        JsonNode call = geminiParts(send(post(url, "{" + tools + ",\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"write it\"}]}]}",
                                              gemini(MOCK))));
        assertThat(call.path(0).path("functionCall").path("name").asText()).isEqualTo("Bash");
        assertThat(call.path(0).path("functionCall").path("args")).isEqualTo(json(ARGS));

        JsonNode done = geminiParts(send(post(url, "{" + tools + ",\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"write it\"}]},"
                + "{\"role\":\"model\",\"parts\":" + call + "},{\"role\":\"user\",\"parts\":[{\"functionResponse\":"
                + "{\"name\":\"Bash\",\"response\":{\"output\":\"\"}}}]}]}", gemini(MOCK))));
        assertThat(done.path(0).path("text").asText() + done.path(1).path("text").asText()).isEqualTo(TEXT);
    }

    @Test
    void argumentsMustBeAJsonObject() {
        assertThatThrownBy(() -> new AgentScript("Bash", "[1]", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AgentScript("Bash", "{", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    /** The message, from the body or rebuilt from the documented stream events. */
    private static JsonNode anthropicMessage(HttpResponse<byte[]> r, boolean stream) {
        assertThat(r.statusCode()).isEqualTo(200);
        if (!stream) {
            return json(r.body());
        }
        List<SseFrames.Event> events = SseFrames.parse(r.body());
        ObjectNode msg = (ObjectNode)
                json(events.getFirst().data()).path("message");
        StringBuilder text = new StringBuilder();
        StringBuilder args = new StringBuilder();
        ObjectNode block = null;
        for (SseFrames.Event e : events) {
            JsonNode d = json(e.data());
            switch (e.event()) {
                case "content_block_start" -> block = ((ObjectNode) d.path("content_block")).deepCopy();
                case "content_block_delta" -> {
                    text.append(d.path("delta").path("text").asText(""));
                    args.append(d.path("delta").path("partial_json").asText(""));
                }
                case "content_block_stop" -> {
                    if (block.path("type").asText().equals("tool_use")) {
                        block.set("input", json(args.toString()));
                    } else {
                        block.put("text", text.toString());
                    }
                    msg.withArray("content").add(block);
                }
                case "message_delta" -> msg.put("stop_reason", d.path("delta").path("stop_reason").asText());
                default -> { }
            }
        }
        return msg;
    }

    /** The response: the body, or {@code response.completed}'s after checking the deltas add up to it. */
    private static JsonNode responsesOutput(HttpResponse<byte[]> r, boolean stream) {
        assertThat(r.statusCode()).isEqualTo(200);
        if (!stream) {
            return json(r.body());
        }
        StringBuilder deltas = new StringBuilder();
        JsonNode completed = null;
        for (SseFrames.Event e : SseFrames.parse(r.body())) {
            JsonNode d = json(e.data());
            assertThat(d.path("type").asText()).isEqualTo(e.event());
            if (e.event().endsWith(".delta")) {
                deltas.append(d.path("delta").asText());
            }
            if (e.event().equals("response.completed")) {
                completed = d.path("response");
            }
        }
        JsonNode item = completed.path("output").path(0);
        String whole = item.path("type").asText().equals("function_call") ? item.path("arguments").asText()
                : item.path("content").path(0).path("text").asText();
        assertThat(deltas.toString()).isEqualTo(whole);
        return completed;
    }

    /** The assistant message, from the body or from the chunks' deltas. */
    private static JsonNode chatMessage(HttpResponse<byte[]> r, boolean stream) {
        assertThat(r.statusCode()).isEqualTo(200);
        if (!stream) {
            return json(r.body()).path("choices").path(0).path("message");
        }
        StringBuilder text = new StringBuilder();
        StringBuilder args = new StringBuilder();
        String id = null;
        String name = null;
        for (SseFrames.Event e : SseFrames.parse(r.body())) {
            if (e.data().equals("[DONE]")) {
                continue;
            }
            JsonNode delta = json(e.data()).path("choices").path(0).path("delta");
            text.append(delta.path("content").asText(""));
            JsonNode tc = delta.path("tool_calls").path(0);
            id = tc.has("id") ? tc.path("id").asText() : id;
            name = tc.path("function").has("name") ? tc.path("function").path("name").asText() : name;
            args.append(tc.path("function").path("arguments").asText(""));
        }
        String msg = name == null ? "{\"content\":" + MockHttp.JSON.valueToTree(text.toString()) + "}"
                : "{\"tool_calls\":[{\"id\":\"" + id + "\",\"type\":\"function\",\"function\":{\"name\":\"" + name
                  + "\",\"arguments\":" + MockHttp.JSON.valueToTree(args.toString()) + "}}]}";
        return json(msg);
    }

    /** Every part of the answer (all chunks of a stream). */
    private static JsonNode geminiParts(HttpResponse<byte[]> r) {
        assertThat(r.statusCode()).isEqualTo(200);
        String body = new String(r.body(), StandardCharsets.UTF_8);
        ArrayNode parts = MockHttp.JSON.createArrayNode();
        List<String> chunks = body.startsWith("data:")
                ? SseFrames.parse(body).stream().map(SseFrames.Event::data).toList() : List.of(body);
        for (String c : chunks) {
            json(c).path("candidates").path(0).path("content").path("parts").forEach(parts::add);
        }
        return parts;
    }
}
