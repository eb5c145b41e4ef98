package io.llmio.proxy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import io.llmio.proxy.protocol.UsageTap;

class BodyRewriterTest {

    private static String rewrite(String body, Map<String, JsonNode> set) {
        return new String(BodyRewriter.rewrite(body.getBytes(StandardCharsets.UTF_8), set), StandardCharsets.UTF_8);
    }

    @Test
    void replacesOnlyTheModelValueAndKeepsEveryOtherByte() {
        String body = "{ \"model\" : \"gpt-4o\",\n  \"messages\":[{\"role\":\"user\",\"content\":\"hi \\u00e9 1.50e3\"}],"
                + "\"temperature\": 1.50 }";
        String out = rewrite(body, Map.of("model", TextNode.valueOf("gpt-4o-2024-08-06")));
        assertThat(out).isEqualTo(body.replace("\"gpt-4o\"", "\"gpt-4o-2024-08-06\""));
    }

    @Test
    void appendsMissingKeysAndReplacesNestedValues() {
        Map<String, JsonNode> set = new LinkedHashMap<>();
        set.put("model", TextNode.valueOf("m2"));
        set.put("max_tokens", IntNode.valueOf(5));
        set.put("stream_options", BodyRewriter.mergedObject(
                UsageTap.parse("{\"foo\":1,\"include_usage\":false}"), Map.of("include_usage", BooleanNode.TRUE)));
        String out = rewrite("{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"foo\":1,\"include_usage\":false}}", set);
        assertThat(UsageTap.parse(out)).isEqualTo(UsageTap.parse(
                "{\"model\":\"m2\",\"stream\":true,\"stream_options\":{\"foo\":1,\"include_usage\":true},\"max_tokens\":5}"));
    }

    @Test
    void emptyObjectGetsNoLeadingComma() {
        assertThat(rewrite("{}", Map.of("a", IntNode.valueOf(1)))).isEqualTo("{\"a\":1}");
        assertThat(rewrite(" { } ", Map.of("a", IntNode.valueOf(1)))).isEqualTo(" { \"a\":1} ");
    }

    @Test
    void nothingToSetReturnsTheSameBytes() {
        byte[] body = "{\"model\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(BodyRewriter.rewrite(body, Map.of())).isSameAs(body);
    }

    @Test
    void rejectsNonObjects() {
        assertThatThrownBy(() -> rewrite("[1,2]", Map.of("model", TextNode.valueOf("x"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyOccurrenceOfADuplicatedKeyIsReplaced() {
        String out = rewrite("{\"model\":\"o1-pro\",\"messages\":[],\"model\":\"gpt-4o\"}",
                             Map.of("model", TextNode.valueOf("up-4o")));
        assertThat(out).isEqualTo("{\"model\":\"up-4o\",\"messages\":[],\"model\":\"up-4o\"}");
    }

    @Test
    void aDuplicateSpelledWithAnEscapeIsReplacedToo() {
        String out = rewrite("{\"mod\\u0065l\":\"o1-pro\",\"model\":\"gpt-4o\"}", Map.of("model", TextNode.valueOf("up")));
        assertThat(out).isEqualTo("{\"mod\\u0065l\":\"up\",\"model\":\"up\"}");
    }

    @Test
    void nestedKeysOfTheSameNameAreLeftAlone() {
        String body = "{\"model\":\"a\",\"metadata\":{\"model\":\"keep\"}}";
        assertThat(rewrite(body, Map.of("model", TextNode.valueOf("b"))))
                .isEqualTo("{\"model\":\"b\",\"metadata\":{\"model\":\"keep\"}}");
    }
}
