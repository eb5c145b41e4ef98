package io.llmio.proxy;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmio.mock.Fault;
import io.llmio.mock.MockProtocol;
import io.llmio.mock.MockUpstream;
import io.llmio.routing.Breakers;
import io.llmio.registry.Route;
import io.llmio.requestlog.RequestLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import io.llmio.proxy.protocol.UsageTap;

/**
 * SPEC §4.3: an upstream 401/403 (the provider's own credentials or account) and a 404 saying the
 * upstream model does not exist are the provider's failures: fail over, count for the breaker, and
 * with nothing left answer 502 in the caller's protocol. Other 4xx go straight back.
 */
class ProviderFailureTest {
    private static final MockUpstream A = MockUpstream.start("key-a");
    private static final MockUpstream B = MockUpstream.start("key-b");
    private static final Gateway GW = Gateway.start("""
            providers:
              - {name: revoked, type: openai, base-url: %1$s, api-key: revoked-key-0001}
              - {name: a, type: openai, base-url: %1$s, api-key: key-a}
              - {name: b, type: openai, base-url: %2$s, api-key: key-b}
              - {name: claude-revoked, type: anthropic, base-url: %1$s, api-key: revoked-key-0001}
              - {name: claude-a, type: anthropic, base-url: %1$s, api-key: key-a}
              - {name: claude-b, type: anthropic, base-url: %2$s, api-key: key-b}
              - {name: gem-revoked, type: gemini, base-url: %3$s, api-key: revoked-key-0001}
              - {name: gem-a, type: gemini, base-url: %3$s, api-key: key-a}
              - {name: gem-b, type: gemini, base-url: %4$s, api-key: key-b}
            models:
              - name: rot
                strategy: rotor
                breaker: true
                providers:
                  - {provider: revoked, model: up-revoked, weight: 10}
                  - {provider: b, model: up-b, weight: 1}
              - name: openai-dead
                breaker: false
                providers:
                  - {provider: revoked, model: up-revoked}
              - name: anthropic-dead
                breaker: false
                providers:
                  - {provider: claude-revoked, model: up-revoked}
              - name: gemini-dead
                breaker: false
                providers:
                  - {provider: gem-revoked, model: up-revoked}
              - name: openai-fo
                strategy: rotor
                breaker: false
                providers:
                  - {provider: a, model: up-a, weight: 10}
                  - {provider: b, model: up-b, weight: 1}
              - name: anthropic-fo
                strategy: rotor
                breaker: false
                providers:
                  - {provider: claude-a, model: up-a, weight: 10}
                  - {provider: claude-b, model: up-b, weight: 1}
              - name: gemini-fo
                strategy: rotor
                breaker: false
                providers:
                  - {provider: gem-a, model: up-a, weight: 10}
                  - {provider: gem-b, model: up-b, weight: 1}
            """.formatted(A.baseUrl(MockProtocol.OPENAI), B.baseUrl(MockProtocol.OPENAI), A.baseUrl(MockProtocol.GEMINI),
                          B.baseUrl(MockProtocol.GEMINI)));

    @AfterAll
    static void stop() {
        GW.close();
        A.close();
        B.close();
    }

    @BeforeEach
    void reset() {
        A.reset();
        B.reset();
    }

