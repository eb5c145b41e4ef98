package io.llmio.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmio.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Static headers that carry credentials and proxy passwords are masked like {@code api_key} in
 * {@code /api/providers}, association views and the config export; sending the masked form back
 * (the UI's edit round trip, re-importing an export) keeps the stored secret.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecretHeadersTest {
    private static final String AZURE = "azure-secret-value-123456";
    private static final String COOKIE = "session=abcdef1234567890";
    private static final String BEARER = "Bearer sk-assoc-secret-987654321";
    private static final String PROXY_PASS = "proxypass-42-secret";
    private Main.App app;
    private AdminHttp http;

    @BeforeAll
    void start() {
        app = AdminServer.start("embedded", Map.of());
        http = new AdminHttp(app.port(), AdminServer.TOKEN);
    }

    @AfterAll
    void stop() {
        app.stop();
    }

    @Test
    void providerHeadersAndProxyPasswordAreMaskedAndSurviveTheRoundTrip() {
        var created = http.post("/api/providers", AdminHttp.json(Map.of(
                "name", "azure-1", "type", "openai", "base_url", "https://x.openai.azure.com/openai/v1",
                "api_key", "sk-provider-key-000111222",
                "headers", Map.of("api-key", AZURE, "Cookie", COOKIE, "X-Custom-Trace", "visible-value",
                                  "X-Goog-Api-Key", "goog-secret-abcdefgh", "Proxy-Authorization", "Basic dXNlcjpwYXNz"),
                "proxy", "http://proxyuser:" + PROXY_PASS + "@proxy.example:3128")));
        assertThat(created.status()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        String list = http.get("/api/providers").text();
        String one = http.get("/api/providers/" + id).text();
        String export = http.get("/api/config/export").text();
        for (String shown : new String[] {created.text(), list, one, export}) {
            assertThat(shown).doesNotContain(AZURE).doesNotContain(COOKIE).doesNotContain("goog-secret-abcdefgh")
                    .doesNotContain("dXNlcjpwYXNz").doesNotContain(PROXY_PASS)
                    .contains("visible-value").contains("proxyuser").contains("proxy.example:3128");
        }
        JsonNode view = http.get("/api/providers/" + id).json();
        assertThat(view.get("headers").get("api-key").asText()).isNotBlank().isNotEqualTo(AZURE);

        // the UI sends the whole view back with one field changed
        ((ObjectNode) view).put("rpm_limit", 7);
        assertThat(http.put("/api/providers/" + id, view.toString()).status()).isEqualTo(200);
        assertThat(http.get("/api/providers/" + id).json().get("rpm_limit").asInt()).isEqualTo(7);
        assertThat(http.get("/api/config/export?secrets=true").text()).contains(AZURE).contains(COOKIE)
                .contains(PROXY_PASS);
        // and the export (taken before the edit: it sets rpm-limit back to 0) imports back unchanged
        assertThat(http.send("POST", "/api/config/import", export, "text/yaml").status()).isEqualTo(200);

        String secrets = http.get("/api/config/export?secrets=true").text();
        assertThat(secrets).contains(AZURE).contains(COOKIE).contains("goog-secret-abcdefgh").contains("dXNlcjpwYXNz")
                .contains("proxyuser:" + PROXY_PASS + "@proxy.example:3128");

        // a new value replaces the secret
        assertThat(http.patch("/api/providers/" + id, "{\"headers\":{\"api-key\":\"new-azure-secret-000\"},"
                + "\"proxy\":\"http://other:newpass-000999@proxy.example:3128\"}").status()).isEqualTo(200);
        String after = http.get("/api/config/export?secrets=true").text();
        assertThat(after).contains("new-azure-secret-000").doesNotContain(AZURE).contains("other:newpass-000999@");
    }

    @Test
    void associationHeadersAreMaskedAndKept() {
        long provider = http.post("/api/providers", AdminHttp.json(Map.of(
                "name", "plain-1", "type", "openai", "base_url", "https://api.example.com/v1"))).json().get("id").asLong();
        long model = http.post("/api/models", "{\"name\":\"secret-model\"}").json().get("id").asLong();
        var created = http.post("/api/model-providers", AdminHttp.json(Map.of(
                "model_id", model, "provider_id", provider, "provider_model", "up-1",
                "headers", Map.of("Authorization", BEARER, "X-Team", "blue"))));
        assertThat(created.status()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        for (String shown : new String[] {created.text(), http.get("/api/model-providers/" + id).text(),
                                          http.get("/api/models/" + model + "/providers").text(),
                                          http.get("/api/config/export").text()}) {
            assertThat(shown).doesNotContain(BEARER).doesNotContain("sk-assoc-secret").contains("blue");
        }
        JsonNode view = http.get("/api/model-providers/" + id).json();
        ((ObjectNode) view).put("weight", 5);
        assertThat(http.put("/api/model-providers/" + id, view.toString()).status()).isEqualTo(200);
        assertThat(http.send("POST", "/api/config/import", http.get("/api/config/export").text(), "text/yaml").status())
                .isEqualTo(200);
        assertThat(http.get("/api/config/export?secrets=true").text()).contains(BEARER);
    }
}
