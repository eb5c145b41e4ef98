package io.llmio.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import io.helidon.webserver.WebServer;
import io.llmio.store.ConflictException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The error handlers {@link Api#errors} registers once on the routing: management paths answer the
 * JSON envelope with a real status; a failure on any other path keeps Helidon's own answer.
 */
class ApiErrorHandlersTest {
    private static WebServer server;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = WebServer.builder().port(0).routing(r -> {
            Api.errors(r);
            r.get("/api/invalid", (req, res) -> {
                throw ApiError.invalid("`name` is required");
            }).get("/api/conflict", (req, res) -> {
                throw new ConflictException("a model named 'm' already exists");
            }).get("/api/boom", (req, res) -> {
                throw new IllegalStateException("kaput");
            }).get("/metrics", (req, res) -> {
                throw new IllegalStateException("kaput");
            }).get("/v1/boom", (req, res) -> {
                throw new IllegalStateException("kaput");
            }).get("/api/ok", (req, res) -> Api.ok(res, Map.of("page_size", 1)));
        }).build().start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static HttpResponse<String> get(String path, String accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        if (accept != null) {
            b.header("Accept", accept);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void managementFailuresAnswerTheEnvelope() throws Exception {
        var invalid = get("/api/invalid", null);
        assertThat(invalid.statusCode()).isEqualTo(422);
        assertThat(invalid.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(invalid.body()).isEqualTo("{\"error\":{\"message\":\"`name` is required\",\"type\":\"validation_error\"}}");

        var conflict = get("/api/conflict", null);
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(conflict.body()).isEqualTo("{\"error\":{\"message\":\"a model named 'm' already exists\",\"type\":\"conflict\"}}");

        for (String path : new String[] {"/api/boom", "/metrics"}) {
            var boom = get(path, null);
            assertThat(boom.statusCode()).isEqualTo(500);
            assertThat(boom.body()).isEqualTo(
                    "{\"error\":{\"message\":\"internal error: IllegalStateException: kaput\",\"type\":\"internal_error\"}}");
        }
    }

    @Test
    void otherPathsKeepHelidonsOwnAnswer() throws Exception {
        var boom = get("/v1/boom", null);
        assertThat(boom.statusCode()).isEqualTo(500);
        assertThat(boom.body()).doesNotContain("internal_error").doesNotContain("kaput");
    }

    @Test
    void answersAreJsonWhateverTheAcceptHeader() throws Exception {
        var ok = get("/api/ok", "text/plain");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(ok.body()).isEqualTo("{\"page_size\":1}");
    }
}
