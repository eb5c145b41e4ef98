package io.llmio.proxy;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmio.mock.Fault;
import io.llmio.mock.MockProtocol;
import io.llmio.mock.MockUpstream;
import io.llmio.registry.Provider;
import io.llmio.requestlog.RequestLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import io.llmio.proxy.protocol.UsageTap;

/**
 * SPEC §4.3: upstream error text that reaches a caller, a log row, health detail or the management
 * API has every known secret redacted: provider keys, secret header values, proxy passwords, the
 * admin token. The mock plays an upstream that echoes them all back in its error message.
 */
class SecretRedactionTest {
    private static final String KEY = "sk-leaky-0123456789abcdef";
    private static final String HEADER = "hdr-secret-9876543210";
    private static final String ASSOC_HEADER = "assoc-secret-5555512345";
    private static final String PROXY_PASSWORD = "proxy-pass-4242";
    private static final List<String> SECRETS = List.of(KEY, HEADER, ASSOC_HEADER, PROXY_PASSWORD, Gateway.TOKEN);
    private static final String ECHO = "Bad request from key " + KEY + " with X-Custom-Auth " + HEADER + ", X-Team-Token "
            + ASSOC_HEADER + ", proxy password " + PROXY_PASSWORD + " and llmio token " + Gateway.TOKEN;

    private static final MockUpstream MOCK = MockUpstream.start(KEY);
    private static final Gateway GW = Gateway.start("""
            providers:
              - name: leaky
                type: openai
                base-url: %1$s
                api-key: %2$s
                headers: {X-Custom-Auth: %3$s, OpenAI-Beta: assistants=v2}
              - name: via-proxy
                type: openai
                base-url: %1$s
                api-key: other-key-not-used-here
                proxy: http://user:%5$s@127.0.0.1:9
            models:
              - name: leak
                breaker: false
                max-retry: 1
                providers:
                  - provider: leaky
                    model: up-leak
                    headers: {X-Team-Token: %4$s}
            """.formatted(MOCK.baseUrl(MockProtocol.OPENAI), KEY, HEADER, ASSOC_HEADER, PROXY_PASSWORD));

    @AfterAll
    static void stop() {
        GW.close();
        MOCK.close();
    }

    @BeforeEach
    void reset() {
        MOCK.reset();
    }

    private static HttpResponse<String> chat() {
        return GW.post("/v1/chat/completions", "{\"model\":\"leak\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                       "Authorization", "Bearer " + Gateway.TOKEN);
    }

    private static String trace(HttpResponse<?> res) {
        return res.headers().firstValue("x-llmio-trace-id").orElseThrow();
    }

    private static void assertClean(String text) {
        for (String secret : SECRETS) {
            assertThat(text).doesNotContain(secret);
        }
    }

    private static HttpResponse<String> admin(String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(GW.url(path))).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + Gateway.TOKEN).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return Gateway.send(b.build());
    }

    private static long providerId(String name) {
        return GW.app().registry().current().providers().stream().filter(p -> p.name().equals(name))
                .mapToLong(Provider::id).findFirst().orElseThrow();
    }

    @Test
    void anUpstream500EchoingSecretsReachesNeitherCallerNorLogNorHealth() {
        MOCK.script().next(Fault.status(500).withMessage(ECHO));
        HttpResponse<String> res = chat();
        assertThat(res.statusCode()).isEqualTo(502);
        String message = UsageTap.parse(res.body()).path("error").path("message").asText();
        assertThat(message).contains("Bad request from key").contains("[REDACTED]");
        assertClean(res.body());

        RequestLog row = GW.finishedLogs(trace(res), 1).getFirst();
        assertThat(row.error()).contains("upstream 500").contains("[REDACTED]");
        assertClean(row.error());

        HttpResponse<String> health = admin("GET", "/api/health/detail", null);
        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode leaky = null;
        for (JsonNode p : UsageTap.parse(health.body()).path("providers")) {
            if (p.path("name").asText().equals("leaky")) {
                leaky = p;
            }
        }
        assertThat(leaky).isNotNull();
        assertThat(leaky.path("last_error").asText()).contains("[REDACTED]");
        assertClean(health.body());
    }

    @Test
    void aRelayedUpstream400IsScannedToo() {
        MOCK.script().next(Fault.status(400).withMessage(ECHO));
        HttpResponse<String> res = chat();
        assertThat(res.statusCode()).isEqualTo(400);
        JsonNode body = UsageTap.parse(res.body());
        assertThat(body).as("still the upstream's JSON envelope").isNotNull();
        assertThat(body.path("error").path("message").asText()).startsWith("Bad request from key [REDACTED]");
        assertClean(res.body());
        assertClean(GW.finishedLogs(trace(res), 1).getFirst().error());
    }

    @Test
    void theUpstreamModelsAnswerAndTheTestButtonAreRedacted() {
        MOCK.script().next(Fault.status(500).withMessage(ECHO));
        HttpResponse<String> models = admin("GET", "/api/providers/" + providerId("leaky") + "/upstream-models", null);
        assertThat(models.statusCode()).isEqualTo(502);
        assertThat(models.body()).contains("[REDACTED]");
        assertClean(models.body());

        long association = GW.app().registry().current().model("leak").orElseThrow().routes().getFirst().id();
        MOCK.script().next(Fault.status(500).withMessage(ECHO));
        HttpResponse<String> test = admin("POST", "/api/model-providers/" + association + "/test", null);
        assertThat(test.statusCode()).isEqualTo(200);
        assertThat(test.body()).contains("[REDACTED]");
        assertClean(test.body());
    }

    @Test
    void aKeyChangedThroughTheApiIsRedactedFromTheNextRequestOn() {
        String rotated = "sk-rotated-abcdefabcdef0042";
        long id = providerId("via-proxy");
        assertThat(admin("PUT", "/api/providers/" + id, "{\"api_key\":\"" + rotated + "\"}").statusCode()).isEqualTo(200);
        MOCK.script().next(Fault.status(500).withMessage("someone else's key: " + rotated));
        HttpResponse<String> res = chat();
        assertThat(res.statusCode()).isEqualTo(502);
        assertThat(res.body()).contains("someone else's key: [REDACTED]").doesNotContain(rotated);
    }
}
