package io.llmio.proxy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.genai.ResponseStream;
import com.google.genai.types.Candidate;
import com.google.genai.types.FunctionDeclaration;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import com.google.genai.types.Part;
import com.google.genai.types.ThinkingConfig;
import com.google.genai.types.Tool;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.helpers.ResponseAccumulator;
import com.openai.models.Reasoning;
import com.openai.models.ResponseFormatJsonObject;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseStatus;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.ResponseTextConfig;
import io.llmio.mock.Fault;
import io.llmio.mock.MockProtocol;
import io.llmio.mock.MockUpstream;
import io.llmio.proxy.protocol.Style;
import io.llmio.proxy.translate.Translator;
import io.llmio.registry.ProviderType;
import io.llmio.requestlog.RequestLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * The conformance matrix of cross-protocol translation (SPEC §11, issue #13): every scenario ×
 * (client protocol → provider type) pair is one test here, run with the client protocol's official
 * Java SDK against the real gateway and the mock upstream (each vendor's exact wire format).
 * Columns come from the registered dialects ({@link Translator#supports}) and {@link ProviderType}:
 * a new dialect or provider type adds its columns without editing this class (a new client
 * protocol needs its SDK client in {@link #client}).
 *
 * <p>The run writes {@code target/translation.md}. When every cell ran, the published
 * {@code docs/translation.md} and the README summary must equal it: the class fails otherwise.
 * Refresh them with
 * {@code ./llmio mvn -B -q -Dskip.ui=true test -Dtest=TranslationMatrixTest -Dllmio.matrix.write=true}.
 */
class TranslationMatrixTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String README_START = "<!-- translation-matrix:start -->";
    private static final String README_END = "<!-- translation-matrix:end -->";
    private static final String REFRESH =
            "./llmio mvn -B -q -Dskip.ui=true test -Dtest=TranslationMatrixTest -Dllmio.matrix.write=true";

    /** The client protocols: every style with a dialect. */
    static final List<Style> CALLERS = Stream.of(Style.values()).filter(s -> Translator.supports(s, s)).toList();

    /** One column: a client protocol and a provider type. */
    record Pair(Style caller, ProviderType upstream) {
        boolean passthrough() {
            return caller.servedBy().contains(upstream);
        }

        boolean applicable() {
            return passthrough() || Translator.supports(caller, Style.speaking(upstream));
        }

        String label() {
            return caller.wire() + " → " + upstream.wire();
        }

        @Override
        public String toString() {
            return label();
        }
    }

    /** What a row checks; the mock answers scenario {@code mock} for it. */
    enum Case {
        TEXT("text", "a plain answer: text, finish reason, usage (cached tokens) in the log row"),
        TOOLS("tools", "one tool call: name, arguments (streamed in fragments by OpenAI), finish reason"),
        PARALLEL_TOOLS("parallel_tools", "two tool calls in one answer: both, in order, distinct ids"),
        THINKING("thinking", "reasoning asked for: the answer text, the thinking text where the upstream returns it, "
                + "reasoning tokens in the log row"),
        JSON("json", "JSON output asked for: the answer parses as the JSON object"),
        UPSTREAM_ERROR("text", "the upstream answers 400 in its envelope: the client's SDK raises its own "
                + "bad-request exception with status 400");

        final String mock;
        final String checks;

        Case(String mock, String checks) {
            this.mock = mock;
            this.checks = checks;
        }

        String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    record Row(Case scenario, boolean stream) {
        String label() {
            return scenario.label() + (stream ? ", stream" : "");
        }

        @Override
        public String toString() {
            return label();
        }
    }

    static final List<Pair> PAIRS = CALLERS.stream()
            .flatMap(c -> Stream.of(ProviderType.values()).map(t -> new Pair(c, t)))
            .filter(p -> CALLERS.stream().anyMatch(c -> new Pair(c, p.upstream()).applicable()))
            .toList();
    static final List<Row> ROWS = Stream.of(Case.values())
            .flatMap(c -> Stream.of(new Row(c, false), new Row(c, true))).toList();

    private static final MockUpstream MOCK = MockUpstream.start("sk-matrix");
    private static final Gateway GW = Gateway.start(config());
    private static final Map<String, Boolean> RESULTS = new ConcurrentHashMap<>();

    private static String model(Row row, Pair pair) {
        return "m-" + pair.caller().wire() + "-" + pair.upstream().wire() + "-" + row.scenario().name().toLowerCase(Locale.ROOT)
                + (row.stream() ? "-s" : "-n");
    }

    /** Where the mock answers a provider of this type. */
    private static String baseUrl(ProviderType type) {
        return switch (type) {
            case OPENAI, OPENAI_RESPONSES -> MOCK.baseUrl(MockProtocol.OPENAI);
            case ANTHROPIC -> MOCK.baseUrl(MockProtocol.ANTHROPIC);
            case GEMINI -> MOCK.baseUrl(MockProtocol.GEMINI);
            case AZURE -> MOCK.rootUrl(); // the resource endpoint: /openai/deployments/… below it
        };
    }

    private static String config() {
        StringBuilder y = new StringBuilder("providers:\n");
        for (ProviderType t : PAIRS.stream().map(Pair::upstream).distinct().toList()) {
            y.append("  - name: up-").append(t.wire()).append("\n    type: ").append(t.wire())
                    .append("\n    base-url: ").append(baseUrl(t)).append("\n    api-key: sk-matrix\n");
        }
        y.append("models:\n");
        for (Pair p : PAIRS) {
            for (Row r : ROWS) {
                y.append("  - name: ").append(model(r, p)).append("\n    max-retry: 1\n    providers:\n      - provider: up-")
                        .append(p.upstream().wire()).append("\n        model: mock-").append(r.scenario().mock).append("-up\n");
            }
        }
        return y.toString();
    }

    static Stream<Arguments> cells() {
        List<Arguments> out = new ArrayList<>();
        for (Row r : ROWS) {
            for (Pair p : PAIRS) {
                if (p.applicable()) {
                    out.add(Arguments.of(r, p));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} | {1}")
    @MethodSource("cells")
    void cell(Row row, Pair pair) {
        String key = row.label() + "|" + pair.label();
        RESULTS.put(key, false);
        MOCK.reset();
        run(row, pair);
        RESULTS.put(key, true);
    }

    private static void run(Row row, Pair pair) {
        SdkClient client = client(pair.caller());
        String model = model(row, pair);
        Case c = row.scenario();
        if (c == Case.UPSTREAM_ERROR) {
            MOCK.script().next(Fault.status(400));
            assertThatThrownBy(() -> client.call(model, c, row.stream())).satisfies(client::assertBadRequest);
            assertThat(GW.awaitRow(r -> r.model().equals(model)).httpStatus()).isEqualTo(400);
            return;
        }
        Answer a = client.call(model, c, row.stream());
        RequestLog log = GW.awaitRow(r -> r.model().equals(model));
        assertThat(log.status()).as(log.error()).isEqualTo("success");
        assertThat(log.stream()).isEqualTo(row.stream());
        assertThat(log.style()).isEqualTo(pair.caller().wire());
        Style upstreamStyle = pair.passthrough() ? pair.caller() : Style.speaking(pair.upstream());
        assertThat(log.upstreamStyle()).isEqualTo(upstreamStyle.wire());
        switch (c) {
            case TEXT -> {
                assertThat(a.text()).isEqualTo("Hello! How can I help you today?");
                assertThat(a.calls()).isEmpty();
                assertThat(a.finish()).isEqualTo(Finish.STOP);
                assertUsage(log, 2061, 9, 1920);
            }
            case TOOLS -> {
                assertThat(a.calls()).extracting(Call::name).containsExactly("get_weather");
                assertThat(a.calls().getFirst().arguments()).isEqualTo(JSON.createObjectNode().put("location", "Paris"));
                if (client.callIds()) {
                    assertThat(a.calls().getFirst().id()).isNotBlank();
                }
                assertThat(a.finish()).isEqualTo(Finish.TOOLS);
                assertUsage(log, 2120, 17, 1920);
            }
            case PARALLEL_TOOLS -> {
                assertThat(a.calls()).extracting(t -> t.arguments().path("location").asText()).containsExactly("Paris", "London");
                if (client.callIds()) {
                    assertThat(a.calls()).extracting(Call::id).doesNotHaveDuplicates().allSatisfy(id -> assertThat(id).isNotBlank());
                }
                assertThat(a.finish()).isEqualTo(Finish.TOOLS);
                assertUsage(log, 2120, 34, 1920);
            }
            case THINKING -> {
                assertThat(a.text()).isEqualTo("2 + 2 = 4.");
                // OpenAI's models (OpenAI, Azure) return no reasoning through chat completions; Responses gives a summary
                if (upstreamStyle != Style.OPENAI_CHAT) {
                    assertThat(a.thinking()).isEqualTo("The user asks for 2 + 2. Adding gives 4.");
                }
                assertUsage(log, 1310, 142, 1024);
                // Anthropic does not report reasoning tokens apart from output
                assertThat(log.reasoningTokens()).isEqualTo(pair.upstream() == ProviderType.ANTHROPIC ? 0 : 128);
            }
            case JSON -> {
                assertThat(parse(a.text()).path("city").asText()).isEqualTo("Paris");
                assertUsage(log, 2090, 18, 1920);
            }
            case UPSTREAM_ERROR -> fail("handled above");
        }
    }

    private static void assertUsage(RequestLog log, long prompt, long completion, long cached) {
        assertThat(log.promptTokens()).as("prompt tokens").isEqualTo(prompt);
        assertThat(log.completionTokens()).as("completion tokens").isEqualTo(completion);
        assertThat(log.cachedTokens()).as("cached tokens").isEqualTo(cached);
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    // ---- the matrix document ----

    @AfterAll
    static void publish() throws IOException {
        try {
            long expected = cells().count();
            String doc = document();
            Path target = Path.of("target/translation.md");
            Files.createDirectories(target.getParent());
            Files.writeString(target, doc);
            if (RESULTS.size() != expected) {
                return; // a partial run (one cell picked) publishes nothing
            }
            Path docs = Path.of("docs/translation.md");
            Path readme = Path.of("README.md");
            String readmeText = Files.readString(readme);
            String newReadme = withSummary(readmeText);
            boolean same = Files.exists(docs) && Files.readString(docs).equals(doc) && newReadme.equals(readmeText);
            if (Boolean.getBoolean("llmio.matrix.write")) {
                Files.writeString(docs, doc);
                Files.writeString(readme, newReadme);
            } else if (!same) {
                fail("docs/translation.md or its README summary differs from this run's matrix (target/translation.md). "
                             + "Refresh them with: " + REFRESH);
            }
        } finally {
            GW.close();
            MOCK.close();
        }
    }

    private static String mark(Row r, Pair p) {
        if (!p.applicable()) {
            return "n.a.";
        }
        Boolean ok = RESULTS.get(r.label() + "|" + p.label());
        return ok == null ? "not run" : ok ? "pass" : "**fail**";
    }

    static String document() {
        StringBuilder d = new StringBuilder();
        d.append("# Translation conformance matrix\n\n")
                .append("Generated by `TranslationMatrixTest` from its run; do not edit by hand. Refresh with\n`")
                .append(REFRESH).append("`.\n\n")
                .append("Each cell is one test: the client protocol's official Java SDK (openai-java, anthropic-java,\n")
                .append("google-genai) calls llmio, llmio calls the mock upstream of the provider type, which answers\n")
                .append("in that vendor's exact wire format; the answer is checked as the SDK parsed it, and the log row\n")
                .append("for usage and the upstream protocol. `=` marks same-protocol passthrough (byte for byte, no\n")
                .append("translation); `n.a.` a pair without a translation. Design and field mapping:\n")
                .append("[translation-design.md](translation-design.md).\n\n");
        d.append("| scenario |");
        for (Pair p : PAIRS) {
            d.append(' ').append(p.label()).append(p.passthrough() ? " (=)" : "").append(" |");
        }
        d.append("\n|---|").append("---|".repeat(PAIRS.size())).append('\n');
        for (Row r : ROWS) {
            d.append("| ").append(r.label()).append(" |");
            for (Pair p : PAIRS) {
                d.append(" ").append(mark(r, p)).append(" |");
            }
            d.append('\n');
        }
        d.append("\n## Scenarios\n\n");
        for (Case c : Case.values()) {
            d.append("- **").append(c.label()).append("**: ").append(c.checks).append(". Stream rows check the same on the\n")
                    .append("  streamed answer, read event by event by the SDK.\n");
        }
        return d.toString();
    }

    /** The README with the summary between its markers: per pair, passed cells of all. */
    static String withSummary(String readme) {
        int start = readme.indexOf(README_START);
        int end = readme.indexOf(README_END);
        if (start < 0 || end < start) {
            throw new AssertionError("README.md has no " + README_START + " … " + README_END + " section");
        }
        StringBuilder s = new StringBuilder(README_START).append("\n| client → upstream | scenarios passed |\n|---|---|\n");
        for (Pair p : PAIRS) {
            if (!p.applicable()) {
                continue;
            }
            long pass = ROWS.stream().filter(r -> Boolean.TRUE.equals(RESULTS.get(r.label() + "|" + p.label()))).count();
            s.append("| ").append(p.label()).append(p.passthrough() ? " (passthrough)" : "").append(" | ")
                    .append(pass).append(" / ").append(ROWS.size()).append(" |\n");
        }
        return readme.substring(0, start) + s + readme.substring(end);
    }

    // ---- the SDK clients, one per client protocol ----

    enum Finish { STOP, TOOLS, OTHER }

    record Call(String id, String name, JsonNode arguments) {
    }

    /** An answer as the client's SDK parsed it, in neutral terms. */
    record Answer(String text, String thinking, List<Call> calls, Finish finish) {
    }

    interface SdkClient {
        Answer call(String model, Case scenario, boolean stream);

        /** The SDK's own bad-request exception with status 400. */
        void assertBadRequest(Throwable t);

        /** Whether the protocol gives every tool call an id (Gemini's are optional). */
        default boolean callIds() {
            return true;
        }
    }

    private static final Map<Style, SdkClient> CLIENTS = new ConcurrentHashMap<>();

    static SdkClient client(Style style) {
        return CLIENTS.computeIfAbsent(style, s -> switch (s) {
            case OPENAI_CHAT -> new OpenAiChat();
            case ANTHROPIC -> new Claude();
            case GEMINI -> new Gemini();
            case OPENAI_RESPONSES -> new OpenAiResponses();
            case OPENAI_EMBEDDINGS, ANTHROPIC_COUNT_TOKENS, GEMINI_COUNT_TOKENS, GEMINI_EMBEDDINGS ->
                    throw new IllegalStateException("no SDK client for " + s + ": add one to TranslationMatrixTest.client");
        });
    }

    private static final Map<String, Object> WEATHER_SCHEMA = Map.of(
            "type", "object", "properties", Map.of("location", Map.of("type", "string")), "required", List.of("location"));

    private static JsonNode tree(Object o) {
        return JSON.valueToTree(o);
    }

    static final class OpenAiChat implements SdkClient {
        private final OpenAIClient sdk = OpenAIOkHttpClient.builder().baseUrl(GW.baseUrl() + "/v1").apiKey(Gateway.TOKEN)
                .maxRetries(0).build();

        @Override
        public Answer call(String model, Case scenario, boolean stream) {
            ChatCompletionCreateParams.Builder b = ChatCompletionCreateParams.builder().model(model)
                    .addUserMessage("What is the weather in Paris?");
            switch (scenario) {
                case TOOLS, PARALLEL_TOOLS -> b.putAdditionalBodyProperty("tools", com.openai.core.JsonValue.from(List.of(Map.of(
                        "type", "function", "function", Map.of("name", "get_weather", "parameters", WEATHER_SCHEMA)))));
                case THINKING -> b.reasoningEffort(com.openai.models.ReasoningEffort.MEDIUM);
                case JSON -> b.putAdditionalBodyProperty("response_format",
                                                         com.openai.core.JsonValue.from(Map.of("type", "json_object")));
                case TEXT, UPSTREAM_ERROR -> {
                }
            }
            ChatCompletionCreateParams params = b.build();
            if (!stream) {
                ChatCompletion c = sdk.chat().completions().create(params);
                return answer(c, reasoning(c.choices().getFirst().message()._additionalProperties()));
            }
            ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
            StringBuilder thinking = new StringBuilder();
            try (com.openai.core.http.StreamResponse<ChatCompletionChunk> s = sdk.chat().completions().createStreaming(params)) {
                s.stream().forEach(chunk -> {
                    acc.accumulate(chunk);
                    chunk.choices().forEach(ch -> thinking.append(reasoning(ch.delta()._additionalProperties())));
                });
            }
            return answer(acc.chatCompletion(), thinking.toString());
        }

        private static String reasoning(Map<String, com.openai.core.JsonValue> extra) {
            com.openai.core.JsonValue v = extra.get("reasoning_content");
            String s = v == null ? null : v.convert(String.class);
            return s == null ? "" : s;
        }

        private static Answer answer(ChatCompletion c, String thinking) {
            ChatCompletion.Choice choice = c.choices().getFirst();
            List<Call> calls = new ArrayList<>();
            for (ChatCompletionMessageToolCall tc : choice.message().toolCalls().orElse(List.of())) {
                var f = tc.asFunction();
                calls.add(new Call(f.id(), f.function().name(), parse(f.function().arguments())));
            }
            String finish = choice.finishReason().asString();
            return new Answer(choice.message().content().orElse(""), thinking, calls,
                              finish.equals("stop") ? Finish.STOP : finish.equals("tool_calls") ? Finish.TOOLS : Finish.OTHER);
        }

        @Override
        public void assertBadRequest(Throwable t) {
            assertThat(t).isInstanceOf(com.openai.errors.BadRequestException.class);
            assertThat(((com.openai.errors.BadRequestException) t).statusCode()).isEqualTo(400);
        }
    }

    static final class OpenAiResponses implements SdkClient {
        private final OpenAIClient sdk = OpenAIOkHttpClient.builder().baseUrl(GW.baseUrl() + "/v1").apiKey(Gateway.TOKEN)
                .maxRetries(0).build();

        @Override
        public Answer call(String model, Case scenario, boolean stream) {
            ResponseCreateParams.Builder b = ResponseCreateParams.builder().model(model).input("What is the weather in Paris?");
            switch (scenario) {
                case TOOLS, PARALLEL_TOOLS -> b.addTool(FunctionTool.builder().name("get_weather").strict(false)
                        .parameters(FunctionTool.Parameters.builder().putAllAdditionalProperties(
                                Map.of("type", com.openai.core.JsonValue.from("object"),
                                       "properties", com.openai.core.JsonValue.from(WEATHER_SCHEMA.get("properties")),
                                       "required", com.openai.core.JsonValue.from(List.of("location")))).build()).build());
                case THINKING -> b.reasoning(Reasoning.builder().effort(com.openai.models.ReasoningEffort.MEDIUM)
                                                     .summary(Reasoning.Summary.AUTO).build());
                case JSON -> b.text(ResponseTextConfig.builder().format(ResponseFormatJsonObject.builder().build()).build());
                case TEXT, UPSTREAM_ERROR -> {
                }
            }
            ResponseCreateParams params = b.build();
            if (!stream) {
                return answer(sdk.responses().create(params));
            }
            ResponseAccumulator acc = ResponseAccumulator.create();
            try (com.openai.core.http.StreamResponse<ResponseStreamEvent> s = sdk.responses().createStreaming(params)) {
                s.stream().forEach(acc::accumulate);
            }
            return answer(acc.response());
        }

        private static Answer answer(Response r) {
            r.validate();
            StringBuilder text = new StringBuilder();
            StringBuilder thinking = new StringBuilder();
            List<Call> calls = new ArrayList<>();
            for (ResponseOutputItem item : r.output()) {
                item.message().ifPresent(m -> m.content().forEach(c -> c.outputText().ifPresent(t -> text.append(t.text()))));
                item.reasoning().ifPresent(t -> t.summary().forEach(s -> thinking.append(s.text())));
                item.functionCall().ifPresent(f -> calls.add(new Call(f.callId(), f.name(), parse(f.arguments()))));
            }
            boolean completed = r.status().map(s -> s.equals(ResponseStatus.COMPLETED)).orElse(false);
            return new Answer(text.toString(), thinking.toString(), calls,
                              !completed ? Finish.OTHER : calls.isEmpty() ? Finish.STOP : Finish.TOOLS);
        }

        @Override
        public void assertBadRequest(Throwable t) {
            assertThat(t).isInstanceOf(com.openai.errors.BadRequestException.class);
            assertThat(((com.openai.errors.BadRequestException) t).statusCode()).isEqualTo(400);
        }
    }

    static final class Claude implements SdkClient {
        private final AnthropicClient sdk = AnthropicOkHttpClient.builder().baseUrl(GW.baseUrl() + "/anthropic")
                .apiKey(Gateway.TOKEN).maxRetries(0).build();

        @Override
        public Answer call(String model, Case scenario, boolean stream) {
            MessageCreateParams.Builder b = MessageCreateParams.builder().model(model).maxTokens(4096)
                    .addUserMessage("What is the weather in Paris?");
            switch (scenario) {
                case TOOLS, PARALLEL_TOOLS -> b.putAdditionalBodyProperty("tools", com.anthropic.core.JsonValue.from(List.of(
                        Map.of("name", "get_weather", "input_schema", WEATHER_SCHEMA))));
                case THINKING -> b.enabledThinking(2048);
                case JSON -> b.putAdditionalBodyProperty("output_format", com.anthropic.core.JsonValue.from(Map.of(
                        "type", "json_schema", "schema", Map.of("type", "object"))));
                case TEXT, UPSTREAM_ERROR -> {
                }
            }
            MessageCreateParams params = b.build();
            if (!stream) {
                return answer(sdk.messages().create(params));
            }
            MessageAccumulator acc = MessageAccumulator.create();
            try (StreamResponse<RawMessageStreamEvent> s = sdk.messages().createStreaming(params)) {
                s.stream().forEach(acc::accumulate);
            }
            return answer(acc.message());
        }

        private static Answer answer(Message m) {
            StringBuilder text = new StringBuilder();
            StringBuilder thinking = new StringBuilder();
            List<Call> calls = new ArrayList<>();
            for (ContentBlock block : m.content()) {
                block.text().ifPresent(t -> text.append(t.text()));
                block.thinking().ifPresent(t -> thinking.append(t.thinking()));
                block.toolUse().ifPresent(t -> calls.add(new Call(t.id(), t.name(), tree(t._input().convert(Map.class)))));
            }
            String stop = m.stopReason().map(Object::toString).orElse("");
            return new Answer(text.toString(), thinking.toString(), calls,
                              stop.equals("end_turn") ? Finish.STOP : stop.equals("tool_use") ? Finish.TOOLS : Finish.OTHER);
        }

        @Override
        public void assertBadRequest(Throwable t) {
            assertThat(t).isInstanceOf(com.anthropic.errors.BadRequestException.class);
            assertThat(((com.anthropic.errors.BadRequestException) t).statusCode()).isEqualTo(400);
        }
    }

    static final class Gemini implements SdkClient {
        private final com.google.genai.Client sdk = com.google.genai.Client.builder().apiKey(Gateway.TOKEN).vertexAI(false)
                .httpOptions(HttpOptions.builder().baseUrl(GW.baseUrl() + "/gemini")
                                     .retryOptions(HttpRetryOptions.builder().attempts(1).build()).build()).build();

        @Override
        public Answer call(String model, Case scenario, boolean stream) {
            GenerateContentConfig.Builder b = GenerateContentConfig.builder();
            switch (scenario) {
                case TOOLS, PARALLEL_TOOLS -> b.tools(Tool.builder().functionDeclarations(
                        FunctionDeclaration.builder().name("get_weather").parametersJsonSchema(WEATHER_SCHEMA).build()).build());
                case THINKING -> b.thinkingConfig(ThinkingConfig.builder().includeThoughts(true).thinkingBudget(2048).build());
                case JSON -> b.responseMimeType("application/json");
                case TEXT, UPSTREAM_ERROR -> {
                }
            }
            GenerateContentConfig config = b.build();
            List<GenerateContentResponse> parts = new ArrayList<>();
            if (!stream) {
                parts.add(sdk.models.generateContent(model, "What is the weather in Paris?", config));
            } else {
                try (ResponseStream<GenerateContentResponse> s = sdk.models.generateContentStream(model,
                        "What is the weather in Paris?", config)) {
                    s.forEach(parts::add);
                }
            }
            StringBuilder text = new StringBuilder();
            StringBuilder thinking = new StringBuilder();
            List<Call> calls = new ArrayList<>();
            String finish = "";
            for (GenerateContentResponse r : parts) {
                Candidate c = r.candidates().orElse(List.of()).stream().findFirst().orElse(null);
                if (c == null) {
                    continue;
                }
                for (Part p : c.content().flatMap(x -> x.parts()).orElse(List.of())) {
                    String t = p.text().orElse("");
                    if (p.thought().orElse(false)) {
                        thinking.append(t);
                    } else {
                        text.append(t);
                    }
                    p.functionCall().ifPresent(f -> calls.add(new Call(f.id().orElse(""), f.name().orElse(""),
                                                                       tree(f.args().orElse(Map.of())))));
                }
                finish = c.finishReason().map(Object::toString).orElse(finish);
            }
            Finish f = !finish.equals("STOP") ? Finish.OTHER : calls.isEmpty() ? Finish.STOP : Finish.TOOLS;
            return new Answer(text.toString(), thinking.toString(), calls, f);
        }

        @Override
        public boolean callIds() {
            return false;
        }

        @Override
        public void assertBadRequest(Throwable t) {
            assertThat(t).isInstanceOf(com.google.genai.errors.ClientException.class);
            assertThat(((com.google.genai.errors.ClientException) t).code()).isEqualTo(400);
        }
    }
}
