package io.llmio.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.llmio.limits.Limiter;
import io.llmio.limits.MemoryLimiter;
import io.llmio.registry.Association;
import io.llmio.registry.AuthKey;
import io.llmio.registry.KeyLimits;
import io.llmio.registry.Model;
import io.llmio.registry.Provider;
import io.llmio.registry.ProviderType;
import io.llmio.registry.Strategy;
import io.llmio.routing.Breakers;
import io.llmio.registry.Registry;
import io.llmio.registry.RegistrySnapshot;
import io.llmio.store.AuthKeyStore;
import io.llmio.store.Database;
import io.llmio.store.Dialect;
import io.llmio.requestlog.LogIds;
import io.llmio.requestlog.LogStore;
import io.llmio.requestlog.AttemptLog;
import io.llmio.requestlog.AttemptStatus;
import io.llmio.requestlog.LogQueue;

/**
 * {@code /metrics} text after a few recorded attempts: names, labels, histogram buckets and values.
 * The log queue behind the queue gauges runs on an embedded database in a temp dir.
 */
class PrometheusMetricsTest {
    private static Database db;
    private static LogQueue queue;

    private static final MemoryLimiter LIMITER = new MemoryLimiter();

    @BeforeAll
    static void open() {
        db = LogTestDatabases.clean(Dialect.EMBEDDED);
        queue = new LogQueue(new LogStore(db), new AuthKeyStore(db), new LogIds(), 123, l -> 0);
    }

    @AfterAll
    static void close() {
        queue.close();
    }

