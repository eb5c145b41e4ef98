package io.llmio.admin;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.llmio.mock.Fault;
import io.llmio.mock.MockProtocol;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Logs, statistics, health detail, /metrics, prices and config export/import from real proxied traffic. */
abstract class AdminStatsContract extends AdminApiContract {

    @Test
    void statisticsMatchTheLogRowsOfRealTraffic() {
        JsonNode p1 = createProvider(unique("mock-a"), "openai", mock.baseUrl(MockProtocol.OPENAI), mock.apiKey());
        JsonNode p2 = createProvider(unique("mock-b"), "openai", mock.baseUrl(MockProtocol.OPENAI), mock.apiKey());
        JsonNode m = createModel(unique("stats"), Map.of("io_log", true, "breaker", false));
        String model = m.get("name").asText();
        link(m.get("id").asLong(), p1.get("id").asLong(), "gpt-4o-2024-08-06");
        link(m.get("id").asLong(), p2.get("id").asLong(), "gpt-4o-2024-08-06");
        var price = http.put("/api/prices", AdminHttp.json(Map.of("model_name", model, "input_per_mtok", 2.5,
                                                                  "output_per_mtok", 10, "cached_input_per_mtok", 1.25)));
        assertThat(price.status()).as(price.text()).isEqualTo(200);
        assertThat(http.put("/api/prices", "{\"input_per_mtok\":1}").status()).isEqualTo(422);
        assertThat(http.put("/api/prices", "{\"model_name\":\"x\",\"input_per_mtok\":-1}").errorMessage())
                .contains("`input_per_mtok`");
        var key = http.post("/api/auth-keys", AdminHttp.json(Map.of("name", unique("team"), "allow_all", true))).json();
        String secret = key.get("key").asText();
        long keyId = key.get("id").asLong();

        for (int i = 0; i < 3; i++) {
            assertThat(chat(secret, model, false).status()).isEqualTo(200);
        }
        assertThat(chat(AdminServer.TOKEN, model, true).status()).isEqualTo(200);
        mock.script().next(Fault.status(500));
        var retried = chat(AdminServer.TOKEN, model, false);
        assertThat(retried.status()).as(retried.text()).isEqualTo(200);
        mock.script().next(Fault.status(500), 2);
        assertThat(chat(AdminServer.TOKEN, model, false).status()).isGreaterThanOrEqualTo(500);

        JsonNode logs = http.await("/api/logs?page_size=100&model=" + model,
                                   j -> j.get("total").asInt() == 8 && finished(j.get("items")));
        JsonNode success = first(logs.get("items"), r -> r.get("status").asText().equals("success") && !r.get("stream").asBoolean());
        long prompt = success.get("prompt_tokens").asLong();
        long cached = success.get("cached_tokens").asLong();
        long completion = success.get("completion_tokens").asLong();
        assertThat(prompt).isPositive();
        assertThat(success.get("cost").asDouble())
                .isCloseTo(((prompt - cached) * 2.5 + cached * 1.25 + completion * 10) / 1e6, within(1e-12));

        // expected dashboard numbers, computed from every log row of this server (other tests made traffic too)
        java.util.Set<String> traces = new java.util.HashSet<>();
        java.util.Set<String> succeeded = new java.util.HashSet<>();
        long tokens = 0;
        double cost = 0;
        for (JsonNode row : allLogs()) {
            if (row.get("status").asText().equals("running")) {
                continue;
            }
            traces.add(row.get("trace_id").asText());
            if (row.get("status").asText().equals("success")) {
                succeeded.add(row.get("trace_id").asText());
            }
            if (!row.get("style").asText().endsWith("-count-tokens")) {
                tokens += row.get("total_tokens").asLong();
                cost += row.get("cost").asDouble();
            }
        }
        long requests = traces.size();
        long ok = succeeded.size();
        JsonNode summary = http.get("/api/metrics/summary").json();
        for (String part : List.of("total", "today")) {
            JsonNode s = summary.get(part);
            assertThat(s.get("requests").asLong()).as(part).isEqualTo(requests);
            assertThat(s.get("success").asLong()).as(part).isEqualTo(ok);
            assertThat(s.get("errors").asLong()).as(part).isEqualTo(requests - ok);
            assertThat(s.get("success_rate").asDouble()).isCloseTo((double) ok / requests, within(1e-9));
            assertThat(s.get("total_tokens").asLong()).as(part).isEqualTo(tokens);
            assertThat(s.get("cost").asDouble()).as(part).isCloseTo(cost, within(1e-9));
        }
        JsonNode series = http.get("/api/metrics/series?range=24h").json();
        assertThat(series.get("bucket").asText()).isEqualTo("hour");
        assertThat(series.get("points")).hasSize(24);
        assertThat(Instant.parse(series.get("points").get(23).get("ts").asText()))
                .isEqualTo(Instant.now().truncatedTo(ChronoUnit.HOURS));
        long seriesRequests = 0;
        for (JsonNode pt : series.get("points")) {
            seriesRequests += pt.get("requests").asLong();
        }
        assertThat(seriesRequests).isEqualTo(requests);
        JsonNode week = http.get("/api/metrics/series?range=7d").json();
        assertThat(week.get("points")).hasSize(7);
        assertThat(week.get("points").get(6).get("requests").asLong()).isEqualTo(requests);
        assertThat(week.get("points").get(6).get("total_tokens").asLong()).isEqualTo(tokens);
        assertThat(http.get("/api/metrics/series?range=1y").status()).isEqualTo(400);

        JsonNode models = http.get("/api/metrics/models?limit=100").json().get("items");
        JsonNode mineModel = first(models, r -> r.get("model").asText().equals(model));
        assertThat(mineModel.get("requests").asLong()).isEqualTo(6);
        assertThat(mineModel.get("success_rate").asDouble()).isCloseTo(5 / 6.0, within(1e-9));
        JsonNode keys = http.get("/api/metrics/keys?limit=100").json().get("items");
        JsonNode mine = first(keys, r -> r.get("auth_key_id").asLong() == keyId);
        assertThat(mine.get("requests").asLong()).isEqualTo(3);
        assertThat(mine.get("name").asText()).isEqualTo(key.get("name").asText());
        assertThat(first(keys, r -> r.get("auth_key_id").isNull()).get("name").asText()).isEqualTo("admin");

        JsonNode own = http.as(secret).get("/api/key/summary").json();
        assertThat(own.get("key").get("id").asLong()).isEqualTo(keyId);
        assertThat(own.get("key").get("key").asText()).isNotEqualTo(secret);
        assertThat(own.get("total").get("requests").asLong()).isEqualTo(3);
        assertThat(own.get("series").get("points")).hasSize(7);
        assertThat(http.as(secret).get("/api/providers").status()).isEqualTo(401);

        checkLogFilters(model, keyId);
        checkHealthAndPrometheus(model);
    }

