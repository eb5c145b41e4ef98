package io.llmio.proxy;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmio.mock.Fault;
import io.llmio.mock.MockProtocol;
import io.llmio.mock.MockUpstream;
import io.llmio.proxy.protocol.UsageTap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Budgets and limits of API keys end to end through the gateway (issue 16): each answered in the caller's
 * protocol with the status its vendor uses, naming the budget or limit and when it resets; provider TPM.
 */
class KeyBudgetsTest {
    private static final MockUpstream MOCK = MockUpstream.start("sk-up");
    private static final Gateway GW = Gateway.start("""
            providers:
              - {name: oa, type: openai, base-url: %s, api-key: sk-up}
              - {name: an, type: anthropic, base-url: %s, api-key: sk-up}
              - {name: ge, type: gemini, base-url: %s, api-key: sk-up}
              - {name: tight, type: openai, base-url: %s, api-key: sk-up, tpm-limit: 1}
            models:
              %s
              - name: tpm
                strategy: rotor
                providers: [{provider: tight, model: tight-up, weight: 10}, {provider: oa, model: loose-up, weight: 1}]
            """.formatted(MOCK.baseUrl(MockProtocol.OPENAI), MOCK.baseUrl(MockProtocol.ANTHROPIC),
                          MOCK.baseUrl(MockProtocol.GEMINI), MOCK.baseUrl(MockProtocol.OPENAI), models()));

    /**
     * One model per test and protocol: an association serves one API key at a time (the token lock, SPEC §5),
     * and every test uses keys of its own.
     */
    private static String models() {
        StringBuilder out = new StringBuilder();
        for (int i = 1; i <= 12; i++) {
            out.append("  - {name: gpt").append(i).append(", providers: [{provider: oa, model: gpt-up").append(i).append("}]}\n")
                    .append("  - {name: claude").append(i).append(", providers: [{provider: an, model: claude-up").append(i).append("}]}\n")
                    .append("  - {name: gem").append(i).append(", providers: [{provider: ge, model: gem-up").append(i).append("}]}\n");
        }
        return out.toString().strip();
    }

    @AfterAll
    static void stop() {
        GW.close();
        MOCK.close();
    }

    @BeforeEach
    void reset() {
        MOCK.reset();
    }

    // ---- helpers

    static HttpResponse<String> openai(Gateway gw, String key, String model) {
        return gw.post("/v1/chat/completions", "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                       "Authorization", "Bearer " + key, "Content-Type", "application/json");
    }

    static HttpResponse<String> anthropic(Gateway gw, String key, String model) {
        return gw.post("/v1/messages", "{\"model\":\"" + model + "\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                       "x-api-key", key, "anthropic-version", "2023-06-01", "Content-Type", "application/json");
    }

    static HttpResponse<String> gemini(Gateway gw, String key, String model) {
        return gw.post("/gemini/v1beta/models/" + model + ":generateContent", "{\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}]}",
                       "x-goog-api-key", key, "Content-Type", "application/json");
    }

    static JsonNode json(HttpResponse<String> r) {
        return UsageTap.parse(r.body().getBytes());
    }

    // ---- budgets

    @Test
    void totalTokenBudgetAnswersEachProtocolsQuotaError() {
        String[] k = GW.keyWithLimits("{\"budget_tokens\":1}");
        assertThat(openai(GW, k[1], "gpt1").statusCode()).isEqualTo(200);
        long used = GW.awaitKeyUsage(k[0], u -> u.path("tokens").asLong() > 0).path("tokens").asLong();

        HttpResponse<String> oa = openai(GW, k[1], "gpt1");
        assertThat(oa.statusCode()).isEqualTo(429);
        JsonNode e = json(oa).path("error");
        assertThat(e.path("type").asText()).isEqualTo("insufficient_quota");
        assertThat(e.path("code").asText()).isEqualTo("insufficient_quota");
        assertThat(e.path("message").asText()).contains("total token budget of 1 tokens").contains("does not reset");
        assertThat(oa.headers().firstValue("Retry-After")).isEmpty();

        HttpResponse<String> an = anthropic(GW, k[1], "claude1");
        assertThat(an.statusCode()).isEqualTo(402);
        assertThat(json(an).path("type").asText()).isEqualTo("error");
        assertThat(json(an).path("error").path("type").asText()).isEqualTo("billing_error");
        assertThat(json(an).path("error").path("message").asText()).contains("total token budget");

        HttpResponse<String> ge = gemini(GW, k[1], "gem1");
        assertThat(ge.statusCode()).isEqualTo(429);
        assertThat(json(ge).path("error").path("status").asText()).isEqualTo("RESOURCE_EXHAUSTED");
        assertThat(json(ge).path("error").path("code").asInt()).isEqualTo(429);
        assertThat(json(ge).path("error").path("message").asText()).contains("total token budget");

        assertThat(MOCK.requestCount()).as("refused requests never reach the upstream").isEqualTo(1);
        assertThat(GW.awaitKeyUsage(k[0], u -> true).path("tokens").asLong()).isEqualTo(used);
    }

    @Test
    void dailySpendBudgetNamesTheNextUtcMidnight() {
        HttpResponse<String> price = Gateway.send(HttpRequest.newBuilder(URI.create(GW.url("/api/prices")))
                .header("Authorization", "Bearer " + Gateway.TOKEN).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(
                        "{\"model_name\":\"claude2\",\"input_per_mtok\":3,\"output_per_mtok\":15}")).build());
        assertThat(price.statusCode()).as(price.body()).isIn(200, 201);
        String[] k = GW.keyWithLimits("{\"budget_usd_daily\":0.000001,\"budget_usd\":100}");
        assertThat(anthropic(GW, k[1], "claude2").statusCode()).isEqualTo(200);
        JsonNode usage = GW.awaitKeyUsage(k[0], u -> u.path("usd_daily").asDouble() > 0);
        assertThat(usage.path("usd").asDouble()).isEqualTo(usage.path("usd_daily").asDouble())
                .isEqualTo(usage.path("usd_monthly").asDouble());

        HttpResponse<String> r = anthropic(GW, k[1], "claude2");
        assertThat(r.statusCode()).isEqualTo(402);
        String midnight = LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toString();
        assertThat(json(r).path("error").path("message").asText())
                .contains("daily spend budget of $0.000001").contains("resets at " + midnight);
        long retry = Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retry).isBetween(1L, 86_400L);
    }

