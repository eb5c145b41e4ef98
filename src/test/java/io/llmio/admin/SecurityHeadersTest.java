package io.llmio.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import io.helidon.webserver.WebServer;
import io.llmio.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The WebUI is served with a Content-Security-Policy that allows its own inline theme script by hash
 * and nothing inline else, no framing, nosniff and a referrer policy; {@code /api} JSON carries
 * nosniff and {@code frame-ancestors 'none'}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityHeadersTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private WebServer ui;
    private Main.App app;

    @BeforeAll
    void start() {
        ui = WebServer.builder().port(0).routing(r -> WebUi.register(r, "webui-test")).build().start();
        app = AdminServer.start("embedded", Map.of());
    }

    @AfterAll
    void stop() {
        ui.stop();
        app.stop();
    }

    @Test
    void everyUiAnswerCarriesTheHeaders() throws Exception {
        String inline = inlineScript();
        String hash = "'sha256-" + Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(inline.getBytes(StandardCharsets.UTF_8))) + "'";
        for (String path : new String[] {"/", "/index.html", "/providers", "/assets/index-test.js"}) {
            HttpResponse<String> r = get(ui.port(), path);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
            assertThat(csp).as(path).contains("default-src 'self'").contains("frame-ancestors 'none'")
                    .contains("object-src 'none'").contains("base-uri 'self'");
            String scripts = directive(csp, "script-src");
            assertThat(scripts).as(path).contains("'self'").contains(hash).doesNotContain("unsafe-inline")
                    .doesNotContain("unsafe-eval");
            assertThat(r.headers().firstValue("X-Frame-Options")).as(path).hasValue("DENY");
            assertThat(r.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
            assertThat(r.headers().firstValue("Referrer-Policy")).as(path).hasValue("no-referrer");
        }
    }

    @Test
    void apiAnswersAreNotSniffedOrFramed() {
        for (String path : new String[] {"/api/version", "/api/providers", "/api/nope"}) {
            HttpResponse<String> r = get(app.port(), path);
            assertThat(r.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
            assertThat(r.headers().firstValue("Content-Security-Policy").orElse("")).as(path)
                    .contains("frame-ancestors 'none'");
        }
    }

    @Test
    void aJarWithoutTheUiStillSetsThem() {
        HttpResponse<String> r = get(app.port(), "/");
        assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(r.headers().firstValue("Content-Security-Policy").orElse("")).contains("frame-ancestors 'none'");
    }

    private static String directive(String csp, String name) {
        for (String d : csp.split(";")) {
            if (d.trim().startsWith(name + " ")) {
                return d.trim();
            }
        }
        return "";
    }

    private static String inlineScript() throws IOException {
        try (InputStream in = SecurityHeadersTest.class.getClassLoader().getResourceAsStream("webui-test/index.html")) {
            String html = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int open = html.indexOf("<script>") + "<script>".length();
            return html.substring(open, html.indexOf("</script>", open));
        }
    }

    private static HttpResponse<String> get(int port, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                     .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
