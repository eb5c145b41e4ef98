package io.llmio.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.llmio.registry.ProviderType;
import org.junit.jupiter.api.Test;

/** The tool-call check's reading and judging, on answers the mock upstream does not give. */
class ToolProbeTest {

    @Test
    void openAiCompatibleChunksWithoutIndexStillGiveTwoCalls() {
        ToolProbe.Collector c = new ToolProbe.Collector(ProviderType.OPENAI);
        c.event("{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"id\":\"a\",\"type\":\"function\","
                + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"location\\\":\"}}]}}]}");
        c.event("{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"function\":{\"arguments\":\"\\\"Paris\\\"}\"}}]}}]}");
        c.event("{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"id\":\"b\",\"type\":\"function\","
                + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"location\\\":\\\"London\\\"}\"}}]}}]}");
        c.event("[DONE]");
        assertThat(c.calls()).containsExactly(new ToolProbe.ToolCall("get_weather", "{\"location\":\"Paris\"}"),
                                              new ToolProbe.ToolCall("get_weather", "{\"location\":\"London\"}"));
        assertThat(ToolProbe.problem(c.calls())).isNull();
    }

    @Test
    void theOrderTheNameAndTheArgumentsAreChecked() {
        var paris = new ToolProbe.ToolCall("get_weather", "{\"location\":\"Paris, France\"}");
        var london = new ToolProbe.ToolCall("get_weather", "{\"location\":\"London\"}");
        assertThat(ToolProbe.problem(List.of(paris, london))).isNull();
        assertThat(ToolProbe.problem(List.of(london, paris))).contains("tool call 1 should ask for Paris");
        assertThat(ToolProbe.problem(List.of(paris, new ToolProbe.ToolCall("get_time", "{}")))).contains("`get_time`");
        assertThat(ToolProbe.problem(List.of(paris, new ToolProbe.ToolCall("get_weather", "not json"))))
                .contains("should ask for London");
    }

    @Test
    void anErrorEventInTheStreamIsTheResult() {
        ToolProbe.Collector c = new ToolProbe.Collector(ProviderType.ANTHROPIC);
        c.event("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}");
        assertThat(c.error()).isEqualTo("Overloaded");
        assertThat(c.calls()).isEmpty();
    }
}
