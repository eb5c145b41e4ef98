package io.llmio.proxy;

import java.net.http.HttpResponse;
import java.util.List;

import io.llmio.mock.MockProtocol;
import io.llmio.mock.MockUpstream;
import io.llmio.mock.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** What the client sends that must not reach the upstream: a second {@code model}, its Gemini key in the URL. */
class RequestHygieneTest {
    private static final MockUpstream MOCK = MockUpstream.start("sk-up");
    private static final Gateway GW = Gateway.start("""
            providers:
              - {name: oa, type: openai, base-url: %1$s, api-key: sk-up}
              - {name: gm, type: gemini, base-url: %2$s, api-key: sk-up}
            models:
              - name: gpt-4o
                providers: [{provider: oa, model: up-4o}]
              - name: o1-pro
                providers: [{provider: oa, model: up-o1-pro}]
              - name: gem
                providers: [{provider: gm, model: up-gem}]
            """.formatted(MOCK.baseUrl(MockProtocol.OPENAI), MOCK.baseUrl(MockProtocol.GEMINI)));
    private static final String CHEAP_ONLY = GW.createKey("cheap", true, false, List.of("gpt-4o", "gem"), null);

    @AfterAll
    static void stop() {
        GW.close();
        MOCK.close();
    }

    @BeforeEach
    void reset() {
        MOCK.reset();
    }

    @Test
    void aSecondModelKeyCannotSmuggleADisallowedModelUpstream() {
        HttpResponse<String> res = GW.post("/v1/chat/completions",
                "{\"model\":\"o1-pro\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"model\":\"gpt-4o\"}",
                "Authorization", "Bearer " + CHEAP_ONLY);
        // authorized on one value, and that value is the only one that goes upstream
        if (res.statusCode() == 200) {
            String sent = MOCK.lastRequest().bodyText();
            assertThat(sent).doesNotContain("o1-pro");
            assertThat(sent).contains("\"up-4o\"");
        } else {
            assertThat(res.statusCode()).as(res.body()).isEqualTo(400);
            assertThat(MOCK.requestCount()).isZero();
        }
    }

    @Test
    void theLastModelKeyIsTheOneAuthorized() {
        HttpResponse<String> res = GW.post("/v1/chat/completions",
                "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"model\":\"o1-pro\"}",
                "Authorization", "Bearer " + CHEAP_ONLY);
        assertThat(res.statusCode()).isIn(400, 403);
        assertThat(MOCK.requestCount()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"%6bey=KEY&alt=sse", "alt=sse&k%65y=KEY", "%6B%65%79=KEY&alt=sse", "key=KEY&alt=sse&key=KEY",
                            "alt=sse&key=KEY&%6bey=KEY"})
    void theCallersGeminiKeyNeverTravelsUpstreamWhateverItsSpelling(String query) {
        HttpResponse<String> res = GW.post("/gemini/v1beta/models/gem:streamGenerateContent?" + query.replace("KEY", CHEAP_ONLY)
                                                   + "&x-extra=a%20b",
                                           "{\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}]}");
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        RecordedRequest up = MOCK.lastRequest();
        assertThat(up.query()).doesNotContain(CHEAP_ONLY);
        assertThat(up.queryParam("key")).isEmpty();
        // the rest of the query goes on as the client wrote it
        assertThat(up.query()).isEqualTo("alt=sse&x-extra=a%20b");
        assertThat(res.body()).startsWith("data: ");
    }
}
