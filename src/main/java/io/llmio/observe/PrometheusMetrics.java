package io.llmio.observe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.llmio.config.ConfigReloads;
import io.llmio.limits.Limiter;
import io.llmio.routing.Breakers;
import io.llmio.registry.AuthKey;
import io.llmio.registry.KeyLimits;
import io.llmio.registry.KeySpend;
import io.llmio.registry.Registry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.llmio.proxy.protocol.Style;
import io.llmio.requestlog.AttemptLog;
import io.llmio.requestlog.AttemptStatus;
import io.llmio.requestlog.LogQueue;

/**
 * {@code /metrics} in Prometheus text format (Micrometer), fed by {@link LogQueue#onFinished}: one
 * count per finished attempt by model / provider / status, errors by HTTP status, latency and
 * time-to-first-token histograms, tokens by kind, cost; log queue depth and drops; breaker states
 * (0 closed, 1 half-open, 2 open) of every association whose breaker has tripped. Per API key (labels
 * {@code key_id} and {@code key}, the masked prefix, never the secret): attempts, tokens and cost; and at each
 * scrape, for keys with budgets or limits, their usage and the limit of each ({@code llmio_key_usage} and
 * {@code llmio_key_limit} by {@code window}: usd, usd_daily, usd_monthly, tokens, tokens_daily,
 * tokens_monthly, rpm, tpm, parallel) from the limiter's counters.
 */