    @Test
    void countsLatencyTokensAndCostByLabel() {
        PrometheusMetrics metrics = new PrometheusMetrics(queue, new Breakers(InstantSource.system()), new Registry(), LIMITER);
        metrics.record(attempt("gpt", "p1", "chat", AttemptStatus.SUCCESS, 200, 80L, 40L, 10, 5, 2, 0.5));
        metrics.record(attempt("gpt", "p1", "chat", AttemptStatus.SUCCESS, 200, 300L, 120L, 7, 3, 0, 0.25));
        metrics.record(attempt("gpt", "p1", "chat", AttemptStatus.ERROR, 502, 1500L, null, 0, 0, 0, null));
        metrics.record(attempt("gpt", "p2", "messages", AttemptStatus.ERROR, null, null, null, 0, 0, 0, null));
        String text = metrics.scrape();

        assertThat(text).contains("# TYPE llmio_requests_total counter");
        assertThat(value(text, "llmio_requests_total", "model=\"gpt\"", "provider=\"p1\"", "status=\"success\"",
                         "style=\"chat\"")).isEqualTo(2.0);
        assertThat(value(text, "llmio_requests_total", "provider=\"p1\"", "status=\"error\"")).isEqualTo(1.0);
        assertThat(value(text, "llmio_requests_total", "provider=\"p2\"", "style=\"messages\"")).isEqualTo(1.0);

        assertThat(value(text, "llmio_errors_total", "provider=\"p1\"", "http_status=\"502\"")).isEqualTo(1.0);
        assertThat(value(text, "llmio_errors_total", "provider=\"p2\"", "http_status=\"0\"")).isEqualTo(1.0);
        assertThat(text).doesNotContain("http_status=\"200\"");

        // histogram in seconds with the fixed buckets; cumulative counts
        assertThat(text).contains("# TYPE llmio_request_duration_seconds histogram");
        String ok = "status=\"success\"";
        assertThat(value(text, "llmio_request_duration_seconds_bucket", ok, "le=\"0.1\"")).isEqualTo(1.0);
        assertThat(value(text, "llmio_request_duration_seconds_bucket", ok, "le=\"0.25\"")).isEqualTo(1.0);
        assertThat(value(text, "llmio_request_duration_seconds_bucket", ok, "le=\"0.5\"")).isEqualTo(2.0);
        assertThat(value(text, "llmio_request_duration_seconds_bucket", ok, "le=\"120.0\"")).isEqualTo(2.0);
        assertThat(value(text, "llmio_request_duration_seconds_bucket", ok, "le=\"+Inf\"")).isEqualTo(2.0);
        assertThat(value(text, "llmio_request_duration_seconds_count", ok)).isEqualTo(2.0);
        assertThat(value(text, "llmio_request_duration_seconds_sum", ok)).isCloseTo(0.38, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(value(text, "llmio_request_duration_seconds_bucket", "status=\"error\"", "le=\"1.0\"")).isEqualTo(0.0);
        assertThat(value(text, "llmio_request_duration_seconds_bucket", "status=\"error\"", "le=\"2.5\"")).isEqualTo(1.0);
        for (String le : List.of("0.1", "0.25", "0.5", "1.0", "2.5", "5.0", "10.0", "30.0", "60.0", "120.0", "+Inf")) {
            assertThat(value(text, "llmio_request_duration_seconds_bucket", ok, "le=\"" + le + "\"}")).as("le=%s", le)
                    .isBetween(1.0, 2.0);
        }
        assertThat(value(text, "llmio_first_token_seconds_count", "provider=\"p1\"")).isEqualTo(2.0);
        assertThat(value(text, "llmio_first_token_seconds_bucket", "provider=\"p1\"", "le=\"0.1\"")).isEqualTo(1.0);

        assertThat(value(text, "llmio_tokens_total", "provider=\"p1\"", "kind=\"prompt\"")).isEqualTo(17.0);
        assertThat(value(text, "llmio_tokens_total", "provider=\"p1\"", "kind=\"completion\"")).isEqualTo(8.0);
        assertThat(value(text, "llmio_tokens_total", "provider=\"p1\"", "kind=\"cached\"")).isEqualTo(2.0);
        assertThat(text).doesNotContain("llmio_tokens_total{kind=\"prompt\",model=\"gpt\",provider=\"p2\"");
        assertThat(value(text, "llmio_cost_total", "provider=\"p1\"")).isEqualTo(0.75);
        assertThat(text).doesNotContain("llmio_cost_total{model=\"gpt\",provider=\"p2\"");
    }

    @Test
    void logQueueGaugesAndBreakerStates() {
        Breakers breakers = new Breakers(InstantSource.system());
        Registry registry = new Registry();
        Provider p = new Provider(3, "acme", ProviderType.OPENAI, "http://127.0.0.1:9", null, Map.of(), "", List.of(), 0,
                                  0, "", true, Instant.EPOCH, Instant.EPOCH);
        Model m = new Model(1, "gpt", "", Strategy.LOTTERY, 3, 60, false, true, true, Instant.EPOCH, Instant.EPOCH);
        Association a = new Association(42, 1, 3, "up", 1, false, false, false, false, Map.of(), "{}", true,
                                        Instant.EPOCH, Instant.EPOCH);
        registry.replace(RegistrySnapshot.of(1, List.of(p), List.of(m), List.of(a), List.of()));
        PrometheusMetrics metrics = new PrometheusMetrics(queue, breakers, registry, LIMITER);

        String before = metrics.scrape();
        assertThat(value(before, "llmio_log_queue_capacity")).isEqualTo(123.0);
        assertThat(value(before, "llmio_log_queue_depth")).isEqualTo(0.0);
        assertThat(value(before, "llmio_log_queue_dropped_total")).isEqualTo(0.0);
        assertThat(value(before, "llmio_log_rows_dropped_total")).isEqualTo(0.0);
        assertThat(value(before, "llmio_log_write_consecutive_failures")).isEqualTo(0.0);
        assertThat(before).doesNotContain("llmio_breaker_state{");

        for (int i = 0; i < Breakers.FAILURES_TO_OPEN; i++) {
            breakers.failure(42);
        }
        breakers.failure(77); // one failure: tracked, still closed; unknown to the registry
        String after = metrics.scrape();
        assertThat(value(after, "llmio_breaker_state", "association_id=\"42\"", "provider=\"acme\"")).isEqualTo(2.0);
        assertThat(value(after, "llmio_breaker_state", "association_id=\"77\"", "provider=\"\"")).isEqualTo(0.0);
    }

    private static AttemptLog attempt(String model, String provider, String style, AttemptStatus status, Integer http,
                                      Long totalMs, Long firstTokenMs, long prompt, long completion, long cached,
                                      Double cost) {
        AttemptLog log = new AttemptLog();
        log.model = model;
        log.providerName = provider;
        log.style = style;
        log.status = status;
        log.httpStatus = http;
        log.totalMs = totalMs;
        log.firstTokenMs = firstTokenMs;
        log.promptTokens = prompt;
        log.completionTokens = completion;
        log.cachedTokens = cached;
        log.cost = cost;
        return log;
    }

    /** The value of the one sample of {@code name} whose labels contain every given {@code label="value"}. */
    @Test
    void perKeyCountersAndUsageAgainstEachBudgetWithTheMaskedKeyOnly() {
        Registry registry = new Registry();
        String hash = "c".repeat(64);
        AuthKey key = new AuthKey(77, "team", hash, "sk-llmio-ab…wxyz", true, true, List.of(), null, 0, null, null, null,
                                  new KeyLimits(10, 1.5, 0, 0, 5_000, 0, 60, 0, 2));
        registry.replace(RegistrySnapshot.of(1, List.of(), List.of(), List.of(), List.of(key)));
        PrometheusMetrics metrics = new PrometheusMetrics(queue, new Breakers(InstantSource.system()), registry, LIMITER);
        AttemptLog a = attempt("gpt", "p1", "chat", AttemptStatus.SUCCESS, 200, 80L, 40L, 100, 20, 0, 0.25);
        a.authKeyId = 77L;
        a.totalTokens = 120;
        metrics.record(a);
        LIMITER.charge(new Limiter.Charge(77L, 1, false, 120, 0.25));

        String text = metrics.scrape();
        assertThat(text).doesNotContain(hash);
        String[] k = {"key_id=\"77\"", "key=\"sk-llmio-ab…wxyz\""};
        assertThat(value(text, "llmio_key_requests_total", k[0], k[1], "status=\"success\"")).isEqualTo(1.0);
        assertThat(value(text, "llmio_key_tokens_total", k)).isEqualTo(120.0);
        assertThat(value(text, "llmio_key_cost_total", k)).isEqualTo(0.25);
        assertThat(value(text, "llmio_key_usage", k[0], "window=\"usd_daily\"")).isEqualTo(0.25);
        assertThat(value(text, "llmio_key_limit", k[0], "window=\"usd_daily\"")).isEqualTo(1.5);
        assertThat(value(text, "llmio_key_usage", k[0], "window=\"tokens_daily\"")).isEqualTo(120.0);
        assertThat(value(text, "llmio_key_limit", k[0], "window=\"parallel\"")).isEqualTo(2.0);
    }

    static double value(String text, String name, String... labels) {
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*\\})? (\\S+)$", Pattern.MULTILINE);
        Matcher m = line.matcher(text);
        Double found = null;
        while (m.find()) {
            String lbls = m.group(1) == null ? "" : m.group(1);
            boolean all = true;
            for (String l : labels) {
                all &= lbls.contains(l);
            }
            if (all) {
                assertThat(found).as("more than one sample of %s %s in%n%s", name, List.of(labels), text).isNull();
                found = Double.parseDouble(m.group(2));
            }
        }
        assertThat(found).as("no sample of %s %s in%n%s", name, List.of(labels), text).isNotNull();
        return found;
    }
}
