package io.llmio.proxy;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmio.mock.MockProtocol;
import io.llmio.mock.MockUpstream;
import io.llmio.requestlog.RequestLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hardening items 2 and 7 through the real server (embedded database): stored bodies are capped and
 * the cut is visible in {@code /api/logs/{id}/body}; one long User-Agent among 30 concurrent requests
 * costs no row; the log writer shows in {@code /health}, {@code /health/detail} and {@code /metrics}.
 */
class RequestLogHardeningTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MockUpstream MOCK = MockUpstream.start("up-key");
    private static final Gateway GW = Gateway.start("""
            providers:
              - name: up
                type: openai
                base-url: %s
                api-key: up-key
            models:
              - name: logged
                io-log: true
                providers:
                  - {provider: up, model: up-logged}
              - name: plain
                providers:
                  - {provider: up, model: up-plain}
            """.formatted(MOCK.baseUrl(MockProtocol.OPENAI)), Map.of("LLMIO_LOG_BODY_MAX_BYTES", "4096"));

    @AfterAll
    static void stop() {
        GW.close();
        MOCK.close();
    }

    @Test
    void aStoredBodyIsCutToTheCapAndMarkedInTheApi() throws Exception {
        String big = "x".repeat(1_000_000);
        HttpResponse<String> res = GW.post("/v1/chat/completions",
                                           "{\"model\":\"logged\",\"messages\":[{\"role\":\"user\",\"content\":\"" + big + "\"}]}",
                                           "Authorization", "Bearer " + Gateway.TOKEN, "Content-Type", "application/json");
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        String trace = res.headers().firstValue("x-llmio-trace-id").orElseThrow();
        RequestLog row = GW.finishedLogs(trace, 1).getFirst();
        assertThat(row.hasBody()).isTrue();

        HttpResponse<String> body = GW.get("/api/logs/" + row.id() + "/body", "Authorization", "Bearer " + Gateway.TOKEN);
        assertThat(body.statusCode()).isEqualTo(200);
        JsonNode b = JSON.readTree(body.body());
        assertThat(b.get("request_truncated").asBoolean()).isTrue();
        assertThat(b.get("response_truncated").asBoolean()).isFalse();
        String stored = b.get("request_body").asText();
        assertThat(stored).startsWith("{\"model\":\"logged\"").endsWith("bytes]")
                .contains("…[llmio: truncated, kept 4096 of ").hasSizeLessThan(4096 + 100);
    }

    @Test
    void oneLongUserAgentAmongThirtyConcurrentRequestsCostsNoRow() {
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 31; i++) {
            String ua = i == 7 ? "evil/" + "u".repeat(595) : "sdk/" + i;
            HttpRequest req = HttpRequest.newBuilder(URI.create(GW.url("/v1/chat/completions")))
                    .timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + Gateway.TOKEN).header("Content-Type", "application/json")
                    .header("User-Agent", ua)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"plain\",\"messages\":[]}")).build();
            calls.add(CompletableFuture.supplyAsync(() -> Gateway.send(req)));
        }
        List<String> traces = new ArrayList<>();
        for (var c : calls) {
            HttpResponse<String> r = c.join();
            assertThat(r.statusCode()).isEqualTo(200);
            traces.add(r.headers().firstValue("x-llmio-trace-id").orElseThrow());
        }
        for (String trace : traces) {
            GW.finishedLogs(trace, 1);
        }
        RequestLog evil = GW.awaitRow(r -> r.userAgent().startsWith("evil/"));
        assertThat(evil.userAgent()).hasSize(512);
    }

    @Test
    void theLogWriterShowsInHealthAndMetrics() throws Exception {
        HttpResponse<String> health = GW.get("/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(health.body()).path("request_log").path("status").asText()).isEqualTo("up");

        JsonNode detail = JSON.readTree(GW.get("/health/detail", "Authorization", "Bearer " + Gateway.TOKEN).body());
        JsonNode log = detail.path("request_log");
        assertThat(log.path("status").asText()).isEqualTo("up");
        assertThat(log.path("consecutive_failures").asInt()).isZero();
        assertThat(log.has("last_error")).isTrue();
        assertThat(log.path("buffer_max_bytes").asLong()).isEqualTo(32L << 20);

        String metrics = GW.get("/metrics", "Authorization", "Bearer " + Gateway.TOKEN).body();
        assertThat(metrics).contains("llmio_log_rows_dropped_total").contains("llmio_log_bodies_dropped_total")
                .contains("llmio_log_write_consecutive_failures").contains("llmio_log_buffer_bytes")
                .contains("llmio_log_write_last_error_timestamp_seconds");
    }
}
