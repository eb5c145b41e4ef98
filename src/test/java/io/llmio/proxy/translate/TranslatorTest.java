package io.llmio.proxy.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.llmio.errors.GatewayError;
import io.llmio.proxy.protocol.Style;

class TranslatorTest {
    @Test
    void supportsTheFourChatProtocolsBothWays() {
        List<Style> chat = List.of(Style.ANTHROPIC, Style.OPENAI_CHAT, Style.OPENAI_RESPONSES, Style.GEMINI);
        for (Style caller : chat) {
            for (Style upstream : chat) {
                assertThat(Translator.supports(caller, upstream)).as(caller + " via " + upstream).isTrue();
            }
        }
        assertThat(Translator.supports(Style.OPENAI_RESPONSES, Style.OPENAI_EMBEDDINGS)).isFalse();
        assertThat(Translator.supports(Style.ANTHROPIC, Style.OPENAI_EMBEDDINGS)).isFalse();
        assertThatThrownBy(() -> Translator.of(Style.OPENAI_EMBEDDINGS, Style.GEMINI_EMBEDDINGS))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void namespaceFunctionsKeepTheirNamespaceThroughAFlatNamedUpstream() {
        String longNs = "a_namespace_with_a_rather_long_name_for_its_tools";
        byte[] body = ("{\"model\":\"c\",\"input\":\"hi\",\"tools\":[{\"type\":\"namespace\",\"name\":\"" + longNs
                + "\",\"description\":\"d\",\"tools\":[{\"type\":\"function\",\"name\":\"do_the_thing_now\","
                + "\"parameters\":{\"type\":\"object\"}}]},{\"type\":\"web_search\"}]}").getBytes();
        Translator.Call call = Translator.of(Style.OPENAI_RESPONSES, Style.OPENAI_CHAT).request(body, Target.of("m"));
        String flat = new Turn.Qualified(longNs, "do_the_thing_now").flatName();
        // past 64 characters (every vendor's limit) the flat name is shortened, deterministically
        assertThat(flat).hasSize(64).startsWith(longNs).isEqualTo(new Turn.Qualified(longNs, "do_the_thing_now").flatName());
        assertThat(new String(call.body())).contains("\"name\":\"" + flat + "\"").doesNotContain("web_search");
        String answer = "{\"id\":\"c1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"" + flat + "\",\"arguments\":\"{}\"}}]},\"finish_reason\":\"tool_calls\"}]}";
        assertThat(new String(call.response(answer.getBytes(), new Reply("x", 0))))
                .contains("\"namespace\":\"" + longNs + "\",\"name\":\"do_the_thing_now\"");
    }

    @Test
    void unreadableCallerBodyIsTheCallersBadRequest() {
        Translator t = Translator.of(Style.ANTHROPIC, Style.OPENAI_CHAT);
        assertThatThrownBy(() -> t.request("{not json".getBytes(), Target.of("m")))
                .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.status()).isEqualTo(400));
        assertThatThrownBy(() -> t.request("[1]".getBytes(), Target.of("m")))
                .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void unreadableUpstreamAnswerIsBadGateway() {
        Translator.Call call = Translator.of(Style.OPENAI_CHAT, Style.ANTHROPIC)
                .request("{\"model\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}".getBytes(), Target.of("m"));
        assertThatThrownBy(() -> call.response("<html>".getBytes(), new Reply("x", 0)))
                .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.status()).isEqualTo(502));
    }

    @Test
    void geminiCallerStreamsWhenItsUrlSaysSo() {
        Translator t = Translator.of(Style.GEMINI, Style.OPENAI_CHAT);
        byte[] body = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}".getBytes();
        Translator.Call call = t.request(body, Target.of("m"), true);
        assertThat(call.stream()).isTrue();
        assertThat(new String(call.body())).contains("\"stream\":true").contains("\"include_usage\":true");
        assertThat(t.request(body, Target.of("m"), false).stream()).isFalse();
    }

    @Test
    void maxCompletionTokensForOpenAiReasoningUpstreams() {
        byte[] body = "{\"model\":\"c\",\"max_tokens\":300,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}".getBytes();
        Translator t = Translator.of(Style.ANTHROPIC, Style.OPENAI_CHAT);
        assertThat(new String(t.request(body, new Target("o4-mini", 4096, false)).body()))
                .contains("\"max_completion_tokens\":300").doesNotContain("\"max_tokens\"");
        assertThat(new String(t.request(body, Target.of("deepseek-chat")).body())).contains("\"max_tokens\":300");
    }
}
