package io.llmio.proxy;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.llmio.mock.MockProtocol;
import io.llmio.mock.MockUpstream;
import io.llmio.registry.AuthKey;
import io.llmio.store.AuthKeyStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** LLMIO_REQUEST_LOG=false: answers as usual, no request_logs rows, metrics and key usage still count. */
class RequestLogSwitchTest {
    private static final MockUpstream MOCK = MockUpstream.start("sk-upstream");
    private static final Gateway GW = Gateway.start("""
            providers:
              - name: oa
                type: openai
                base-url: %s
                api-key: sk-upstream
            models:
              - name: gpt
                io-log: true
                providers:
                  - provider: oa
                    model: gpt-up
            """.formatted(MOCK.baseUrl(MockProtocol.OPENAI)), Map.of("LLMIO_REQUEST_LOG", "false"));

    @AfterAll
    static void stop() {
        GW.close();
        MOCK.close();
    }

    @Test
    void callsAreServedAndCountedButNoRowIsWritten() throws Exception {
        String key = GW.createKey("no-log", true, true, List.of(), null);
        HttpResponse<String> plain = GW.post("/v1/chat/completions", "{\"model\":\"gpt\",\"messages\":[]}",
                                             "Authorization", "Bearer " + key);
        HttpResponse<String> stream = GW.post("/v1/chat/completions", "{\"model\":\"gpt\",\"stream\":true,\"messages\":[]}",
                                              "Authorization", "Bearer " + key);
        HttpResponse<String> unknown = GW.post("/v1/chat/completions", "{\"model\":\"gpt-nope\",\"messages\":[]}",
                                               "Authorization", "Bearer " + key);
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.body()).contains("data: [DONE]");
        assertThat(unknown.statusCode()).isEqualTo(404);

        // the key's usage goes through the same writer, after the rows it would have written
        AuthKeyStore keys = new AuthKeyStore(GW.app().database());
        long id = keys.list().stream().filter(k -> k.name().equals("no-log")).findFirst().orElseThrow().id();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        AuthKey k = keys.get(id).orElseThrow();
        while (k.usageCount() < 2 && Instant.now().isBefore(deadline)) {
            Thread.sleep(20); // polling interval; the condition decides
            k = keys.get(id).orElseThrow();
        }
        assertThat(k.usageCount()).isEqualTo(2);
        assertThat(k.lastUsedAt()).isNotNull();
        assertThat(GW.allLogs()).isEmpty();
        assertThat(GW.app().logs().written()).isZero();

        HttpResponse<String> metrics = GW.get("/metrics", "Authorization", "Bearer " + Gateway.TOKEN);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).containsPattern("llmio_requests_total\\{[^}]*model=\"gpt\"[^}]*status=\"success\"[^}]*} 2.0");
    }
}
