package io.llmio.proxy.translate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import io.llmio.proxy.protocol.Style;
import io.llmio.proxy.sse.SseEvent;
import io.llmio.proxy.sse.SseReader;

/** Stream properties every translation must keep, including the known defects of other gateways. */
class StreamTranslationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Reply REPLY = TranslationGoldenTest.REPLY;
    private static final Target TARGET = TranslationGoldenTest.TARGET;
    private static final byte[] ANTHROPIC_STREAM_REQUEST =
            "{\"model\":\"m\",\"max_tokens\":100,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
                    .getBytes();
    private static final byte[] OPENAI_STREAM_REQUEST = ("{\"model\":\"m\",\"stream\":true,"
            + "\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").getBytes();

    private static Translator.StreamTranslator anthropicViaOpenAi() {
        return Translator.of(Style.ANTHROPIC, Style.OPENAI_CHAT).request(ANTHROPIC_STREAM_REQUEST, TARGET).stream(REPLY);
    }

    private static Translator.StreamTranslator openAiViaAnthropic() {
        return Translator.of(Style.OPENAI_CHAT, Style.ANTHROPIC).request(OPENAI_STREAM_REQUEST, TARGET).stream(REPLY);
    }

    private static List<SseEvent> upstream(String pair, String file) throws IOException, URISyntaxException {
        Path p = Path.of(StreamTranslationTest.class.getResource("/fixtures/translate/" + pair + "/" + file).toURI());
        SseReader reader = new SseReader(new ByteArrayInputStream(Files.readAllBytes(p)));
        List<SseEvent> events = new ArrayList<>();
        for (SseEvent e = reader.next(); e != null; e = reader.next()) {
            events.add(e);
        }
        return events;
    }

    private static List<JsonNode> replay(Translator.StreamTranslator t, List<SseEvent> events) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (SseEvent e : events) {
            for (OutEvent o : t.feed(e.event(), e.data())) {
                if (!"[DONE]".equals(o.data())) {
                    out.add(JSON.readTree(o.data()));
                }
            }
        }
        for (OutEvent o : t.end()) {
            if (!"[DONE]".equals(o.data())) {
                out.add(JSON.readTree(o.data()));
            }
        }
        return out;
    }

    /** LiteLLM #25321: streamed tool arguments were dropped; every fragment must reach the caller. */
    @Test
    void toolArgumentsSurviveStreamingToAnthropic() throws Exception {
        List<JsonNode> out = replay(anthropicViaOpenAi(), upstream("anthropic-via-openai", "parallel_tools.upstream.sse"));
        Map<Integer, StringBuilder> args = new HashMap<>();
        for (JsonNode e : out) {
            if (e.path("delta").path("type").asText().equals("input_json_delta")) {
                args.computeIfAbsent(e.get("index").asInt(), k -> new StringBuilder())
                        .append(e.path("delta").path("partial_json").asText());
            }
        }
        assertThat(args).hasSize(2);
        assertThat(JSON.readTree(args.get(0).toString())).isEqualTo(JSON.readTree("{\"location\":\"Paris\"}"));
        assertThat(JSON.readTree(args.get(1).toString())).isEqualTo(JSON.readTree("{\"location\":\"London\"}"));
    }

    @Test
    void toolArgumentsSurviveStreamingToOpenAi() throws Exception {
        List<JsonNode> out = replay(openAiViaAnthropic(), upstream("openai-via-anthropic", "parallel_tools.upstream.sse"));
        Map<Integer, StringBuilder> args = new HashMap<>();
        Map<Integer, String> ids = new HashMap<>();
        for (JsonNode e : out) {
            for (JsonNode call : e.path("choices").path(0).path("delta").path("tool_calls")) {
                int i = call.get("index").asInt();
                if (call.has("id")) {
                    ids.put(i, call.get("id").asText());
                }
                args.computeIfAbsent(i, k -> new StringBuilder()).append(call.path("function").path("arguments").asText());
            }
        }
        assertThat(ids).containsOnlyKeys(0, 1);
        assertThat(JSON.readTree(args.get(0).toString()).get("location").asText()).isEqualTo("Paris");
        assertThat(JSON.readTree(args.get(1).toString()).get("location").asText()).isEqualTo("London");
    }

    /** LiteLLM #24176: message_start must carry usage in Anthropic's exact shape; real counts follow in message_delta. */
    @Test
    void messageStartUsageHasAnthropicShape() throws Exception {
        List<JsonNode> out = replay(anthropicViaOpenAi(), upstream("anthropic-via-openai", "thinking.upstream.sse"));
        JsonNode start = out.get(0);
        assertThat(start.get("type").asText()).isEqualTo("message_start");
        JsonNode usage = start.path("message").path("usage");
        List<String> fields = new ArrayList<>();
        usage.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("input_tokens", "cache_creation_input_tokens", "cache_read_input_tokens",
                "output_tokens");
        usage.forEach(v -> assertThat(v.isIntegralNumber()).isTrue());
        JsonNode delta = out.stream().filter(e -> e.path("type").asText().equals("message_delta")).findFirst().orElseThrow();
        assertThat(delta.path("usage").path("input_tokens").asLong()).isEqualTo(36);
        assertThat(delta.path("usage").path("cache_read_input_tokens").asLong()).isEqualTo(64);
        assertThat(delta.path("usage").path("output_tokens").asLong()).isEqualTo(30);
    }

    /** LiteLLM #33224: thinking deltas ended up inside a text block; a chunk with both must be split. */
    @Test
    void thinkingDeltasNeverInsideTextBlock() throws Exception {
        List<JsonNode> out = replay(anthropicViaOpenAi(), upstream("anthropic-via-openai", "thinking.upstream.sse"));
        Map<Integer, String> blockType = new HashMap<>();
        Integer open = null;
        int thinking = 0;
        int text = 0;
        for (JsonNode e : out) {
            switch (e.path("type").asText()) {
                case "content_block_start" -> {
                    assertThat(open).as("a block starts while another is open").isNull();
                    open = e.get("index").asInt();
                    blockType.put(open, e.path("content_block").path("type").asText());
                }
                case "content_block_delta" -> {
                    assertThat(e.get("index").asInt()).isEqualTo(open);
                    String kind = e.path("delta").path("type").asText();
                    String expected = kind.equals("text_delta") ? "text" : "thinking";
                    assertThat(blockType.get(open)).as(kind + " in block " + open).isEqualTo(expected);
                    if (kind.equals("thinking_delta")) {
                        thinking++;
                    } else {
                        text++;
                    }
                }
                case "content_block_stop" -> {
                    assertThat(e.get("index").asInt()).isEqualTo(open);
                    open = null;
                }
                default -> {
                }
            }
        }
        assertThat(thinking).isEqualTo(3);
        assertThat(text).isEqualTo(2);
        assertThat(blockType).containsExactlyInAnyOrderEntriesOf(Map.of(0, "thinking", 1, "text"));
    }

    /** The answer is never buffered: each upstream event yields its output on the same call. */
    @Test
    void eachUpstreamEventIsTranslatedImmediately() throws Exception {
        Translator.StreamTranslator a = anthropicViaOpenAi();
        List<SseEvent> chunks = upstream("anthropic-via-openai", "text.upstream.sse");
        a.feed(null, chunks.get(0).data());
        List<OutEvent> hello = a.feed(null, chunks.get(1).data());
        assertThat(hello).anySatisfy(o -> assertThat(o.data()).contains("\"text_delta\"").contains("\"Hello\""));
        List<OutEvent> next = a.feed(null, chunks.get(2).data());
        assertThat(next).singleElement().satisfies(o -> assertThat(o.data()).contains("! How can I help?"));

        Translator.StreamTranslator b = openAiViaAnthropic();
        List<SseEvent> events = upstream("openai-via-anthropic", "tools.upstream.sse");
        int withArgs = 0;
        for (SseEvent e : events) {
            List<OutEvent> out = b.feed(e.event(), e.data());
            if (e.dataContains("partial_json\":\"") && !e.dataContains("partial_json\":\"\"")) {
                assertThat(out).as("output for " + e.data()).singleElement()
                        .satisfies(o -> assertThat(o.data()).contains("\"arguments\""));
                withArgs++;
            }
        }
        assertThat(withArgs).isEqualTo(5);
    }

    @Test
    void upstreamCutShortStillClosesTheCallersStream() throws Exception {
        Translator.StreamTranslator t = anthropicViaOpenAi();
        List<SseEvent> chunks = upstream("anthropic-via-openai", "text.upstream.sse");
        t.feed(null, chunks.get(0).data());
        t.feed(null, chunks.get(1).data());
        List<String> tail = t.end().stream().map(OutEvent::event).toList();
        assertThat(tail).containsExactly("content_block_stop", "message_delta", "message_stop");
        assertThat(t.end()).isEmpty();

        Translator.StreamTranslator o = openAiViaAnthropic();
        List<OutEvent> err = o.error(504, "upstream timed out");
        assertThat(err).singleElement().satisfies(e -> {
            assertThat(e.event()).isNull();
            assertThat(e.data()).contains("\"error\"").contains("upstream timed out");
        });
        assertThat(o.end()).isEmpty();
    }

    /** LiteLLM #29286: vLLM sends {@code tool_calls: []} next to content; it is text, not a tool call. */
    @Test
    void emptyToolCallsArrayWithContentIsText() throws Exception {
        Translator.StreamTranslator t = anthropicViaOpenAi();
        List<OutEvent> out = t.feed(null, "{\"id\":\"x\",\"model\":\"m\",\"choices\":[{\"index\":0,"
                + "\"delta\":{\"role\":\"assistant\",\"content\":\"Hi\",\"tool_calls\":[]},\"finish_reason\":null}]}");
        assertThat(out).extracting(OutEvent::event)
                .containsExactly("message_start", "content_block_start", "content_block_delta");
        assertThat(out.get(2).data()).contains("text_delta").doesNotContain("input_json_delta");
    }

    /** vLLM and OpenRouter name the field {@code reasoning}; it is thinking too. */
    @Test
    void reasoningFieldIsThinking() throws Exception {
        Translator.StreamTranslator t = anthropicViaOpenAi();
        List<OutEvent> out = t.feed(null, "{\"id\":\"x\",\"model\":\"m\",\"choices\":[{\"index\":0,"
                + "\"delta\":{\"reasoning\":\"hmm\"},\"finish_reason\":null}]}");
        assertThat(out.get(1).data()).contains("\"type\":\"thinking\"");
        assertThat(out.get(2).data()).contains("thinking_delta").contains("hmm");
    }

    @Test
    void translationIsPureAndDeterministic() throws Exception {
        Path p = Path.of(getClass().getResource("/fixtures/translate/anthropic-via-openai/tool_results.request.json").toURI());
        byte[] body = Files.readAllBytes(p);
        byte[] copy = body.clone();
        Translator t = Translator.of(Style.ANTHROPIC, Style.OPENAI_CHAT);
        byte[] first = t.request(body, TARGET).body();
        byte[] second = t.request(body, TARGET).body();
        assertThat(second).isEqualTo(first);
        assertThat(body).isEqualTo(copy);

        List<SseEvent> events = upstream("openai-via-anthropic", "thinking.upstream.sse");
        List<String> one = new ArrayList<>();
        List<String> two = new ArrayList<>();
        Translator.StreamTranslator x = openAiViaAnthropic();
        Translator.StreamTranslator y = openAiViaAnthropic();
        for (SseEvent e : events) {
            x.feed(e.event(), e.data()).forEach(o -> one.add(o.data()));
            y.feed(e.event(), e.data()).forEach(o -> two.add(o.data()));
        }
        assertThat(two).isEqualTo(one).isNotEmpty();
    }
    /** Servers that number every parallel call 0 and differ only by id still give two tool_use blocks. */
    @Test
    void parallelCallsSharingIndexZeroStayApart() throws Exception {
        Translator.StreamTranslator t = anthropicViaOpenAi();
        String head = "{\"id\":\"x\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[";
        String tail = "]},\"finish_reason\":null}]}";
        List<OutEvent> out = new ArrayList<>();
        out.addAll(t.feed(null, head + "{\"index\":0,\"id\":\"call_a\",\"type\":\"function\",\"function\":"
                + "{\"name\":\"f\",\"arguments\":\"{\\\"q\\\":1}\"}}" + tail));
        out.addAll(t.feed(null, head + "{\"index\":0,\"id\":\"call_b\",\"type\":\"function\",\"function\":"
                + "{\"name\":\"f\",\"arguments\":\"{\\\"q\\\":2}\"}}" + tail));
        out.addAll(t.end());
        List<JsonNode> starts = new ArrayList<>();
        Map<Integer, String> args = new HashMap<>();
        for (OutEvent o : out) {
            JsonNode e = JSON.readTree(o.data());
            if ("content_block_start".equals(o.event())) {
                starts.add(e.path("content_block"));
            }
            if (e.path("delta").path("type").asText().equals("input_json_delta")) {
                args.merge(e.get("index").asInt(), e.path("delta").path("partial_json").asText(), String::concat);
            }
        }
        assertThat(starts).extracting(b -> b.path("id").asText()).containsExactly("call_a", "call_b");
        assertThat(args).containsExactlyInAnyOrderEntriesOf(Map.of(0, "{\"q\":1}", 1, "{\"q\":2}"));
    }

    private static Translator.StreamTranslator responsesVia(Style upstream) {
        return Translator.of(Style.OPENAI_RESPONSES, upstream)
                .request("{\"model\":\"m\",\"stream\":true,\"input\":\"hi\"}".getBytes(), TARGET).stream(REPLY);
    }

    /**
     * A Responses caller gets OpenAI's event sequence: sequence_number 0, 1, 2, … without a gap,
     * every delta inside an added/done pair of its item, and one terminal response.completed
     * whose output repeats the streamed items.
     */
    @Test
    void responsesCallerGetsNumberedEventsInOpenAisOrder() throws Exception {
        List<OutEvent> out = new ArrayList<>();
        Translator.StreamTranslator t = responsesVia(Style.ANTHROPIC);
        for (SseEvent e : upstream("openai-via-anthropic", "parallel_tools.upstream.sse")) {
            out.addAll(t.feed(e.event(), e.data()));
        }
        out.addAll(t.end());
        assertThat(t.end()).isEmpty();
        Map<Integer, String> open = new HashMap<>();
        StringBuilder args = new StringBuilder();
        for (int i = 0; i < out.size(); i++) {
            JsonNode e = JSON.readTree(out.get(i).data());
            assertThat(out.get(i).event()).isEqualTo(e.get("type").asText());
            assertThat(e.get("sequence_number").asInt()).isEqualTo(i);
            int index = e.path("output_index").asInt(-1);
            switch (e.get("type").asText()) {
                case "response.output_item.added" -> open.put(index, e.get("item").get("id").asText());
                case "response.output_item.done" -> assertThat(open.remove(index)).isEqualTo(e.get("item").get("id").asText());
                case "response.function_call_arguments.delta" -> {
                    assertThat(open).containsEntry(index, e.get("item_id").asText());
                    args.append(e.get("delta").asText());
                }
                default -> {
                }
            }
        }
        assertThat(open).isEmpty();
        assertThat(args.toString()).isEqualTo("{\"location\":\"Paris\"}{\"location\":\"London\"}");
        JsonNode last = JSON.readTree(out.get(out.size() - 1).data());
        assertThat(last.get("type").asText()).isEqualTo("response.completed");
        assertThat(last.at("/response/output")).hasSize(2);
        assertThat(last.at("/response/output/1/arguments").asText()).isEqualTo("{\"location\":\"London\"}");
        assertThat(last.at("/response/usage/input_tokens").asLong()).isPositive();
    }

    /** A Responses upstream's text deltas reach the caller as they come; a cut-off stream is still closed. */
    @Test
    void responsesUpstreamIsTranslatedEventByEvent() throws Exception {
        Translator.StreamTranslator t = Translator.of(Style.ANTHROPIC, Style.OPENAI_RESPONSES)
                .request(ANTHROPIC_STREAM_REQUEST, TARGET).stream(REPLY);
        List<SseEvent> events = upstream("anthropic-via-responses", "text.upstream.sse");
        int deltas = 0;
        for (SseEvent e : events.subList(0, 8)) {
            List<OutEvent> out = t.feed(e.event(), e.data());
            if (e.dataContains("response.output_text.delta")) {
                assertThat(out).last().satisfies(o -> assertThat(o.event()).isEqualTo("content_block_delta"));
                deltas++;
            }
        }
        assertThat(deltas).isPositive();
        assertThat(t.end()).extracting(OutEvent::event)
                .containsExactly("content_block_stop", "message_delta", "message_stop");
    }

    /** A broken stream ends a Responses caller's stream with OpenAI's error event, numbered in sequence. */
    @Test
    void responsesCallerStreamErrorIsAnErrorEvent() throws Exception {
        Translator.StreamTranslator t = responsesVia(Style.OPENAI_CHAT);
        List<SseEvent> chunks = upstream("anthropic-via-openai", "text.upstream.sse");
        List<OutEvent> first = t.feed(null, chunks.get(0).data());
        List<OutEvent> err = t.error(504, "upstream timed out");
        assertThat(err).singleElement().satisfies(e -> {
            assertThat(e.event()).isEqualTo("error");
            JsonNode d = JSON.readTree(e.data());
            assertThat(d.get("message").asText()).isEqualTo("upstream timed out");
            assertThat(d.get("sequence_number").asInt()).isEqualTo(first.size());
        });
        assertThat(t.end()).isEmpty();
    }
}