    private void checkLogFilters(String model, long keyId) {
        assertThat(http.get("/api/logs?status=error&model=" + model).json().get("total").asInt()).isEqualTo(3);
        assertThat(http.get("/api/logs?auth_key_id=" + keyId).json().get("total").asInt()).isEqualTo(3);
        assertThat(http.get("/api/logs?style=openai&model=" + model).json().get("total").asInt()).isEqualTo(8);
        String future = Instant.now().plus(1, ChronoUnit.HOURS).toString();
        assertThat(http.get("/api/logs?model=" + model + "&from=" + future).json().get("total").asInt()).isZero();
        assertThat(http.get("/api/logs?model=" + model + "&to=" + future).json().get("total").asInt()).isEqualTo(8);
        assertThat(http.get("/api/logs?status=broken").status()).isEqualTo(400);
        assertThat(http.get("/api/logs?from=yesterday").status()).isEqualTo(400);
        JsonNode errors = http.get("/api/logs?status=error&model=" + model).json().get("items");
        String trace = errors.get(0).get("trace_id").asText();
        assertThat(http.get("/api/logs?trace_id=" + trace).json().get("total").asInt()).isEqualTo(2);
        JsonNode stream = first(http.get("/api/logs?page_size=100&model=" + model).json().get("items"),
                                r -> r.get("stream").asBoolean());
        long id = stream.get("id").asLong();
        assertThat(http.get("/api/logs/" + id).json().get("trace_id").asText()).isEqualTo(stream.get("trace_id").asText());
        JsonNode body = http.get("/api/logs/" + id + "/body").json();
        assertThat(body.get("request_body").asText()).contains("\"stream\":true");
        assertThat(body.get("response_events").isArray()).isTrue();
        assertThat(body.get("response_events").size()).isGreaterThan(1);
        assertThat(body.get("response_body").isNull()).isTrue();
        JsonNode plain = first(http.get("/api/logs?page_size=100&status=success&model=" + model).json().get("items"),
                               r -> !r.get("stream").asBoolean());
        JsonNode plainBody = http.get("/api/logs/" + plain.get("id").asLong() + "/body").json();
        assertThat(plainBody.get("response_body").asText()).contains("choices");
        assertThat(plainBody.get("response_events").isNull()).isTrue();
        assertThat(http.get("/api/logs/1").status()).isEqualTo(404);
    }

