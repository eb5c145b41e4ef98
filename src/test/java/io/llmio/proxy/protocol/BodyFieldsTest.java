package io.llmio.proxy.protocol;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import io.llmio.proxy.RawUpstream;

/** Named top-level fields picked from a JSON body fed in arbitrary pieces. */
class BodyFieldsTest {
    private static JsonNode pieces(String json, int size, String... names) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        BodyFields f = new BodyFields(names);
        for (int off = 0; off < b.length; off += size) {
            f.feed(b, off, Math.min(size, b.length - off));
        }
        return f.fields();
    }

    @Test
    void topLevelFieldsOfAnObjectWhateverThePieces() {
        String json = "{\"data\":[{\"usage\":{\"prompt_tokens\":1}}],\"model\":\"m\",\"usage\":{\"prompt_tokens\":4242,"
                + "\"details\":{\"cached_tokens\":7}},\"total\":9}";
        for (int size : new int[] {1, 2, 7, 1000}) {
            JsonNode f = pieces(json, size, "usage", "total");
            assertThat(f.path("usage").path("prompt_tokens").asLong()).as("pieces of %d", size).isEqualTo(4242);
            assertThat(f.path("usage").path("details").path("cached_tokens").asLong()).isEqualTo(7);
            assertThat(f.path("total").asLong()).isEqualTo(9);
            assertThat(f.has("model")).isFalse();
        }
    }

    @Test
    void fieldsOfEachElementOfAnArrayTheLastWins() {
        String json = "[{\"usageMetadata\":{\"totalTokenCount\":1}},{\"x\":[1,2]},{\"usageMetadata\":{\"totalTokenCount\":5}}]";
        assertThat(pieces(json, 3, "usageMetadata").path("usageMetadata").path("totalTokenCount").asLong()).isEqualTo(5);
    }

    @Test
    void aLargeBodyInLargePieces() {
        String json = new String(RawUpstream.largeAnswer(3 * 1024 * 1024), StandardCharsets.UTF_8);
        assertThat(pieces(json, 65536, "usage").path("usage").path("prompt_tokens").asLong()).isEqualTo(4242);
    }

    @Test
    void notJsonGivesWhatWasFoundBefore() {
        assertThat(pieces("{\"usage\":{\"a\":1},]]]", 4, "usage").path("usage").path("a").asLong()).isEqualTo(1);
        assertThat(pieces("<html>", 4, "usage").isEmpty()).isTrue();
    }
}
