package io.llmio.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The SPA fallback answers the WebUI's page only for UI routes: a path that looks like an API call
 * ({@code /healthz}, {@code /metrics2}, {@code /api}, {@code /v1/…}) is a JSON 404, so a probe never
 * "passes" on the page.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebUiFallbackTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private WebServer withUi;
    private WebServer withoutUi;

    @BeforeAll
    void start() {
        withUi = WebServer.builder().port(0).routing(r -> WebUi.register(r, "webui-test")).build().start();
        withoutUi = WebServer.builder().port(0).routing(r -> WebUi.register(r, "no-such-ui")).build().start();
    }

    @AfterAll
    void stop() {
        withUi.stop();
        withoutUi.stop();
    }

    @Test
    void apiLookingPathsAreJson404WithOrWithoutTheUi() throws Exception {
        for (WebServer server : new WebServer[] {withUi, withoutUi}) {
            for (String path : new String[] {"/healthz", "/health/nope", "/metrics2", "/metrics/x", "/api", "/api/x",
                                             "/v1", "/v1/nope", "/openai/x", "/anthropic/x", "/gemini/v1beta/x"}) {
                HttpResponse<String> r = get(server.port(), path);
                assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(404);
                assertThat(r.headers().firstValue("Content-Type").orElse("")).as(path).startsWith("application/json");
                JsonNode err = JSON.readTree(r.body()).path("error");
                assertThat(err.path("type").asText()).as(path).isEqualTo("not_found");
                assertThat(err.path("message").asText()).as(path).contains(path);
            }
        }
    }

    @Test
    void uiRoutesStillGetThePage() throws Exception {
        for (String path : new String[] {"/", "/providers", "/logs/42", "/healthy-looking-but-ui", "/apis"}) {
            HttpResponse<String> r = get(withUi.port(), path);
            if (path.equals("/healthy-looking-but-ui")) {
                // starts with /health: never the UI's
                assertThat(r.statusCode()).as(path).isEqualTo(404);
                continue;
            }
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).as(path).startsWith("text/html");
        }
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                         HttpResponse.BodyHandlers.ofString());
    }
}
