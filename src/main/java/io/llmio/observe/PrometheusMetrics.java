package io.llmio.observe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.llmio.routing.Breakers;
import io.llmio.routing.Registry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * {@code /metrics} in Prometheus text format (Micrometer), fed by {@link LogQueue#onFinished}: one
 * count per finished attempt by model / provider / status, errors by HTTP status, latency and
 * time-to-first-token histograms, tokens by kind, cost; log queue depth and drops; breaker states
 * (0 closed, 1 half-open, 2 open) of every association whose breaker has tripped.
 */
public final class PrometheusMetrics {
    private static final Duration[] BUCKETS = {Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Breakers breakers;
    private final Registry routes;
    private final MultiGauge breakerStates;

    public PrometheusMetrics(LogQueue queue, Breakers breakers, Registry routes) {
        this.breakers = breakers;
        this.routes = routes;
        Gauge.builder("llmio.log.queue.depth", queue, LogQueue::depth).description("request-log rows waiting to be written")
                .register(registry);
        Gauge.builder("llmio.log.queue.capacity", queue, LogQueue::capacity).register(registry);
        FunctionCounter.builder("llmio.log.queue.dropped", queue, LogQueue::dropped)
                .description("request-log rows dropped because the queue was full").register(registry);
        FunctionCounter.builder("llmio.log.write.failed", queue, LogQueue::failedWrites).register(registry);
        this.breakerStates = MultiGauge.builder("llmio.breaker.state")
                .description("circuit breaker per association: 0 closed, 1 half-open, 2 open").register(registry);
    }

    /** The listener to hand to {@link LogQueue#onFinished}. */
    public void record(AttemptLog log) {
        String model = log.model == null ? "" : log.model;
        String provider = log.providerName == null ? "" : log.providerName;
        Tags tags = Tags.of("model", model, "provider", provider);
        Counter.builder("llmio.requests").description("finished upstream attempts")
                .tags(tags).tag("status", log.status).tag("style", log.style == null ? "" : log.style)
                .register(registry).increment();
        if (!"success".equals(log.status)) {
            Counter.builder("llmio.errors").description("failed upstream attempts by HTTP status (0 = no response)")
                    .tags(tags).tag("http_status", log.httpStatus == null ? "0" : log.httpStatus.toString())
                    .register(registry).increment();
        }
        if (log.totalMs != null) {
            Timer.builder("llmio.request.duration").description("attempt latency, whole response")
                    .serviceLevelObjectives(BUCKETS).tags(tags).tag("status", log.status).register(registry)
                    .record(Duration.ofMillis(log.totalMs));
        }
        if (log.firstTokenMs != null) {
            Timer.builder("llmio.first.token").description("time to the first byte of the answer")
                    .serviceLevelObjectives(BUCKETS).tags(tags).register(registry)
                    .record(Duration.ofMillis(log.firstTokenMs));
        }
        tokens(tags, "prompt", log.promptTokens);
        tokens(tags, "completion", log.completionTokens);
        tokens(tags, "cached", log.cachedTokens);
        if (log.cost != null && log.cost > 0) {
            Counter.builder("llmio.cost").description("cost of attempts in price-table currency").tags(tags)
                    .register(registry).increment(log.cost);
        }
    }

    /** The text a Prometheus scrape gets. */
    public String scrape() {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        var snapshot = routes.current();
        for (Map.Entry<Long, Breakers.State> e : breakers.states().entrySet()) {
            var a = snapshot.association(e.getKey());
            String provider = a.flatMap(x -> snapshot.provider(x.providerId())).map(p -> p.name()).orElse("");
            double v = switch (e.getValue()) {
                case CLOSED -> 0;
                case HALF_OPEN -> 1;
                case OPEN -> 2;
            };
            rows.add(MultiGauge.Row.of(Tags.of("association_id", e.getKey().toString(), "provider", provider), v));
        }
        breakerStates.register(rows, true);
        return registry.scrape();
    }

    private void tokens(Tags tags, String kind, long n) {
        if (n > 0) {
            Counter.builder("llmio.tokens").description("tokens by kind").tags(tags).tag("kind", kind)
                    .register(registry).increment(n);
        }
    }
}
