package io.llmio.proxy.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.llmio.errors.GatewayError;
import io.llmio.proxy.protocol.Style;

/**
 * Replays {@code fixtures/translate-embeddings/<caller>-via-<upstream>/}: requests, answers and
 * errors, as {@link TranslationGoldenTest} does for chat (same {@code -Dtranslate.regen=true}). A
 * Gemini caller's scenario named {@code batch*} is a {@code :batchEmbedContents} call.
 */
class EmbeddingsGoldenTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Reply REPLY = TranslationGoldenTest.REPLY;

    record Case(Path dir, String scenario, String kind) {
        @Override
        public String toString() {
            return dir.getFileName() + "/" + scenario + " " + kind;
        }

        Embeddings embeddings() {
            return Embeddings.of(style(dir.getFileName().toString().split("-via-")[0]),
                    style(dir.getFileName().toString().split("-via-")[1]));
        }

        boolean batch() {
            return scenario.startsWith("batch");
        }
    }

    private static Style style(String s) {
        return switch (s) {
            case "openai" -> Style.OPENAI_EMBEDDINGS;
            case "gemini" -> Style.GEMINI_EMBEDDINGS;
            default -> throw new IllegalArgumentException(s);
        };
    }

    static Stream<Case> cases() throws IOException, URISyntaxException {
        Path root = Path.of(EmbeddingsGoldenTest.class.getResource("/fixtures/translate-embeddings").toURI());
        List<Case> cases = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path f : files.sorted().toList()) {
                        String name = f.getFileName().toString();
                        for (String kind : List.of(".request.json", ".upstream-response.json", ".upstream-error.json",
                                ".untranslatable.json")) {
                            if (name.endsWith(kind)) {
                                cases.add(new Case(dir, name.substring(0, name.length() - kind.length()), kind));
                            }
                        }
                    }
                }
            }
        }
        return cases.stream();
    }

    private static Embeddings.Call call(Case c) throws IOException {
        Path own = c.dir().resolve(c.scenario() + ".request.json");
        Path req = Files.exists(own) ? own : c.dir().resolve("single.request.json");
        return c.embeddings().request(Files.readAllBytes(req), "upstream-model", c.batch());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void golden(Case c) throws IOException {
        Path in = c.dir().resolve(c.scenario() + c.kind());
        switch (c.kind()) {
            case ".request.json" -> TranslationGoldenTest.compareJson(call(c).body(),
                    c.dir().resolve(c.scenario() + ".upstream-request.json"));
            case ".upstream-response.json" -> TranslationGoldenTest.compareJson(
                    call(c).response(Files.readAllBytes(in), REPLY), c.dir().resolve(c.scenario() + ".response.json"));
            case ".upstream-error.json" -> {
                JsonNode spec = JSON.readTree(in.toFile());
                Translator.ErrorReply reply = call(c).error(spec.get("status").asInt(),
                        JSON.writeValueAsBytes(spec.get("body")));
                ObjectNode actual = JSON.createObjectNode().put("status", reply.status());
                actual.set("body", JSON.readTree(reply.body()));
                TranslationGoldenTest.compareJson(JSON.writeValueAsBytes(actual),
                        c.dir().resolve(c.scenario() + ".error.json"));
            }
            case ".untranslatable.json" -> {
                JsonNode spec = JSON.readTree(in.toFile());
                byte[] body = JSON.writeValueAsBytes(spec.get("request"));
                assertThatThrownBy(() -> c.embeddings().request(body, "upstream-model", c.batch()))
                        .isInstanceOfSatisfying(GatewayError.class, e -> {
                            assertThat(e.status()).isEqualTo(400);
                            assertThat(e.param()).isEqualTo(spec.get("field").asText());
                        });
            }
            default -> throw new IllegalStateException(c.kind());
        }
    }

    /** The OpenAI SDKs ask for base64 by default: little-endian float32s, decoded back to the upstream's numbers. */
    @Test
    void base64IsLittleEndianFloat32() throws Exception {
        Embeddings.Call call = Embeddings.of(Style.OPENAI_EMBEDDINGS, Style.GEMINI_EMBEDDINGS)
                .request("{\"model\":\"m\",\"input\":\"hi\",\"encoding_format\":\"base64\"}".getBytes(), "g", false);
        JsonNode out = JSON.readTree(call.response("{\"embeddings\":[{\"values\":[0.1,-2.5,3]}]}".getBytes(), REPLY));
        ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(out.at("/data/0/embedding").asText()))
                .order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new float[] {b.getFloat(), b.getFloat(), b.getFloat()}).containsExactly(0.1f, -2.5f, 3f);
        assertThat(b.hasRemaining()).isFalse();
    }

    @Test
    void fewerVectorsThanInputsIsBadGateway() {
        Embeddings.Call call = Embeddings.of(Style.OPENAI_EMBEDDINGS, Style.GEMINI_EMBEDDINGS)
                .request("{\"model\":\"m\",\"input\":[\"a\",\"b\"]}".getBytes(), "g", false);
        assertThatThrownBy(() -> call.response("{\"embeddings\":[{\"values\":[1]}]}".getBytes(), REPLY))
                .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.status()).isEqualTo(502));
    }

    @Test
    void onlyBetweenTheTwoEmbeddingProtocols() {
        assertThat(Embeddings.supports(Style.OPENAI_EMBEDDINGS, Style.GEMINI_EMBEDDINGS)).isTrue();
        assertThat(Embeddings.supports(Style.GEMINI_EMBEDDINGS, Style.OPENAI_EMBEDDINGS)).isTrue();
        assertThat(Embeddings.supports(Style.OPENAI_EMBEDDINGS, Style.OPENAI_EMBEDDINGS)).isFalse();
        assertThat(Embeddings.supports(Style.OPENAI_EMBEDDINGS, Style.OPENAI_CHAT)).isFalse();
    }
}
