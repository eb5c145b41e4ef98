package io.llmio.mock;

import static io.llmio.mock.MockHttp.get;
import static io.llmio.mock.MockHttp.json;
import static io.llmio.mock.MockHttp.openai;
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

class MockUpstreamOpenAiTest {

    private static final MockUpstream MOCK = MockUpstream.start("sk-proj-mock-upstream-0001");

    @AfterAll
    static void stop() {
        MOCK.close();
    }

    private static String chatUrl() {
        return MOCK.baseUrl(MockProtocol.OPENAI) + "/chat/completions";
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void chatCompletionEchoesModelAndCarriesUsage(Scenario sc) {
        HttpResponse<byte[]> r = send(post(chatUrl(), "{\"model\":\"team-model\",\"messages\":[]}",
                "Authorization", "Bearer " + MOCK.apiKey(), MockUpstream.SCENARIO_HEADER, sc.file()));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode b = json(r.body());
        assertThat(b.path("object").asText()).isEqualTo("chat.completion");
        assertThat(b.path("model").asText()).isEqualTo("team-model");
        JsonNode u = b.path("usage");
        assertThat(u.path("total_tokens").asInt()).isEqualTo(u.path("prompt_tokens").asInt() + u.path("completion_tokens").asInt());
        assertThat(u.path("prompt_tokens_details").path("cached_tokens").asInt()).isPositive();
        JsonNode msg = b.path("choices").path(0).path("message");
        switch (sc) {
            case TOOLS -> assertThat(msg.path("tool_calls")).hasSize(1);
            case PARALLEL_TOOLS -> assertThat(msg.path("tool_calls")).hasSize(2);
            case JSON -> assertThat(json(msg.path("content").asText()).path("city").asText()).isEqualTo("Paris");
            case THINKING -> assertThat(u.path("completion_tokens_details").path("reasoning_tokens").asInt()).isEqualTo(128);
            case TEXT -> assertThat(msg.path("content").asText()).isEqualTo("Hello! How can I help you today?");
        }
    }

    @Test
    void streamWithIncludeUsageEndsWithUsageChunkThenDone() {
        HttpResponse<byte[]> r = send(post(chatUrl(),
                "{\"model\":\"m1\",\"stream\":true,\"stream_options\":{\"include_usage\":true}}", openai(MOCK)));
        assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
        List<SseFrames.Event> events = SseFrames.parse(r.body());
        assertThat(events.getLast().data()).isEqualTo("[DONE]");
        assertThat(events).allSatisfy(e -> assertThat(e.event()).isNull());
        assertThat(events).allSatisfy(e -> assertThat(e.raw()).endsWith("\n\n").doesNotContain("\r"));
        JsonNode usageChunk = json(events.get(events.size() - 2).data());
        assertThat(usageChunk.path("choices")).isEmpty();
        assertThat(usageChunk.path("usage").path("prompt_tokens").asInt()).isEqualTo(2061);
        StringBuilder text = new StringBuilder();
        for (SseFrames.Event e : events.subList(0, events.size() - 2)) {
            JsonNode c = json(e.data());
            assertThat(c.path("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(c.path("model").asText()).isEqualTo("m1");
            assertThat(c.has("usage") && c.get("usage").isNull()).isTrue();
            text.append(c.path("choices").path(0).path("delta").path("content").asText(""));
        }
        assertThat(text).hasToString("Hello! How can I help you today?");
    }

    @Test
    void streamWithoutIncludeUsageHasNoUsageAtAll() {
        HttpResponse<byte[]> r = send(post(chatUrl(), "{\"model\":\"m1\",\"stream\":true}", openai(MOCK)));
        List<SseFrames.Event> events = SseFrames.parse(r.body());
        assertThat(events.getLast().data()).isEqualTo("[DONE]");
        assertThat(events.subList(0, events.size() - 1))
                .allSatisfy(e -> assertThat(json(e.data()).has("usage")).isFalse())
                .allSatisfy(e -> assertThat(json(e.data()).path("choices")).isNotEmpty());
    }

    @Test
    void toolCallDeltasAssembleToArguments() {
        HttpResponse<byte[]> r = send(post(chatUrl(), "{\"model\":\"mock-parallel_tools\",\"stream\":true}", openai(MOCK)));
        StringBuilder[] args = {new StringBuilder(), new StringBuilder()};
        String finish = null;
        for (SseFrames.Event e : SseFrames.parse(r.body())) {
            if (e.data().equals("[DONE]")) {
                continue;
            }
            JsonNode choice = json(e.data()).path("choices").path(0);
            for (JsonNode tc : choice.path("delta").path("tool_calls")) {
                args[tc.path("index").asInt()].append(tc.path("function").path("arguments").asText());
            }
            if (choice.hasNonNull("finish_reason")) {
                finish = choice.get("finish_reason").asText();
            }
        }
        assertThat(json(args[0].toString()).path("location").asText()).isEqualTo("Paris");
        assertThat(json(args[1].toString()).path("location").asText()).isEqualTo("London");
        assertThat(finish).isEqualTo("tool_calls");
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void responsesStreamIsSequencedAndCompletesWithUsage(Scenario sc) {
        HttpResponse<byte[]> r = send(post(MOCK.baseUrl(MockProtocol.OPENAI) + "/responses",
                "{\"model\":\"mock-" + sc.file() + "\",\"input\":\"hi\",\"stream\":true}", openai(MOCK)));
        List<SseFrames.Event> events = SseFrames.parse(r.body());
        assertThat(events.getFirst().event()).isEqualTo("response.created");
        for (int i = 0; i < events.size(); i++) {
            JsonNode d = json(events.get(i).data());
            assertThat(d.path("type").asText()).isEqualTo(events.get(i).event());
            assertThat(d.path("sequence_number").asInt()).isEqualTo(i);
        }
        JsonNode done = json(events.getLast().data());
        assertThat(events.getLast().event()).isEqualTo("response.completed");
        JsonNode resp = done.path("response");
        assertThat(resp.path("model").asText()).isEqualTo("mock-" + sc.file());
        assertThat(resp.path("usage").path("input_tokens_details").path("cached_tokens").asInt()).isPositive();
        assertThat(resp.path("usage").path("output_tokens_details").path("reasoning_tokens").asInt())
                .isEqualTo(sc == Scenario.THINKING ? 128 : 0);
        List<String> types = events.stream().map(SseFrames.Event::event).toList();
        switch (sc) {
            case TEXT, JSON -> assertThat(types).contains("response.output_text.delta");
            case TOOLS, PARALLEL_TOOLS -> assertThat(types).contains("response.function_call_arguments.delta");
            case THINKING -> {
                assertThat(types).contains("response.reasoning_summary_text.delta", "response.output_text.delta");
                assertThat(resp.path("output").path(0).path("type").asText()).isEqualTo("reasoning");
            }
        }
    }

    @Test
    void responsesNonStreamIsOneResponseObject() {
        JsonNode b = json(send(post(MOCK.baseUrl(MockProtocol.OPENAI) + "/responses",
                "{\"model\":\"gpt-x\",\"input\":\"hi\"}", openai(MOCK))).body());
        assertThat(b.path("object").asText()).isEqualTo("response");
        assertThat(b.path("status").asText()).isEqualTo("completed");
        assertThat(b.path("output").path(0).path("content").path(0).path("text").asText()).startsWith("Hello");
    }

    @Test
    void embeddingsAndModels() {
        JsonNode e = json(send(post(MOCK.baseUrl(MockProtocol.OPENAI) + "/embeddings",
                "{\"model\":\"emb\",\"input\":\"hi\"}", openai(MOCK))).body());
        assertThat(e.path("data").path(0).path("object").asText()).isEqualTo("embedding");
        assertThat(e.path("model").asText()).isEqualTo("emb");
        assertThat(e.path("usage").path("prompt_tokens").asInt()).isPositive();
        JsonNode m = json(send(get(MOCK.baseUrl(MockProtocol.OPENAI) + "/models", openai(MOCK))).body());
        assertThat(m.path("object").asText()).isEqualTo("list");
        assertThat(m.path("data").path(0).path("object").asText()).isEqualTo("model");
    }

    @Test
    void wrongOrMissingKeyIs401InOpenAiEnvelopeWithMaskedKey() {
        HttpResponse<byte[]> wrong = send(post(chatUrl(), "{}", "Authorization", "Bearer sk-wrong-key-123456"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        JsonNode err = json(wrong.body()).path("error");
        assertThat(err.path("code").asText()).isEqualTo("invalid_api_key");
        assertThat(err.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(err.path("message").asText()).contains("sk-").contains("3456").doesNotContain("wrong-key");
        HttpResponse<byte[]> none = send(post(chatUrl(), "{}"));
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(json(none.body()).path("error").path("code").isNull()).isTrue();
    }
}