    private void checkHealthAndPrometheus(String model) {
        JsonNode health = http.get("/health/detail?window=15m").json();
        assertThat(health.get("status").asText()).isIn("healthy", "degraded", "unhealthy");
        assertThat(health.get("database").get("status").asText()).isEqualTo("up");
        assertThat(health.get("redis").get("status").asText()).isEqualTo("disabled");
        List<JsonNode> routes = new ArrayList<>();
        health.get("associations").forEach(a -> {
            if (a.get("model").asText().equals(model)) {
                routes.add(a);
            }
        });
        assertThat(routes).hasSize(2);
        assertThat(routes.stream().mapToLong(a -> a.get("requests").asLong()).sum()).isEqualTo(8);
        assertThat(routes.get(0).get("breaker").asText()).isEqualTo("closed");
        assertThat(routes.stream().anyMatch(a -> a.get("last_error").isTextual())).isTrue();
        assertThat(routes.stream().mapToInt(a -> a.get("recent").size()).sum()).isEqualTo(8);
        assertThat(http.get("/api/health/detail").json().get("window").asText()).isEqualTo("1h");
        assertThat(http.get("/api/health/detail?window=2d").status()).isEqualTo(400);

        var metrics = http.get("/metrics");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.contentType()).startsWith("text/plain");
        assertThat(metrics.text()).contains("llmio_requests_total{").contains("model=\"" + model + "\"")
                .contains("llmio_request_duration_seconds_bucket").contains("llmio_first_token_seconds_bucket")
                .contains("llmio_log_queue_depth").contains("llmio_log_queue_dropped_total")
                .contains("llmio_tokens_total").contains("llmio_errors_total");
    }

    @Test
    void tokenCountsAreLoggedButStayOutOfTokenAndCostTotals() {
        JsonNode claude = createProvider(unique("claude"), "anthropic", mock.baseUrl(MockProtocol.ANTHROPIC), mock.apiKey());
        JsonNode gemini = createProvider(unique("gemini"), "gemini", mock.baseUrl(MockProtocol.GEMINI), mock.apiKey());
        JsonNode m = createModel(unique("counted"), Map.of());
        String model = m.get("name").asText();
        link(m.get("id").asLong(), claude.get("id").asLong(), "claude-up");
        link(m.get("id").asLong(), gemini.get("id").asLong(), "gemini-up");
        var price = http.put("/api/prices", AdminHttp.json(Map.of("model_name", model, "input_per_mtok", 3,
                                                                  "output_per_mtok", 15)));
        assertThat(price.status()).as(price.text()).isEqualTo(200);
        var key = http.post("/api/auth-keys", AdminHttp.json(Map.of("name", unique("counter"), "allow_all", true))).json();
        AdminHttp caller = http.as(key.get("key").asText());
        long keyId = key.get("id").asLong();

        String messages = AdminHttp.json(Map.of("model", model, "max_tokens", 16,
                                                "messages", List.of(Map.of("role", "user", "content", "hi"))));
        assertThat(caller.post("/anthropic/v1/messages", messages).status()).isEqualTo(200);
        var counted = caller.post("/anthropic/v1/messages/count_tokens", AdminHttp.json(Map.of("model", model,
                "messages", List.of(Map.of("role", "user", "content", "hi")))));
        assertThat(counted.status()).as(counted.text()).isEqualTo(200);
        var gemCount = caller.send("POST", "/gemini/v1beta/models/" + model + ":countTokens?key=" + key.get("key").asText(),
                                   "{\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}]}", "application/json");
        assertThat(gemCount.status()).as(gemCount.text()).isEqualTo(200);

        JsonNode rows = http.await("/api/logs?page_size=100&model=" + model,
                                   j -> j.get("total").asInt() == 3 && finished(j.get("items"))).get("items");
        JsonNode spent = first(rows, r -> r.get("style").asText().equals("anthropic"));
        for (String style : List.of("anthropic-count-tokens", "gemini-count-tokens")) {
            JsonNode count = first(rows, r -> r.get("style").asText().equals(style));
            assertThat(count.get("prompt_tokens").asLong()).as(style).isPositive();
            assertThat(count.get("cost").asDouble()).as(style).isZero();
        }
        assertThat(http.get("/api/logs?style=gemini-count-tokens&model=" + model).json().get("total").asInt()).isEqualTo(1);
        long tokens = spent.get("total_tokens").asLong();
        double cost = spent.get("cost").asDouble();
        assertThat(tokens).isPositive();
        assertThat(cost).isPositive();

        JsonNode own = caller.get("/api/key/summary").json();
        for (String part : List.of("total", "today")) {
            assertThat(own.get(part).get("requests").asLong()).as(part).isEqualTo(3);
            assertThat(own.get(part).get("prompt_tokens").asLong()).as(part).isEqualTo(spent.get("prompt_tokens").asLong());
            assertThat(own.get(part).get("total_tokens").asLong()).as(part).isEqualTo(tokens);
            assertThat(own.get(part).get("cost").asDouble()).as(part).isCloseTo(cost, within(1e-12));
        }
        JsonNode points = own.get("series").get("points");
        assertThat(points.get(points.size() - 1).get("total_tokens").asLong()).isEqualTo(tokens);
        JsonNode byModel = first(http.get("/api/metrics/models?limit=100").json().get("items"),
                                 r -> r.get("model").asText().equals(model));
        assertThat(byModel.get("total_tokens").asLong()).isEqualTo(tokens);
        assertThat(byModel.get("cost").asDouble()).isCloseTo(cost, within(1e-12));
        JsonNode byKey = first(http.get("/api/metrics/keys?limit=100").json().get("items"),
                               r -> r.get("auth_key_id").asLong() == keyId);
        assertThat(byKey.get("total_tokens").asLong()).isEqualTo(tokens);

        String scrape = http.get("/metrics").text();
        assertThat(promValue(scrape, "llmio_tokens_total", model, "kind=\"prompt\""))
                .isEqualTo(spent.get("prompt_tokens").asDouble());
        assertThat(promValue(scrape, "llmio_cost_total", model, "")).isCloseTo(cost, within(1e-9));
    }

    /** The sum of a Prometheus counter's samples for {@code model} whose labels contain {@code label}. */
    private static double promValue(String scrape, String metric, String model, String label) {
        double sum = 0;
        for (String line : scrape.split("\n")) {
            if (line.startsWith(metric + "{") && line.contains("model=\"" + model + "\"") && line.contains(label)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    @Test
    void cleanupAndRetention() {
        Served s = servedModel(Map.of());
        assertThat(chat(AdminServer.TOKEN, s.model().get("name").asText(), false).status()).isEqualTo(200);
        http.await("/api/logs?model=" + s.model().get("name").asText(), j -> j.get("total").asInt() == 1);
        assertThat(http.post("/api/logs/cleanup", "{\"keep_rows\":1000000}").json().get("deleted").asLong()).isZero();
        assertThat(http.post("/api/logs/cleanup", "{\"keep_rows\":1,\"older_than_days\":1}").status()).isEqualTo(422);
        assertThat(http.post("/api/logs/cleanup", "{\"keep_rows\":-1}").status()).isEqualTo(422);
        assertThat(http.post("/api/logs/cleanup", null).json().has("deleted_bodies")).isTrue();
        assertThat(http.post("/api/logs/cleanup", "{\"keep_rows\":0}").json().get("deleted").asLong()).isPositive();
        assertThat(http.get("/api/logs").json().get("total").asInt()).isZero();
    }

    @Test
    void exportImportRoundTripIsIdentical() {
        Served s = servedModel(Map.of("remark", "round trip", "max_retry", 2));
        http.patch("/api/model-providers/" + s.association().get("id").asLong(),
                   "{\"extra_body\":{\"temperature\":0.5},\"headers\":{\"X-A\":\"b\"},\"tool_call\":false}");
        String withSecrets = http.get("/api/config/export?secrets=true").text();
        assertThat(withSecrets).contains(mock.apiKey()).contains("round trip").contains("temperature");
        var masked = http.get("/api/config/export");
        assertThat(masked.contentType()).startsWith("text/yaml");
        assertThat(masked.text()).doesNotContain(mock.apiKey());
        String before = registryJson();

        var dry = http.send("POST", "/api/config/import?dry_run=true", masked.text(), "text/yaml");
        assertThat(dry.status()).as(dry.text()).isEqualTo(200);
        assertThat(dry.json().get("applied").asBoolean()).isFalse();
        dry.json().get("changes").forEach(c -> assertThat(c.get("action").asText()).as(c.toString()).isEqualTo("unchanged"));
        var applied = http.send("POST", "/api/config/import", masked.text(), "text/yaml");
        assertThat(applied.json().get("applied").asBoolean()).isTrue();
        assertThat(registryJson()).isEqualTo(before);
        assertThat(http.get("/api/config/export?secrets=true").text()).isEqualTo(withSecrets);
        assertThat(chat(AdminServer.TOKEN, s.model().get("name").asText(), false).status()).isEqualTo(200);

        String renamed = "models:\n  - name: " + unique("imported") + "\n    providers:\n      - provider: "
                + s.provider().get("name").asText() + "\n        model: gpt-4o\n";
        var created = http.send("POST", "/api/config/import?dry_run=true", renamed, "text/yaml").json();
        assertThat(created.get("changes").findValuesAsText("action")).containsExactly("create", "create");
        var bad = http.send("POST", "/api/config/import", "providers:\n  - name: x\n    type: openai\n"
                + "    base-url: https://x.example\n    colour: red\n", "text/yaml");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.errorMessage()).contains("colour");
        assertThat(http.send("POST", "/api/config/import", "providers: [", "text/yaml").status()).isEqualTo(400);
    }

    @Test
    void priceSyncFromACatalogue() throws Exception {
        Served s = servedModel(Map.of());
        String upstreamId = "gpt-4o-2024-08-06";
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] catalogue = ("{\"openai\":{\"id\":\"openai\",\"models\":{\"" + upstreamId + "\":{\"id\":\"" + upstreamId
                + "\",\"cost\":{\"input\":2.5,\"output\":10,\"cache_read\":1.25}}}}}").getBytes(StandardCharsets.UTF_8);
        server.createContext("/api.json", ex -> {
            ex.sendResponseHeaders(200, catalogue.length);
            ex.getResponseBody().write(catalogue);
            ex.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/api.json";
            assertThat(http.put("/api/settings/price_sync_url", AdminHttp.json(Map.of("value", url))).status()).isEqualTo(200);
            var r = http.post("/api/prices/sync", null);
            assertThat(r.status()).as(r.text()).isEqualTo(200);
            assertThat(r.json().get("updated").asInt()).isPositive();
            JsonNode row = first(http.get("/api/prices").json().get("items"),
                                 p -> s.model().get("name").asText().equals(p.path("model_name").asText()));
            assertThat(row.get("source").asText()).isEqualTo("sync");
            assertThat(row.get("cached_input_per_mtok").asDouble()).isEqualTo(1.25);
            assertThat(http.post("/api/prices/sync", "{\"url\":\"http://127.0.0.1:1/none\"}").status()).isEqualTo(502);
        } finally {
            server.stop(0);
            http.put("/api/settings/price_sync_url", "{\"value\":\"\"}");
        }
    }

    /** Providers, models and associations without their updated_at (an import rewrites rows it declares). */
    private String registryJson() {
        StringBuilder sb = new StringBuilder();
        for (String path : List.of("/api/providers?page_size=100", "/api/models?page_size=100")) {
            for (JsonNode n : http.get(path).json().get("items")) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) n).remove("updated_at");
                sb.append(n).append('\n');
                if (path.startsWith("/api/models")) {
                    for (JsonNode a : http.get("/api/models/" + n.get("id").asLong() + "/providers").json().get("items")) {
                        ((com.fasterxml.jackson.databind.node.ObjectNode) a).remove("updated_at");
                        sb.append(a).append('\n');
                    }
                }
            }
        }
        return sb.toString();
    }

    private List<JsonNode> allLogs() {
        List<JsonNode> out = new ArrayList<>();
        for (int page = 1; ; page++) {
            JsonNode j = http.get("/api/logs?page_size=100&page=" + page).json();
            j.get("items").forEach(out::add);
            if (out.size() >= j.get("total").asInt() || j.get("items").isEmpty()) {
                return out;
            }
        }
    }

    private static boolean finished(JsonNode items) {
        for (JsonNode r : items) {
            if (r.get("status").asText().equals("running")) {
                return false;
            }
        }
        return true;
    }

    private static JsonNode first(JsonNode items, java.util.function.Predicate<JsonNode> p) {
        for (JsonNode n : items) {
            if (p.test(n)) {
                return n;
            }
        }
        throw new AssertionError("no matching item in " + items);
    }
}
