package io.llmio.proxy.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.llmio.errors.GatewayError;
import io.llmio.proxy.protocol.Style;
import io.llmio.proxy.sse.SseEvent;
import io.llmio.proxy.sse.SseReader;

/**
 * Replays every scenario under {@code fixtures/translate/<caller>-via-<upstream>/}: the caller's
 * request against the expected upstream request, upstream answers, streams and errors against
 * what the caller must receive. {@code -Dtranslate.regen=true} rewrites the expected files
 * (review the diff before committing).
 */
class TranslationGoldenTest {
    static final Reply REPLY = new Reply("public-model", 1700000000L);
    static final Target TARGET = new Target("upstream-model", Target.DEFAULT_MAX_TOKENS, true);
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final boolean REGEN = Boolean.getBoolean("translate.regen");

    record Case(Path dir, String scenario, String kind) {
        @Override
        public String toString() {
            return dir.getFileName() + "/" + scenario + " " + kind;
        }
    }

    static Stream<Case> cases() throws IOException, URISyntaxException {
        Path root = Path.of(TranslationGoldenTest.class.getResource("/fixtures/translate").toURI());
        List<Case> cases = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path f : files.sorted().toList()) {
                        String name = f.getFileName().toString();
                        for (String kind : List.of(".request.json", ".upstream-response.json", ".upstream.sse",
                                ".upstream-error.json", ".untranslatable.json")) {
                            if (name.endsWith(kind) && !name.startsWith("_")) {
                                cases.add(new Case(dir, name.substring(0, name.length() - kind.length()), kind));
                            }
                        }
                    }
                }
            }
        }
        return cases.stream();
    }

    static Translator translator(Path dir) {
        String[] pair = dir.getFileName().toString().split("-via-");
        return Translator.of(style(pair[0]), style(pair[1]));
    }

    private static Style style(String s) {
        return switch (s) {
            case "anthropic" -> Style.ANTHROPIC;
            case "openai" -> Style.OPENAI_CHAT;
            case "gemini" -> Style.GEMINI;
            case "responses" -> Style.OPENAI_RESPONSES;
            default -> throw new IllegalArgumentException(s);
        };
    }

    /** The scenario's own request when it fits the kind (streamed or not), else the pair's default. */
    static Translator.Call call(Case c, boolean stream) throws IOException {
        Path own = c.dir().resolve(c.scenario() + ".request.json");
        Path fallback = c.dir().resolve(stream ? "_stream.request.json" : "text.request.json");
        Translator t = translator(c.dir());
        // a Gemini caller says in its URL whether it streams
        Boolean path = c.dir().getFileName().toString().startsWith("gemini-") ? stream : null;
        if (Files.exists(own)) {
            Translator.Call call = t.request(Files.readAllBytes(own), TARGET, path);
            if (call.stream() == stream) {
                return call;
            }
        }
        return t.request(Files.readAllBytes(fallback), TARGET, path);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void golden(Case c) throws IOException {
        Path in = c.dir().resolve(c.scenario() + c.kind());
        switch (c.kind()) {
            case ".request.json" -> compareJson(translator(c.dir()).request(Files.readAllBytes(in), TARGET).body(),
                    c.dir().resolve(c.scenario() + ".upstream-request.json"));
            case ".upstream-response.json" -> compareJson(call(c, false).response(Files.readAllBytes(in), REPLY),
                    c.dir().resolve(c.scenario() + ".response.json"));
            case ".upstream.sse" -> compareSse(translateStream(call(c, true), Files.readAllBytes(in)),
                    c.dir().resolve(c.scenario() + ".sse"));
            case ".upstream-error.json" -> {
                JsonNode spec = PRETTY.readTree(in.toFile());
                byte[] body = spec.has("raw") ? spec.get("raw").asText().getBytes(StandardCharsets.UTF_8)
                        : PRETTY.writeValueAsBytes(spec.get("body"));
                Translator.ErrorReply reply = call(c, false).error(spec.get("status").asInt(), body);
                ObjectNode actual = PRETTY.createObjectNode().put("status", reply.status());
                actual.set("body", PRETTY.readTree(reply.body()));
                compareJson(PRETTY.writeValueAsBytes(actual), c.dir().resolve(c.scenario() + ".error.json"));
            }
            case ".untranslatable.json" -> {
                JsonNode spec = PRETTY.readTree(in.toFile());
                byte[] body = PRETTY.writeValueAsBytes(spec.get("request"));
                assertThatThrownBy(() -> translator(c.dir()).request(body, TARGET))
                        .isInstanceOfSatisfying(GatewayError.class, e -> {
                            assertThat(e.status()).isEqualTo(400);
                            assertThat(e.param()).isEqualTo(spec.get("field").asText());
                            assertThat(e.getMessage()).contains(spec.get("field").asText().split("\\.")[0]);
                        });
            }
            default -> fail("unknown kind " + c.kind());
        }
    }

    /** Feeds the upstream SSE bytes one event at a time, as the proxy will. */
    static List<OutEvent> translateStream(Translator.Call call, byte[] sse) throws IOException {
        Translator.StreamTranslator t = call.stream(REPLY);
        List<OutEvent> out = new ArrayList<>();
        SseReader reader = new SseReader(new ByteArrayInputStream(sse));
        for (SseEvent e = reader.next(); e != null; e = reader.next()) {
            out.addAll(t.feed(e.event(), e.data()));
        }
        out.addAll(t.end());
        return out;
    }

    static void compareJson(byte[] actual, Path expected) throws IOException {
        JsonNode a = PRETTY.readTree(actual);
        if (REGEN) {
            Files.writeString(expected.toAbsolutePath(), PRETTY.writeValueAsString(a) + "\n");
            regenSource(expected, PRETTY.writeValueAsString(a) + "\n");
            return;
        }
        assertThat(Files.exists(expected)).as("expected file %s", expected.getFileName()).isTrue();
        JsonNode e = PRETTY.readTree(expected.toFile());
        assertThat(PRETTY.writeValueAsString(a)).isEqualTo(PRETTY.writeValueAsString(e));
    }

    static void compareSse(List<OutEvent> actual, Path expected) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (OutEvent o : actual) {
            sb.append(new String(o.bytes(), StandardCharsets.UTF_8));
        }
        if (REGEN) {
            Files.writeString(expected.toAbsolutePath(), sb.toString());
            regenSource(expected, sb.toString());
            return;
        }
        assertThat(Files.exists(expected)).as("expected file %s", expected.getFileName()).isTrue();
        List<String> want = new ArrayList<>();
        SseReader reader = new SseReader(Files.newInputStream(expected));
        for (SseEvent e = reader.next(); e != null; e = reader.next()) {
            want.add(e.event() + " " + normal(e.data()));
        }
        List<String> got = actual.stream().map(o -> o.event() + " " + normal(o.data())).toList();
        assertThat(got).containsExactlyElementsOf(want);
    }

    private static String normal(String data) {
        try {
            return "[DONE]".equals(data) ? data : PRETTY.writer().without(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(PRETTY.readTree(data));
        } catch (IOException e) {
            return data;
        }
    }

    /** Writes the regenerated file into src/test/resources too (target/ is a copy). */
    private static void regenSource(Path expected, String text) throws IOException {
        Path src = Path.of("src/test/resources/fixtures").resolve(expected.getParent().getParent().getFileName())
                .resolve(expected.getParent().getFileName()).resolve(expected.getFileName());
        Files.writeString(src, text);
    }
}