    @Test
    void monthlyTokenBudgetNamesTheFirstOfNextMonth() {
        String[] k = GW.keyWithLimits("{\"budget_tokens_monthly\":1}");
        assertThat(gemini(GW, k[1], "gem3").statusCode()).isEqualTo(200);
        GW.awaitKeyUsage(k[0], u -> u.path("tokens_monthly").asLong() > 0);
        HttpResponse<String> r = gemini(GW, k[1], "gem3");
        assertThat(r.statusCode()).isEqualTo(429);
        String first = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1).plusMonths(1).atStartOfDay(ZoneOffset.UTC)
                .toInstant().toString();
        assertThat(json(r).path("error").path("message").asText())
                .contains("monthly token budget of 1 tokens").contains("resets at " + first);
    }

    // ---- limits

    @Test
    void rpmLimitAnswers429WithRetryAfterInEachProtocol() {
        String[] k = GW.keyWithLimits("{\"rpm_limit\":2}");
        assertThat(openai(GW, k[1], "gpt4").statusCode()).isEqualTo(200);
        assertThat(anthropic(GW, k[1], "claude4").statusCode()).isEqualTo(200);

        HttpResponse<String> oa = openai(GW, k[1], "gpt4");
        assertThat(oa.statusCode()).isEqualTo(429);
        assertThat(json(oa).path("error").path("type").asText()).isEqualTo("rate_limit_error");
        assertThat(json(oa).path("error").path("message").asText()).contains("limit of 2 requests per minute");
        assertThat(Long.parseLong(oa.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);

        HttpResponse<String> an = anthropic(GW, k[1], "claude4");
        assertThat(an.statusCode()).isEqualTo(429);
        assertThat(json(an).path("error").path("type").asText()).isEqualTo("rate_limit_error");
        HttpResponse<String> ge = gemini(GW, k[1], "gem4");
        assertThat(ge.statusCode()).isEqualTo(429);
        assertThat(json(ge).path("error").path("status").asText()).isEqualTo("RESOURCE_EXHAUSTED");
        assertThat(json(ge).path("error").path("message").asText()).contains("requests per minute");
        assertThat(MOCK.requestCount()).isEqualTo(2);
    }

    @Test
    void tpmLimitCountsTheTokensOfEachAnswer() {
        String[] k = GW.keyWithLimits("{\"tpm_limit\":1}");
        assertThat(openai(GW, k[1], "gpt5").statusCode()).isEqualTo(200);
        GW.awaitKeyUsage(k[0], u -> u.path("tpm").asLong() > 0);
        HttpResponse<String> r = openai(GW, k[1], "gpt5");
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(json(r).path("error").path("message").asText()).contains("limit of 1 tokens per minute");
        assertThat(Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
    }

    @Test
    void maxParallelRefusesARequestWhileAnotherIsInFlight() throws Exception {
        String[] k = GW.keyWithLimits("{\"max_parallel\":1}");
        MOCK.script().next(new Fault.DelayHeaders(Duration.ofSeconds(2)));
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<HttpResponse<String>> slow = pool.submit(() -> openai(GW, k[1], "gpt6"));
            MOCK.awaitRequests(1, Duration.ofSeconds(10));
            assertThat(GW.awaitKeyUsage(k[0], u -> u.path("parallel").asInt() == 1).path("parallel").asInt()).isEqualTo(1);
            HttpResponse<String> second = anthropic(GW, k[1], "claude6");
            assertThat(second.statusCode()).isEqualTo(429);
            assertThat(json(second).path("error").path("message").asText())
                    .contains("limit of 1 requests in flight at once");
            assertThat(slow.get().statusCode()).isEqualTo(200);
        }
        // the slot is given back once the answer's last byte is out, a moment after the caller has it
        assertThat(GW.awaitKeyUsage(k[0], u -> u.path("parallel").asInt() == 0).path("parallel").asInt()).isZero();
        assertThat(openai(GW, k[1], "gpt6").statusCode()).as("the slot is given back").isEqualTo(200);
    }

    @Test
    void keyWithoutLimitsIsNotLimited() {
        String[] k = GW.keyWithLimits("{}");
        for (int i = 0; i < 5; i++) {
            assertThat(openai(GW, k[1], "gpt7").statusCode()).isEqualTo(200);
        }
        assertThat(GW.awaitKeyUsage(k[0], u -> u.path("tokens").asLong() > 0).path("rpm").asInt())
                .as("a key without limits has no RPM window").isZero();
    }

    @Test
    void providerOverItsTpmIsSkippedLikeOneOverItsRpm() {
        assertThat(openai(GW, Gateway.TOKEN, "tpm").statusCode()).isEqualTo(200);
        assertThat(upstreamModel()).isEqualTo("tight-up");
        // the tight provider's window fills from the first answer's usage, counted after it
        Instant deadline = Instant.now().plusSeconds(10);
        String model = "tight-up";
        while (model.equals("tight-up") && Instant.now().isBefore(deadline)) {
            assertThat(openai(GW, Gateway.TOKEN, "tpm").statusCode()).isEqualTo(200);
            model = upstreamModel();
        }
        assertThat(model).isEqualTo("loose-up");
        assertThat(openai(GW, Gateway.TOKEN, "tpm").statusCode()).isEqualTo(200);
        assertThat(upstreamModel()).isEqualTo("loose-up");
    }

    private static String upstreamModel() {
        return UsageTap.parse(MOCK.lastRequest().body()).get("model").asText();
    }

    @Test
    void limitsAreValidatedByTheAdminApi() {
        String[] k = GW.keyWithLimits("{}");
        HttpResponse<String> bad = Gateway.send(HttpRequest.newBuilder(URI.create(GW.url("/api/auth-keys/" + k[0])))
                .header("Authorization", "Bearer " + Gateway.TOKEN).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"budget_usd\":-1}")).build());
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(bad.body()).contains("budget_usd");
        JsonNode list = json(GW.get("/api/auth-keys", "Authorization", "Bearer " + Gateway.TOKEN));
        assertThat(list.toString()).contains("\"max_parallel\"").contains("\"usage\"").doesNotContain(k[1]);
    }

    @Test
    void keySummaryShowsLimitsAndUsage() {
        String[] k = GW.keyWithLimits("{\"budget_tokens_daily\":1000000,\"rpm_limit\":50}");
        assertThat(openai(GW, k[1], "gpt10").statusCode()).isEqualTo(200);
        GW.awaitKeyUsage(k[0], u -> u.path("tokens_daily").asLong() > 0);
        JsonNode s = json(GW.get("/api/key/summary", "Authorization", "Bearer " + k[1]));
        assertThat(s.path("limits").path("budget_tokens_daily").asLong()).isEqualTo(1_000_000);
        assertThat(s.path("limits").path("rpm_limit").asInt()).isEqualTo(50);
        assertThat(s.path("limits").path("budget_usd").asDouble()).isZero();
        assertThat(s.path("usage").path("tokens_daily").asLong()).isPositive();
        assertThat(s.path("usage").path("rpm").asInt()).isEqualTo(1);
    }

    @Test
    void budgetsSurviveARestart() {
        Gateway gw = Gateway.start("""
                providers:
                  - {name: oa, type: openai, base-url: %s, api-key: sk-up}
                models:
                  - {name: gpt, providers: [{provider: oa, model: gpt-up}]}
                """.formatted(MOCK.baseUrl(MockProtocol.OPENAI)));
        try {
            String[] k = gw.keyWithLimits("{\"budget_tokens\":1000000,\"budget_tokens_daily\":1}");
            assertThat(openai(gw, k[1], "gpt").statusCode()).isEqualTo(200);
            long used = gw.awaitKeyUsage(k[0], u -> u.path("tokens").asLong() > 0).path("tokens").asLong();
            assertThat(openai(gw, k[1], "gpt").statusCode()).isEqualTo(429);

            gw = gw.restart();
            JsonNode usage = gw.awaitKeyUsage(k[0], u -> true);
            assertThat(usage.path("tokens").asLong()).as("seeded from the database at start").isEqualTo(used);
            assertThat(usage.path("tokens_daily").asLong()).isEqualTo(used);
            assertThat(usage.path("tokens_monthly").asLong()).isEqualTo(used);
            HttpResponse<String> r = openai(gw, k[1], "gpt");
            assertThat(r.statusCode()).isEqualTo(429);
            assertThat(json(r).path("error").path("message").asText()).contains("daily token budget of 1 tokens");
        } finally {
            gw.close();
        }
    }
}
