package io.llmio.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import io.llmio.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * State-changing {@code /api} requests from another origin are refused, on the first-run default
 * without a TOKEN and with one; bodies must be JSON (or YAML for the import). The WebUI's own
 * requests (same origin) and non-browser clients (no Origin, no Sec-Fetch-Site) pass.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossOriginTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String EVIL = "https://evil.example";
    private static final String IMPORT = """
            providers:
              - name: victim
                type: openai
                base-url: https://attacker.example/v1
            """;
    private Main.App open;
    private Main.App locked;

    @BeforeAll
    void start() {
        open = AdminServer.start("embedded", Map.of("TOKEN", ""));
        locked = AdminServer.start("embedded", Map.of("TRUSTED_PROXIES", "127.0.0.1"));
        AdminHttp admin = new AdminHttp(open.port(), null);
        assertThat(admin.post("/api/providers", """
                {"name":"victim","type":"openai","base_url":"https://api.openai.com/v1","api_key":"sk-stored-secret-123456"}
                """).status()).isEqualTo(201);
    }

    @AfterAll
    void stop() {
        open.stop();
        locked.stop();
    }

    @Test
    void aPageOnAnotherSiteCannotImportOrMintKeysWithoutAToken() {
        // what a hostile page can send without a preflight: text/plain, with the browser's Origin
        var imported = send(open, "POST", "/api/config/import", IMPORT, "text/plain", null, "Origin", EVIL,
                            "Sec-Fetch-Site", "cross-site");
        assertThat(imported.statusCode()).isEqualTo(403);
        assertThat(imported.body()).contains("\"type\":\"forbidden\"");
        var key = send(open, "POST", "/api/auth-keys", "{\"name\":\"x\",\"allow_all\":true}", "text/plain", null,
                       "Origin", EVIL);
        assertThat(key.statusCode()).isEqualTo(403);
        // only Sec-Fetch-Site (a browser that strips Origin) is refused too, and same-site is not same-origin
        assertThat(send(open, "POST", "/api/auth-keys", "{\"name\":\"x\"}", "application/json", null,
                        "Sec-Fetch-Site", "cross-site").statusCode()).isEqualTo(403);
        assertThat(send(open, "POST", "/api/auth-keys", "{\"name\":\"x\"}", "application/json", null,
                        "Sec-Fetch-Site", "same-site").statusCode()).isEqualTo(403);
        assertThat(send(open, "DELETE", "/api/providers/1", null, null, null, "Origin", "null").statusCode())
                .isEqualTo(403);
        assertThat(send(open, "POST", "/api/models", "{\"name\":\"m\"}", "application/json", null,
                        "Origin", "http://127.0.0.1:" + (open.port() + 1)).statusCode()).as("other port").isEqualTo(403);
        // the stored provider is untouched and no key was made
        AdminHttp admin = new AdminHttp(open.port(), null);
        assertThat(admin.get("/api/providers").json().get("items").get(0).get("base_url").asText())
                .isEqualTo("https://api.openai.com/v1");
        assertThat(admin.get("/api/auth-keys").json().get("total").asInt()).isZero();
        // reading is not state-changing (and CORS keeps the answer from the page)
        assertThat(send(open, "GET", "/api/providers", null, null, null, "Origin", EVIL).statusCode()).isEqualTo(200);
    }

    @Test
    void bodiesMustBeJsonOrYamlForTheImport() {
        var plain = send(open, "POST", "/api/auth-keys", "{\"name\":\"x\"}", "text/plain", null);
        assertThat(plain.statusCode()).isEqualTo(415);
        assertThat(plain.body()).contains("application/json");
        assertThat(send(open, "POST", "/api/models", "name=x", "application/x-www-form-urlencoded", null).statusCode())
                .isEqualTo(415);
        assertThat(send(open, "PUT", "/api/settings/log_retention_days", "{\"value\":\"7\"}", null, null).statusCode())
                .as("no content type").isEqualTo(415);
        assertThat(send(open, "POST", "/api/config/import?dry_run=true", IMPORT, "text/plain", null).statusCode())
                .isEqualTo(415);
        assertThat(send(open, "POST", "/api/config/import?dry_run=true", IMPORT, "application/yaml", null).statusCode())
                .isEqualTo(200);
        assertThat(send(open, "POST", "/api/config/import?dry_run=true", "{\"providers\":[]}",
                        "application/json; charset=utf-8", null).statusCode()).isEqualTo(200);
    }

    @Test
    void sameOriginAndNonBrowserClientsPass() {
        String self = "http://127.0.0.1:" + open.port();
        var fromUi = send(open, "POST", "/api/models", "{\"name\":\"from-ui\"}", "application/json", null,
                          "Origin", self, "Sec-Fetch-Site", "same-origin");
        assertThat(fromUi.statusCode()).isEqualTo(201);
        var curl = send(open, "POST", "/api/models", "{\"name\":\"from-curl\"}", "application/json", null);
        assertThat(curl.statusCode()).isEqualTo(201);
        var typed = send(open, "PATCH", "/api/models/" + new AdminHttp.Resp(curl.statusCode(), curl.body(), "").json().get("id").asLong(), "{}", "application/json",
                         null, "Sec-Fetch-Site", "none");
        assertThat(typed.statusCode()).as("typed into the address bar / bookmark").isNotEqualTo(403);
    }

    @Test
    void theTokenDoesNotMakeACrossSiteRequestSafe() {
        String token = AdminServer.TOKEN;
        assertThat(send(locked, "POST", "/api/models", "{\"name\":\"m1\"}", "application/json", token,
                        "Origin", EVIL).statusCode()).isEqualTo(403);
        assertThat(send(locked, "POST", "/api/models", "{\"name\":\"m1\"}", "application/json", token,
                        "Origin", "http://127.0.0.1:" + locked.port()).statusCode()).isEqualTo(201);
        // behind a trusted reverse proxy the public host arrives as X-Forwarded-Host
        assertThat(send(locked, "POST", "/api/models", "{\"name\":\"m2\"}", "application/json", token,
                        "Origin", "https://llmio.example.com", "X-Forwarded-Host", "llmio.example.com").statusCode())
                .isEqualTo(201);
        assertThat(send(locked, "POST", "/api/models", "{\"name\":\"m3\"}", "application/json", token,
                        "Origin", EVIL, "X-Forwarded-Host", "llmio.example.com").statusCode()).isEqualTo(403);
    }

    @Test
    void forwardedHostIsBelievedOnlyFromATrustedProxy() {
        assertThat(send(open, "POST", "/api/models", "{\"name\":\"m4\"}", "application/json", null,
                        "Origin", EVIL, "X-Forwarded-Host", "evil.example").statusCode()).isEqualTo(403);
    }

    static HttpResponse<String> send(Main.App app, String method, String path, String body, String contentType,
                                     String token, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
