package io.llmio.requestlog;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Hardening item 2: stored bodies are cut per body, at a character boundary, and the cut is marked. */
class LogBodiesTest {
    @Test
    void aLongBodyIsCutAtACharacterBoundaryAndMarked() {
        byte[] body = ("{\"x\":\"" + "€".repeat(1000) + "\"}").getBytes(StandardCharsets.UTF_8);
        String stored = LogBodies.text(body, 100);
        assertThat(stored).startsWith("{\"x\":\"€€").doesNotContain("\uFFFD");
        assertThat(LogBodies.truncated(stored)).isTrue();
        assertThat(LogBodies.originalBytes(stored)).isEqualTo(body.length);
        // 6 ASCII bytes, then whole 3-byte characters only
        assertThat(stored).contains("kept 99 of " + body.length + " bytes]");

        String small = LogBodies.text("{\"ok\":true}".getBytes(StandardCharsets.UTF_8), 100);
        assertThat(small).isEqualTo("{\"ok\":true}");
        assertThat(LogBodies.truncated(small)).isFalse();
    }

    @Test
    void aStreamedAnswerKeepsItsFirstEventsUpToTheCapAndCountsTheRest() throws Exception {
        List<String> events = LogBodies.capped(1000);
        for (int i = 0; i < 500; i++) {
            events.add("{\"i\":" + i + ",\"pad\":\"" + "p".repeat(80) + "\"}");
        }
        assertThat(events.size()).isLessThan(12); // it stopped growing while the stream went on
        JsonNode stored = new ObjectMapper().readTree(LogBodies.events(events, 1000));
        assertThat(stored.get("sse_events").size()).isEqualTo(events.size());
        assertThat(stored.get("truncated").asBoolean()).isTrue();
        assertThat(stored.get("events_total").asInt()).isEqualTo(500);

        JsonNode whole = new ObjectMapper().readTree(LogBodies.events(List.of("a", "b"), 1000));
        assertThat(whole.has("truncated")).isFalse();
        assertThat(whole.get("sse_events").size()).isEqualTo(2);
    }
}