public final class PrometheusMetrics {
    private static final Duration[] BUCKETS = {Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Breakers breakers;
    private final Registry routes;
    private final MultiGauge breakerStates;
    private final Limiter limiter;
    private final MultiGauge keyUsage;
    private final MultiGauge keyLimits;
    private final Map<List<String>, Meter> meters = new ConcurrentHashMap<>();

    public PrometheusMetrics(LogQueue queue, Breakers breakers, Registry routes, Limiter limiter) {
        this.breakers = breakers;
        this.limiter = limiter;
        this.routes = routes;
        Gauge.builder("llmio.log.queue.depth", queue, LogQueue::depth).description("request-log rows waiting to be written")
                .register(registry);
        Gauge.builder("llmio.log.queue.capacity", queue, LogQueue::capacity).register(registry);
        FunctionCounter.builder("llmio.log.queue.dropped", queue, LogQueue::dropped)
                .description("request-log rows dropped because the queue was full").register(registry);
        FunctionCounter.builder("llmio.log.write.failed", queue, LogQueue::failedWrites)
                .description("request-log rows the database rejected even when written alone").register(registry);
        FunctionCounter.builder("llmio.log.rows.lost", queue, LogQueue::lost)
                .description("request-log rows still unwritten when shutdown gave up draining").register(registry);
        FunctionCounter.builder("llmio.log.rows.dropped", queue, LogQueue::rowsDropped)
                .description("request-log rows never written, for any reason (queue full, rejected, lost)")
                .register(registry);
        FunctionCounter.builder("llmio.log.bodies.dropped", queue, LogQueue::bodiesDropped)
                .description("io_log bodies not stored because queued log data was over its byte bound (row kept)")
                .register(registry);
        FunctionCounter.builder("llmio.log.bodies.truncated", queue, LogQueue::bodiesTruncated)
                .description("io_log bodies cut to the per-body cap").register(registry);
        Gauge.builder("llmio.log.buffer.bytes", queue, LogQueue::bufferedBytes)
                .description("bytes held by request-log rows and bodies waiting to be written").register(registry);
        Gauge.builder("llmio.log.buffer.max.bytes", queue, LogQueue::bufferMaxBytes).register(registry);
        Gauge.builder("llmio.log.write.consecutive.failures", queue, LogQueue::consecutiveFailures)
                .description("request-log writes failed in a row (0 = the last write succeeded)").register(registry);
        Gauge.builder("llmio.log.write.last.error.timestamp.seconds", queue, LogQueue::lastErrorEpochSeconds)
                .description("when the last request-log write failed (0 = never)").register(registry);
        this.breakerStates = MultiGauge.builder("llmio.breaker.state")
                .description("circuit breaker per association: 0 closed, 1 half-open, 2 open").register(registry);
        this.keyUsage = MultiGauge.builder("llmio.key.usage")
                .description("what an API key with budgets or limits used, per window (usd*: price-table currency)")
                .register(registry);
        this.keyLimits = MultiGauge.builder("llmio.key.limit")
                .description("the budget or limit of an API key per window (0 = none)").register(registry);
    }

    /** Reloads of the config file: applied and rejected, and when it last applied (the start counts). */
    public void configReloads(ConfigReloads reloads) {
        FunctionCounter.builder("llmio.config.reload", reloads, ConfigReloads::successes).tag("result", "success")
                .description("live reloads of the config file (file change or SIGHUP) by outcome").register(registry);
        FunctionCounter.builder("llmio.config.reload", reloads, ConfigReloads::failures).tag("result", "failure")
                .description("live reloads of the config file (file change or SIGHUP) by outcome").register(registry);
        Gauge.builder("llmio.config.last.reload.success.timestamp.seconds", reloads,
                      ConfigReloads::lastSuccessEpochSeconds)
                .description("when the config file last applied (start or reload)").register(registry);
    }

    /** The listener to hand to {@link LogQueue#onFinished}. */
    public void record(AttemptLog log) {
        String model = log.model == null ? "" : log.model;
        String provider = log.providerName == null ? "" : log.providerName;
        counter("llmio.requests", "finished upstream attempts", "model", model, "provider", provider,
                "status", log.status.wire(), "style", log.style == null ? "" : log.style).increment();
        if (log.status != AttemptStatus.SUCCESS) {
            counter("llmio.errors", "failed upstream attempts by HTTP status (0 = no response)", "model", model,
                    "provider", provider, "http_status", log.httpStatus == null ? "0" : log.httpStatus.toString())
                    .increment();
        }
        if (log.totalMs != null) {
            timer("llmio.request.duration", "attempt latency, whole response", "model", model, "provider", provider,
                  "status", log.status.wire()).record(Duration.ofMillis(log.totalMs));
        }
        if (log.firstTokenMs != null) {
            timer("llmio.first.token", "time to the first byte of the answer", "model", model, "provider", provider)
                    .record(Duration.ofMillis(log.firstTokenMs));
        }
        if (Style.countsTokens(log.style)) {
            return; // a token count: its prompt tokens were counted, not spent (kept out of token and cost totals)
        }
        tokens(model, provider, "prompt", log.promptTokens);
        tokens(model, provider, "completion", log.completionTokens);
        tokens(model, provider, "cached", log.cachedTokens);
        if (log.cost != null && log.cost > 0) {
            counter("llmio.cost", "cost of attempts in price-table currency", "model", model, "provider", provider)
                    .increment(log.cost);
        }
        if (log.authKeyId != null) {
            String id = log.authKeyId.toString();
            String key = routes.current().key(log.authKeyId).map(AuthKey::keyPrefix).orElse("");
            counter("llmio.key.requests", "finished upstream attempts per API key", "key_id", id, "key", key,
                    "status", log.status.wire()).increment();
            if (log.totalTokens > 0) {
                counter("llmio.key.tokens", "tokens per API key", "key_id", id, "key", key).increment(log.totalTokens);
            }
            if (log.cost != null && log.cost > 0) {
                counter("llmio.key.cost", "cost per API key in price-table currency", "key_id", id, "key", key)
                        .increment(log.cost);
            }
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
        keyGauges(snapshot.keys().stream().filter(k -> k.limits().any()).toList());
        return registry.scrape();
    }

    private void keyGauges(List<AuthKey> keys) {
        List<MultiGauge.Row<?>> usage = new ArrayList<>();
        List<MultiGauge.Row<?>> limits = new ArrayList<>();
        List<Limiter.KeyState> states = keys.isEmpty() ? List.of()
                : limiter.keyStates(keys.stream().map(AuthKey::id).toList());
        for (int i = 0; i < keys.size(); i++) {
            AuthKey k = keys.get(i);
            KeyLimits l = k.limits();
            KeySpend s = states.get(i).spent();
            Tags tags = Tags.of("key_id", Long.toString(k.id()), "key", k.keyPrefix());
            double[][] windows = {{s.usd(), l.usd()}, {s.usdDay(), l.usdDaily()}, {s.usdMonth(), l.usdMonthly()},
                    {s.tokens(), l.tokens()}, {s.tokensDay(), l.tokensDaily()}, {s.tokensMonth(), l.tokensMonthly()},
                    {states.get(i).rpm(), l.rpm()}, {states.get(i).tpm(), l.tpm()}, {states.get(i).parallel(), l.maxParallel()}};
            String[] names = {"usd", "usd_daily", "usd_monthly", "tokens", "tokens_daily", "tokens_monthly", "rpm", "tpm",
                              "parallel"};
            for (int w = 0; w < names.length; w++) {
                usage.add(MultiGauge.Row.of(tags.and("window", names[w]), windows[w][0]));
                limits.add(MultiGauge.Row.of(tags.and("window", names[w]), windows[w][1]));
            }
        }
        keyUsage.register(usage, true);
        keyLimits.register(limits, true);
    }

    private void tokens(String model, String provider, String kind, long n) {
        if (n > 0) {
            counter("llmio.tokens", "tokens by kind", "model", model, "provider", provider, "kind", kind).increment(n);
        }
    }

    /*
     * Meters by name and tag values, registered on first use: Micrometer's builder + register
     * (tag sorting, SLO arrays, registry lookup) per attempt costs CPU (measured: docs/design-notes.md).
     */
    private Counter counter(String name, String description, String... tags) {
        return (Counter) meters.computeIfAbsent(key(name, tags),
                k -> Counter.builder(name).description(description).tags(tags).register(registry));
    }

    private Timer timer(String name, String description, String... tags) {
        return (Timer) meters.computeIfAbsent(key(name, tags), k -> Timer.builder(name).description(description)
                .serviceLevelObjectives(BUCKETS).tags(tags).register(registry));
    }

    private static List<String> key(String name, String[] tags) {
        String[] k = new String[tags.length + 1];
        k[0] = name;
        System.arraycopy(tags, 0, k, 1, tags.length);
        return Arrays.asList(k);
    }
}
