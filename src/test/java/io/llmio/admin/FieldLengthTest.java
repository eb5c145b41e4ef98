package io.llmio.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.llmio.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A value longer than its column (sizes from {@code migrations/}) answers 422 naming the field and
 * its limit, for every resource, instead of a 500 from the database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FieldLengthTest {
    private static final String LONG_NAME = "n".repeat(300);
    /** over MySQL's TEXT (65,535 bytes) */
    private static final String LONG_TEXT = "é".repeat(40_000);
    private Main.App app;
    private AdminHttp http;
    private long provider;
    private long model;

    @BeforeAll
    void start() {
        app = AdminServer.start("embedded", Map.of());
        http = new AdminHttp(app.port(), AdminServer.TOKEN);
        provider = http.post("/api/providers", AdminHttp.json(Map.of("name", "len-p", "type", "openai",
                                                                      "base_url", "https://api.example.com/v1")))
                .json().get("id").asLong();
        model = http.post("/api/models", "{\"name\":\"len-m\"}").json().get("id").asLong();
    }

    @AfterAll
    void stop() {
        app.stop();
    }

    @Test
    void modelNameOf300CharactersIs422NotA500() {
        var r = http.post("/api/models", AdminHttp.json(Map.of("name", LONG_NAME)));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.errorMessage()).contains("`name`").contains("191");
        assertThat(http.patch("/api/models/" + model, AdminHttp.json(Map.of("name", LONG_NAME))).status()).isEqualTo(422);
        var remark = http.patch("/api/models/" + model, AdminHttp.json(Map.of("remark", LONG_TEXT)));
        assertThat(remark.status()).isEqualTo(422);
        assertThat(remark.errorMessage()).contains("`remark`").contains("65535");
        // at the limit is fine
        assertThat(http.post("/api/models", AdminHttp.json(Map.of("name", "m".repeat(191)))).status()).isEqualTo(201);
    }

    @Test
    void providerFields() {
        String longUrl = "https://api.example.com/" + "v".repeat(1100);
        expect422(http.post("/api/providers", AdminHttp.json(Map.of("name", LONG_NAME, "type", "openai",
                                                                     "base_url", "https://a.example"))), "name", 191);
        expect422(http.post("/api/providers", AdminHttp.json(Map.of("name", "p2", "type", "openai",
                                                                     "base_url", longUrl))), "base_url", 1024);
        String p = "/api/providers/" + provider;
        expect422(http.patch(p, AdminHttp.json(Map.of("proxy", "http://proxy.example/" + "x".repeat(1100)))), "proxy", 1024);
        expect422(http.patch(p, AdminHttp.json(Map.of("console", longUrl))), "console", 1024);
        expect422(http.patch(p, AdminHttp.json(Map.of("api_key", LONG_TEXT))), "api_key", 65535);
        expect422(http.patch(p, AdminHttp.json(Map.of("headers", Map.of("x-big", LONG_TEXT)))), "headers", 65535);
        expect422(http.patch(p, AdminHttp.json(Map.of("error_matcher", List.of(LONG_TEXT)))), "error_matcher", 65535);
    }

    @Test
    void aProviderProxyMayBeSocks5AndAnUnusableOneIs422WithoutItsPassword() {
        String p = "/api/providers/" + provider;
        var socks = http.patch(p, AdminHttp.json(Map.of("proxy", "socks5h://alice:pw@127.0.0.1:7890")));
        assertThat(socks.status()).as(socks.text()).isEqualTo(200);
        assertThat(socks.json().get("proxy").asText()).startsWith("socks5h://alice:").doesNotContain(":pw@");
        var bad = http.patch(p, AdminHttp.json(Map.of("proxy", "ftp://alice:s3cret@proxy:1")));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.errorMessage()).contains("`proxy`").contains("socks5").doesNotContain("s3cret");
        assertThat(http.patch(p, AdminHttp.json(Map.of("proxy", ""))).status()).isEqualTo(200);
    }

    @Test
    void associationFields() {
        Map<String, Object> base = Map.of("model_id", model, "provider_id", provider, "provider_model", "x".repeat(192));
        expect422(http.post("/api/model-providers", AdminHttp.json(base)), "provider_model", 191);
        var ok = http.post("/api/model-providers", AdminHttp.json(Map.of("model_id", model, "provider_id", provider,
                                                                         "provider_model", "up")));
        assertThat(ok.status()).isEqualTo(201);
        String a = "/api/model-providers/" + ok.json().get("id").asLong();
        expect422(http.patch(a, AdminHttp.json(Map.of("extra_body", Map.of("big", LONG_TEXT)))), "extra_body", 65535);
        expect422(http.patch(a, AdminHttp.json(Map.of("headers", Map.of("x", LONG_TEXT)))), "headers", 65535);
    }

    @Test
    void authKeysSettingsAndPrices() {
        expect422(http.post("/api/auth-keys", AdminHttp.json(Map.of("name", LONG_NAME))), "name", 191);
        expect422(http.post("/api/auth-keys", AdminHttp.json(Map.of("name", "k", "models", List.of(LONG_TEXT)))),
                  "models", 65535);
        expect422(http.put("/api/settings/price_sync_url", AdminHttp.json(Map.of("value", "https://x.example/"
                + "p".repeat(70_000)))), "value", 65535);
        expect422(http.put("/api/prices", AdminHttp.json(Map.of("model_name", LONG_NAME, "input_per_mtok", 1))),
                  "model_name", 191);
    }

    @Test
    void importNamesTheKeyAndItsLimit() {
        var r = http.send("POST", "/api/config/import", "models:\n  - name: " + LONG_NAME + "\n", "text/yaml");
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.errorMessage()).contains("models[0].name").contains("191");
        var url = http.send("POST", "/api/config/import", "providers:\n  - name: long-url\n    type: openai\n"
                + "    base-url: https://a.example/" + "u".repeat(1100) + "\n", "text/yaml");
        assertThat(url.status()).isEqualTo(422);
        assertThat(url.errorMessage()).contains("providers[0].base-url").contains("1024");
        var upstream = http.send("POST", "/api/config/import", "providers:\n  - name: len-p2\n    type: openai\n"
                + "    base-url: https://a.example\nmodels:\n  - name: m-up\n    providers:\n      - provider: len-p2\n"
                + "        model: " + "x".repeat(200) + "\n", "text/yaml");
        assertThat(upstream.status()).isEqualTo(422);
        assertThat(upstream.errorMessage()).contains("models[0].providers[0].model").contains("191");
    }

    private static void expect422(AdminHttp.Resp r, String field, int limit) {
        assertThat(r.status()).as(field + ": " + r.text()).isEqualTo(422);
        assertThat(r.errorMessage()).contains("`" + field + "`").contains(String.valueOf(limit));
    }
}