    static HttpResponse<String> call(MockProtocol protocol, String model) {
        return switch (protocol) {
            case OPENAI -> GW.post("/v1/chat/completions",
                                   "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                                   "Authorization", "Bearer " + Gateway.TOKEN);
            case ANTHROPIC -> GW.post("/anthropic/v1/messages", "{\"model\":\"" + model
                    + "\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "x-api-key", Gateway.TOKEN);
            case GEMINI -> GW.post("/gemini/v1beta/models/" + model + ":generateContent",
                                   "{\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}]}", "x-goog-api-key", Gateway.TOKEN);
        };
    }

    private static String trace(HttpResponse<?> res) {
        return res.headers().firstValue("x-llmio-trace-id").orElseThrow();
    }

    private static long associationId(String model, String provider) {
        return GW.app().registry().current().model(model).orElseThrow().routes().stream()
                .filter(r -> r.provider().name().equals(provider)).map(Route::id).findFirst().orElseThrow();
    }

    @Test
    void anUpstream401FailsOverToTheNextProviderAndCountsForTheBreaker() {
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> res = call(MockProtocol.OPENAI, "rot");
            assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
            List<RequestLog> rows = GW.finishedLogs(trace(res), 2);
            assertThat(rows.get(0).providerName()).isEqualTo("revoked");
            assertThat(rows.get(0).status()).isEqualTo("error");
            assertThat(rows.get(0).httpStatus()).isEqualTo(401);
            assertThat(rows.get(1).providerName()).isEqualTo("b");
            assertThat(rows.get(1).status()).isEqualTo("success");
        }
        assertThat(B.requestCount()).isEqualTo(3);
        long revoked = associationId("rot", "revoked");
        assertThat(GW.app().breakers().state(revoked)).isEqualTo(Breakers.State.CLOSED);
        for (int i = 0; i < Breakers.FAILURES_TO_OPEN - 3; i++) {
            assertThat(call(MockProtocol.OPENAI, "rot").statusCode()).isEqualTo(200);
        }
        assertThat(GW.app().breakers().state(revoked)).isEqualTo(Breakers.State.OPEN);
        int sentToRevoked = A.requestCount();
        assertThat(call(MockProtocol.OPENAI, "rot").statusCode()).isEqualTo(200);
        assertThat(A.requestCount()).isEqualTo(sentToRevoked);
    }

    static Stream<Arguments> deadModels() {
        return Stream.of(Arguments.of(MockProtocol.OPENAI, "openai-dead", 401),
                         Arguments.of(MockProtocol.ANTHROPIC, "anthropic-dead", 401),
                         // Google answers a wrong API key with 400 INVALID_ARGUMENT, reason API_KEY_INVALID
                         Arguments.of(MockProtocol.GEMINI, "gemini-dead", 400));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deadModels")
    void withNoProviderLeftTheCallerGets502NamingTheProviderProblem(MockProtocol protocol, String model, int upstream) {
        HttpResponse<String> res = call(protocol, model);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(502);
        JsonNode body = UsageTap.parse(res.body());
        String message = body.path("error").path("message").asText();
        assertThat(message).contains("upstream " + upstream).contains("credentials").contains("trace_id");
        switch (protocol) {
            case OPENAI -> assertThat(body.path("error").path("type").asText()).isEqualTo("server_error");
            case ANTHROPIC -> {
                assertThat(body.path("type").asText()).isEqualTo("error");
                assertThat(body.path("error").path("type").asText()).isEqualTo("api_error");
            }
            case GEMINI -> assertThat(body.path("error").path("code").asInt()).isEqualTo(502);
        }
        RequestLog row = GW.finishedLogs(trace(res), 1).getFirst();
        assertThat(row.status()).isEqualTo("error");
        assertThat(row.httpStatus()).isEqualTo(upstream);
    }

    static Stream<Arguments> providerFailures() {
        return Stream.of(
                Arguments.of(MockProtocol.OPENAI, "openai-fo", Fault.status(401)),
                Arguments.of(MockProtocol.OPENAI, "openai-fo", Fault.status(403)),
                // {"code":"model_not_found"}
                Arguments.of(MockProtocol.OPENAI, "openai-fo", Fault.status(404)),
                // an OpenAI-compatible server (vLLM) naming the model it does not have
                Arguments.of(MockProtocol.OPENAI, "openai-fo", Fault.json(404,
                        "{\"object\":\"error\",\"message\":\"The model `up-a` does not exist.\",\"type\":\"NotFoundError\","
                                + "\"param\":null,\"code\":404}")),
                Arguments.of(MockProtocol.ANTHROPIC, "anthropic-fo", Fault.status(403)),
                Arguments.of(MockProtocol.ANTHROPIC, "anthropic-fo", Fault.json(404,
                        "{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\",\"message\":\"model: up-a\"}}")),
                Arguments.of(MockProtocol.GEMINI, "gemini-fo", Fault.status(403)),
                // "models/… is not found for API version v1beta, or is not supported for generateContent."
                Arguments.of(MockProtocol.GEMINI, "gemini-fo", Fault.status(404)));
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("providerFailures")
    void providerFailuresFailOver(MockProtocol protocol, String model, Fault fault) {
        A.script().next(fault);
        HttpResponse<String> res = call(protocol, model);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        assertThat(A.requestCount()).isEqualTo(1);
        assertThat(B.requestCount()).isEqualTo(1);
        List<RequestLog> rows = GW.finishedLogs(trace(res), 2);
        assertThat(rows.get(0).status()).isEqualTo("error");
        assertThat(rows.get(1).status()).isEqualTo("success");
    }

    static Stream<Arguments> transientFailures() {
        return Stream.of(Arguments.of(MockProtocol.OPENAI, Fault.rateLimited(30)),
                         Arguments.of(MockProtocol.OPENAI, Fault.status(500)),
                         Arguments.of(MockProtocol.ANTHROPIC, Fault.rateLimited(30)),
                         Arguments.of(MockProtocol.ANTHROPIC, Fault.overloaded()),
                         Arguments.of(MockProtocol.GEMINI, Fault.rateLimited(30)),
                         Arguments.of(MockProtocol.GEMINI, Fault.status(500)));
    }

    /** The fault suite in every protocol: a 429 with a long Retry-After moves on at once, a 5xx fails over. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("transientFailures")
    void transientFailuresFailOverInEveryProtocol(MockProtocol protocol, Fault fault) {
        A.script().next(fault);
        long start = System.nanoTime();
        HttpResponse<String> res = call(protocol, protocol.name().toLowerCase() + "-fo");
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        assertThat(ms).as("a fresh candidate is tried without waiting out Retry-After: 30").isLessThan(15_000);
        assertThat(B.requestCount()).isEqualTo(1);
        List<RequestLog> rows = GW.finishedLogs(trace(res), 2);
        assertThat(rows.get(0).status()).isEqualTo("error");
        assertThat(rows.get(1).status()).isEqualTo("success");
    }

    static Stream<Arguments> callerErrors() {
        return Stream.of(
                // a wrong path is not a missing model (OpenAI answers code null)
                Arguments.of(MockProtocol.OPENAI, Fault.json(404, "{\"error\":{\"message\":\"Invalid URL (POST "
                        + "/v1/chat/completions)\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}"), 404),
                // a resource of the caller's request that does not exist
                Arguments.of(MockProtocol.OPENAI, Fault.json(404, "{\"error\":{\"message\":\"Previous response with id "
                        + "'resp_1' not found.\",\"type\":\"invalid_request_error\",\"param\":\"previous_response_id\","
                        + "\"code\":\"previous_response_not_found\"}}"), 404),
                // Anthropic's not_found_error that is not about the model
                Arguments.of(MockProtocol.ANTHROPIC, Fault.status(404), 404),
                Arguments.of(MockProtocol.GEMINI, Fault.json(404, "{\"error\":{\"code\":404,\"message\":\"File "
                        + "abc123 does not exist.\",\"status\":\"NOT_FOUND\"}}"), 404),
                Arguments.of(MockProtocol.OPENAI, Fault.status(413), 413),
                Arguments.of(MockProtocol.ANTHROPIC, Fault.status(422), 422),
                Arguments.of(MockProtocol.GEMINI, Fault.status(400), 400));
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("callerErrors")
    void otherClientErrorsGoStraightBack(MockProtocol protocol, Fault fault, int status) {
        A.script().next(fault);
        HttpResponse<String> res = call(protocol, protocol.name().toLowerCase() + "-fo");
        assertThat(res.statusCode()).as(res.body()).isEqualTo(status);
        assertThat(B.requestCount()).isZero();
        assertThat(GW.finishedLogs(trace(res), 1).getFirst().httpStatus()).isEqualTo(status);
    }
}
