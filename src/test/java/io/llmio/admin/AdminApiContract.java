package io.llmio.admin;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmio.Main;
import io.llmio.mock.MockProtocol;
import io.llmio.mock.MockUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;

/** Route-level tests of the registry routes, run against each database by the subclasses. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AdminApiContract {
    private static final AtomicInteger SEQ = new AtomicInteger();
    protected Main.App app;
    protected MockUpstream mock;
    protected AdminHttp http;

    abstract String databaseType();

    @BeforeAll
    void start() {
        mock = MockUpstream.start("sk-upstream-key-abcdef");
        app = AdminServer.start(databaseType(), Map.of());
        http = new AdminHttp(app.port(), AdminServer.TOKEN);
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.stop();
        }
        if (mock != null) {
            mock.close();
        }
    }

    static String unique(String prefix) {
        return prefix + "-" + SEQ.incrementAndGet() + "-" + System.nanoTime() % 100_000;
    }

    JsonNode createProvider(String name, String type, String base, String key) {
        var r = http.post("/api/providers", AdminHttp.json(Map.of("name", name, "type", type, "base_url", base,
                                                                  "api_key", key)));
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.json();
    }

    JsonNode createModel(String name, Map<String, Object> extra) {
        Map<String, Object> body = new java.util.HashMap<>(extra);
        body.put("name", name);
        var r = http.post("/api/models", AdminHttp.json(body));
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.json();
    }

    JsonNode link(long modelId, long providerId, String upstreamModel) {
        var r = http.post("/api/model-providers", AdminHttp.json(Map.of("model_id", modelId, "provider_id", providerId,
                                                                        "provider_model", upstreamModel)));
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.json();
    }

    /** A model served by the mock's OpenAI endpoint. */
    record Served(JsonNode provider, JsonNode model, JsonNode association) {
    }

    Served servedModel(Map<String, Object> modelFields) {
        JsonNode p = createProvider(unique("mock"), "openai", mock.baseUrl(MockProtocol.OPENAI), mock.apiKey());
        JsonNode m = createModel(unique("gpt"), modelFields);
        JsonNode a = link(m.get("id").asLong(), p.get("id").asLong(), "gpt-4o-2024-08-06");
        return new Served(p, m, a);
    }

    AdminHttp.Resp chat(String key, String model, boolean stream) {
        String body = AdminHttp.json(Map.of("model", model, "stream", stream,
                                            "messages", List.of(Map.of("role", "user", "content", "hi"))));
        return http.as(key).post("/v1/chat/completions", body);
    }

    @Test
    void authIsRequiredExceptForVersion() {
        AdminHttp anonymous = http.as(null);
        assertThat(anonymous.get("/api/providers").status()).isEqualTo(401);
        assertThat(anonymous.get("/api/providers").json().path("error").path("type").asText()).isEqualTo("unauthorized");
        assertThat(http.as("wrong").get("/api/models").status()).isEqualTo(401);
        assertThat(anonymous.get("/health/detail").status()).isEqualTo(401);
        assertThat(anonymous.get("/api/health/detail").status()).isEqualTo(401);
        assertThat(anonymous.get("/metrics").status()).isEqualTo(401);
        AdminHttp.Resp v = anonymous.get("/api/version");
        assertThat(v.status()).isEqualTo(200);
        assertThat(v.json().get("auth").asBoolean()).isTrue();
        assertThat(v.json().get("database").asText()).isEqualTo(databaseType());
        assertThat(anonymous.get("/api/key/summary").status()).isEqualTo(401);
        assertThat(http.get("/api/key/summary").status()).isEqualTo(401);
        var none = http.get("/api/no-such-route");
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.json().path("error").path("type").asText()).isEqualTo("not_found");
    }

    @Test
    void unknownQueryParametersAreRefusedNamingThem() {
        Served s = servedModel(Map.of());
        var filtered = http.get("/api/logs?name=" + s.model().get("name").asText());
        assertThat(filtered.status()).as(filtered.text()).isEqualTo(400);
        assertThat(filtered.errorMessage()).contains("`name`").contains("model");
        assertThat(filtered.json().path("error").path("type").asText()).isEqualTo("invalid_request");
        // a misspelt flag on a delete must not delete without it
        var typo = http.send("DELETE", "/api/models/" + s.model().get("id").asLong() + "?cascde=true", null, null);
        assertThat(typo.status()).as(typo.text()).isEqualTo(400);
        assertThat(typo.errorMessage()).contains("`cascde`").contains("cascade");
        assertThat(http.get("/api/models/" + s.model().get("id").asLong()).status()).isEqualTo(200);
        for (String path : List.of("/api/version?verbose=1", "/api/providers?serch=x", "/api/metrics/summary?range=7d",
                                   "/api/auth-keys?search=x", "/api/health/detail?windw=1h", "/health/detail?x=1",
                                   "/api/model-providers/" + s.association().get("id").asLong() + "?page=1")) {
            var r = http.get(path);
            assertThat(r.status()).as(path + ": " + r.text()).isEqualTo(400);
            assertThat(r.errorMessage()).as(path).contains("this route");
        }
        // the declared ones still work
        for (String path : List.of("/api/logs?model=x&status=error&page=1&page_size=5", "/api/providers?search=mock&type=openai",
                                   "/api/models?search=gpt", "/api/metrics/models?window=7d&limit=5",
                                   "/api/metrics/series?range=7d", "/api/health/detail?window=15m", "/api/auth-keys?page=1",
                                   "/api/config/export?secrets=false")) {
            var r = http.get(path);
            assertThat(r.status()).as(path + ": " + r.text()).isEqualTo(200);
        }
    }

    @Test
    void providerCrudMasksKeysAndSetsFalseAndZero() {
        String name = unique("prov");
        JsonNode p = createProvider(name, "codex", "https://api.example.com/v1/", "sk-secret-value-1234");
        long id = p.get("id").asLong();
        assertThat(p.get("type").asText()).isEqualTo("openai-responses");
        assertThat(p.get("base_url").asText()).isEqualTo("https://api.example.com/v1");
        assertThat(p.get("api_key").asText()).isNotEqualTo("sk-secret-value-1234").endsWith("1234");
        assertThat(p.toString()).doesNotContain("sk-secret-value");
        assertThat(p.get("created_at").asText()).endsWith("Z");

        var upd = http.put("/api/providers/" + id, AdminHttp.json(Map.of("enabled", false, "rpm_limit", 0,
                "ip_lock_minutes", 0, "api_key", p.get("api_key").asText(), "error_matcher", List.of("quota"))));
        assertThat(upd.status()).as(upd.text()).isEqualTo(200);
        assertThat(upd.json().get("enabled").asBoolean()).isFalse();
        assertThat(upd.json().get("error_matcher").get(0).asText()).isEqualTo("quota");
        var up2 = http.patch("/api/providers/" + id, AdminHttp.json(Map.of("rpm_limit", 7)));
        assertThat(up2.json().get("rpm_limit").asInt()).isEqualTo(7);
        assertThat(http.patch("/api/providers/" + id, "{\"rpm_limit\":0}").json().get("rpm_limit").asInt()).isZero();
        // the masked key sent back kept the real one: the provider is still usable (checked by the proxy tests)
        assertThat(app.loader().reload().provider(id).orElseThrow().apiKey().value()).isEqualTo("sk-secret-value-1234");

        assertThat(http.get("/api/providers/" + id).json().get("name").asText()).isEqualTo(name);
        JsonNode page = http.get("/api/providers?page=1&page_size=1&search=" + name).json();
        assertThat(page.get("total").asInt()).isEqualTo(1);
        assertThat(page.get("page_size").asInt()).isEqualTo(1);
        assertThat(http.get("/api/providers?page_size=101").status()).isEqualTo(400);
        assertThat(http.get("/api/providers/types").json().get("items")).extracting(JsonNode::asText)
                .containsExactly("openai", "openai-responses", "anthropic", "gemini", "azure");
        assertThat(http.get("/api/providers/999999").status()).isEqualTo(404);
        assertThat(http.post("/api/providers", AdminHttp.json(Map.of("name", name, "type", "openai",
                "base_url", "https://x.example"))).status()).isEqualTo(409);
        assertThat(http.delete("/api/providers/" + id).status()).isEqualTo(204);
        assertThat(http.delete("/api/providers/" + id).status()).isEqualTo(404);
    }

    @Test
    void validationNamesTheField() {
        var missing = http.post("/api/providers", "{\"type\":\"openai\",\"base_url\":\"https://x.example\"}");
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.errorMessage()).contains("`name`");
        var unknown = http.post("/api/providers", "{\"name\":\"u\",\"type\":\"openai\",\"base_url\":\"https://x.example\","
                                                  + "\"colour\":1,\"rpm\":2}");
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.errorMessage()).contains("`colour`").contains("`rpm`");
        var type = http.post("/api/providers", "{\"name\":\"u\",\"type\":\"cohere\",\"base_url\":\"https://x.example\"}");
        assertThat(type.status()).isEqualTo(422);
        assertThat(type.errorMessage()).contains("`type`");
        var url = http.post("/api/providers", "{\"name\":\"u\",\"type\":\"openai\",\"base_url\":\"ftp:/x\"}");
        assertThat(url.errorMessage()).contains("`base_url`");
        var wrongType = http.post("/api/models", "{\"name\":\"m\",\"max_retry\":\"3\"}");
        assertThat(wrongType.status()).isEqualTo(422);
        assertThat(wrongType.errorMessage()).contains("`max_retry`");
        assertThat(http.post("/api/models", "{\"name\":\"m\",\"max_retry\":0}").errorMessage()).contains("`max_retry`");
        var bad = http.post("/api/models", "{\"name\":");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("error").path("type").asText()).isEqualTo("invalid_request");
        assertThat(http.post("/api/models", "[1]").status()).isEqualTo(400);
        assertThat(http.post("/api/model-providers", "{\"provider_id\":1,\"provider_model\":\"x\"}").errorMessage())
                .contains("`model_id`");
        assertThat(http.post("/api/model-providers", "{\"model_id\":999999,\"provider_id\":1,\"provider_model\":\"x\"}")
                           .errorMessage()).contains("`model_id`");
        assertThat(http.post("/api/auth-keys", "{\"name\":\"k\",\"expires_at\":\"tomorrow\"}").errorMessage())
                .contains("`expires_at`");
    }

    @Test
    void modelsAndAssociationsCrudWithConflictOnDelete() {
        JsonNode p = createProvider(unique("prov"), "openai", "https://api.example.com/v1", "k");
        JsonNode m = createModel(unique("model"), Map.of("io_log", true, "strategy", "rotor"));
        long modelId = m.get("id").asLong();
        assertThat(m.get("strategy").asText()).isEqualTo("rotor");
        assertThat(m.get("breaker").asBoolean()).isTrue();
        JsonNode a = link(modelId, p.get("id").asLong(), "gpt-4o");
        long aid = a.get("id").asLong();
        assertThat(a.get("provider_name").asText()).isEqualTo(p.get("name").asText());
        assertThat(a.get("tool_call").asBoolean()).isTrue();

        var patched = http.patch("/api/models/" + modelId, "{\"enabled\":false,\"io_log\":false,\"breaker\":false}");
        assertThat(patched.status()).as(patched.text()).isEqualTo(200);
        assertThat(patched.json().get("enabled").asBoolean()).isFalse();
        assertThat(patched.json().get("io_log").asBoolean()).isFalse();
        assertThat(patched.json().get("breaker").asBoolean()).isFalse();
        assertThat(patched.json().get("association_count").asInt()).isEqualTo(1);
        assertThat(patched.json().get("strategy").asText()).isEqualTo("rotor");

        var pa = http.patch("/api/model-providers/" + aid, "{\"tool_call\":false,\"image\":false,\"weight\":3,"
                                                         + "\"extra_body\":{\"temperature\":0}}");
        assertThat(pa.status()).as(pa.text()).isEqualTo(200);
        assertThat(pa.json().get("tool_call").asBoolean()).isFalse();
        assertThat(pa.json().get("structured_output").asBoolean()).isTrue();
        assertThat(pa.json().get("extra_body").get("temperature").asInt()).isZero();
        assertThat(http.patch("/api/model-providers/" + aid, "{\"weight\":0}").status()).isEqualTo(422);
        assertThat(http.post("/api/model-providers", AdminHttp.json(Map.of("model_id", modelId, "provider_id",
                p.get("id").asLong(), "provider_model", "gpt-4o"))).status()).isEqualTo(409);
        JsonNode list = http.get("/api/models/" + modelId + "/providers").json();
        assertThat(list.get("items")).hasSize(1);
        assertThat(http.get("/api/models/999999/providers").status()).isEqualTo(404);

        var conflict = http.delete("/api/models/" + modelId);
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.json().path("error").path("type").asText()).isEqualTo("conflict");
        assertThat(http.delete("/api/providers/" + p.get("id").asLong()).status()).isEqualTo(409);
        assertThat(http.delete("/api/providers/" + p.get("id").asLong() + "?cascade=true").status()).isEqualTo(204);
        assertThat(http.get("/api/model-providers/" + aid).status()).isEqualTo(404);
        assertThat(http.delete("/api/models/" + modelId).status()).isEqualTo(204);
        assertThat(http.get("/api/models/" + modelId).status()).isEqualTo(404);
    }

    @Test
    void authKeyShownOnceAndUsableAtOnce() {
        Served s = servedModel(Map.of());
        String model = s.model().get("name").asText();
        var created = http.post("/api/auth-keys", AdminHttp.json(Map.of("name", unique("key"), "models", List.of(model))));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String secret = created.json().get("key").asText();
        assertThat(secret).startsWith("sk-llmio-");
        long id = created.json().get("id").asLong();
        JsonNode read = http.get("/api/auth-keys/" + id).json();
        assertThat(read.get("key").asText()).isNotEqualTo(secret);
        assertThat(http.get("/api/auth-keys").text()).doesNotContain(secret);

        assertThat(chat(secret, model, false).status()).isEqualTo(200);
        var disabled = http.patch("/api/auth-keys/" + id, "{\"enabled\":false}");
        assertThat(disabled.json().get("enabled").asBoolean()).isFalse();
        assertThat(chat(secret, model, false).status()).isEqualTo(401);
        http.patch("/api/auth-keys/" + id, "{\"enabled\":true,\"allow_all\":false,\"models\":[]}");
        assertThat(chat(secret, model, false).status()).isEqualTo(403);
        assertThat(http.delete("/api/auth-keys/" + id).status()).isEqualTo(204);
        assertThat(chat(secret, model, false).status()).isEqualTo(401);
    }

    @Test
    void registryChangesReachTheNextProxiedRequest() {
        Served s = servedModel(Map.of());
        String model = s.model().get("name").asText();
        assertThat(chat(AdminServer.TOKEN, model, false).status()).isEqualTo(200);
        http.patch("/api/model-providers/" + s.association().get("id").asLong(), "{\"enabled\":false}");
        assertThat(chat(AdminServer.TOKEN, model, false).status()).isGreaterThanOrEqualTo(400);
        http.patch("/api/model-providers/" + s.association().get("id").asLong(), "{\"enabled\":true}");
        assertThat(chat(AdminServer.TOKEN, model, false).status()).isEqualTo(200);
        http.patch("/api/models/" + s.model().get("id").asLong(), "{\"enabled\":false}");
        assertThat(chat(AdminServer.TOKEN, model, false).status()).isGreaterThanOrEqualTo(400);
    }

    @Test
    void testButtonAndUpstreamModelsAgainstTheMock() {
        Served s = servedModel(Map.of());
        var t = http.post("/api/model-providers/" + s.association().get("id").asLong() + "/test", null);
        assertThat(t.status()).as(t.text()).isEqualTo(200);
        assertThat(t.json().get("ok").asBoolean()).isTrue();
        assertThat(t.json().get("status").asInt()).isEqualTo(200);
        assertThat(t.json().get("reply").asText()).isNotBlank();
        assertThat(mock.lastRequest().bodyText()).contains("Say hi");

        var models = http.get("/api/providers/" + s.provider().get("id").asLong() + "/upstream-models");
        assertThat(models.status()).as(models.text()).isEqualTo(200);
        assertThat(models.json().get("items").findValuesAsText("id")).contains("gpt-4o-2024-08-06");

        for (String type : List.of("anthropic", "gemini", "openai-responses", "azure")) {
            MockProtocol protocol = switch (type) {
                case "anthropic" -> MockProtocol.ANTHROPIC;
                case "gemini" -> MockProtocol.GEMINI;
                default -> MockProtocol.OPENAI;
            };
            // Azure: the resource endpoint; the mock serves /openai/deployments/… and /openai/models
            String base = type.equals("azure") ? mock.rootUrl() : mock.baseUrl(protocol);
            JsonNode p = createProvider(unique(type), type, base, mock.apiKey());
            JsonNode m = createModel(unique("m"), Map.of());
            String upstream = switch (type) {
                case "anthropic" -> "claude-sonnet-4-5";
                case "gemini" -> "gemini-2.5-flash";
                default -> "gpt-4o-2024-08-06";
            };
            JsonNode a = link(m.get("id").asLong(), p.get("id").asLong(), upstream);
            var r = http.post("/api/model-providers/" + a.get("id").asLong() + "/test", null).json();
            assertThat(r.get("ok").asBoolean()).as(type + ": " + r).isTrue();
            assertThat(r.get("reply").asText()).as(type).isNotBlank();
            var list = http.get("/api/providers/" + p.get("id").asLong() + "/upstream-models");
            assertThat(list.status()).as(type + ": " + list.text()).isEqualTo(200);
            assertThat(list.json().get("items").size()).as(type).isPositive();
        }

        JsonNode bad = createProvider(unique("badkey"), "openai", mock.baseUrl(MockProtocol.OPENAI), "wrong-key");
        JsonNode bm = createModel(unique("m"), Map.of());
        JsonNode ba = link(bm.get("id").asLong(), bad.get("id").asLong(), "gpt-4o");
        JsonNode failed = http.post("/api/model-providers/" + ba.get("id").asLong() + "/test", null).json();
        assertThat(failed.get("ok").asBoolean()).isFalse();
        assertThat(failed.get("status").asInt()).isEqualTo(401);
        assertThat(failed.get("error").asText()).isNotBlank();
        var badModels = http.get("/api/providers/" + bad.get("id").asLong() + "/upstream-models");
        assertThat(badModels.status()).isEqualTo(502);
        assertThat(badModels.errorMessage()).contains("401");
    }

    @Test
    void settingsValidateAndKeepZero() {
        JsonNode all = http.get("/api/settings").json().get("items");
        assertThat(all.get("log_retention_days").asText()).isNotBlank();
        assertThat(all.has("body_retention_rows")).isTrue();
        var ok = http.put("/api/settings/log_retention_rows", "{\"value\":\"0\"}");
        assertThat(ok.status()).as(ok.text()).isEqualTo(200);
        assertThat(http.put("/api/settings/log_retention_days", "{\"value\":45}").json().get("value").asText()).isEqualTo("45");
        assertThat(http.get("/api/settings").json().get("items").get("log_retention_days").asText()).isEqualTo("45");
        var bad = http.put("/api/settings/log_retention_days", "{\"value\":\"-1\"}");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.errorMessage()).contains("log_retention_days");
        assertThat(http.put("/api/settings/price_sync_url", "{\"value\":\"not a url\"}").status()).isEqualTo(422);
        assertThat(http.put("/api/settings/nope", "{\"value\":\"1\"}").status()).isEqualTo(404);
        assertThat(http.put("/api/settings/log_retention_days", "{\"val\":\"1\"}").status()).isEqualTo(422);
        http.put("/api/settings/log_retention_days", "{\"value\":\"30\"}");
    }

    @Test
    void limitsAndIpLock() {
        JsonNode limits = http.get("/api/limits").json();
        assertThat(limits.get("backend").asText()).isEqualTo("memory");
        assertThat(limits.has("rpm")).isTrue();
        assertThat(http.delete("/api/providers/999999/ip-lock").status()).isEqualTo(404);
        JsonNode p = createProvider(unique("prov"), "openai", "https://api.example.com/v1", "k");
        var cleared = http.delete("/api/providers/" + p.get("id").asLong() + "/ip-lock");
        assertThat(cleared.status()).isEqualTo(200);
        assertThat(cleared.json().get("cleared").asBoolean()).isFalse();
    }
}
