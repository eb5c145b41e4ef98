package io.llmio.tracing;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Logger;

import io.llmio.errors.StartupException;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;

/**
 * OpenTelemetry traces of proxied requests (README "Traces"): one SERVER span per request, one CLIENT
 * span per upstream attempt, with the GenAI semantic conventions; the caller's W3C {@code traceparent}
 * is the parent, and each attempt's context is sent upstream. On when the standard
 * {@code OTEL_EXPORTER_OTLP_ENDPOINT} (or {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}) is set, exported
 * by OTLP over HTTP/protobuf with the SDK's batch processor (off the request's thread); every other
 * {@code OTEL_*} variable works as the SDK documents. Unset: {@link #OFF}, whose spans are shared
 * no-op objects (no allocation, no clock read).
 */
public final class Tracing implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Tracing.class.getName());
    /** no exporter configured: nothing is recorded */
    public static final Tracing OFF = new Tracing(null, null);

    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
    static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
    static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
    static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    static final AttributeKey<String> PATH = AttributeKey.stringKey("url.path");
    static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    static final AttributeKey<String> LLMIO_TRACE_ID = AttributeKey.stringKey("llmio.trace_id");
    static final AttributeKey<String> LLMIO_MODEL = AttributeKey.stringKey("llmio.model");
    static final AttributeKey<String> LLMIO_PROVIDER = AttributeKey.stringKey("llmio.provider");
    static final AttributeKey<Long> LLMIO_ATTEMPT = AttributeKey.longKey("llmio.attempt");
    static final AttributeKey<String> LLMIO_STYLE = AttributeKey.stringKey("llmio.style");

    private static final TextMapGetter<Function<String, String>> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Function<String, String> carrier) {
            return java.util.List.of("traceparent", "tracestate");
        }

        @Override
        public String get(Function<String, String> carrier, String key) {
            return carrier == null ? null : carrier.apply(key);
        }
    };

    private final OpenTelemetrySdk sdk;
    private final Tracer tracer;

    private Tracing(OpenTelemetrySdk sdk, Tracer tracer) {
        this.sdk = sdk;
        this.tracer = tracer;
    }

    /**
     * From the {@code OTEL_*} entries of {@code env} (the process environment in production): {@link #OFF}
     * unless an OTLP endpoint is set (or {@code OTEL_SDK_DISABLED=true}). Only traces are exported; the
     * protocol is {@code http/protobuf} (the SDK's gRPC sender is not shipped: asking for it fails at start).
     */
    public static Tracing fromEnv(Map<String, String> env) {
        boolean endpoint = present(env, "OTEL_EXPORTER_OTLP_ENDPOINT") || present(env, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
        if (!endpoint || "true".equalsIgnoreCase(env.getOrDefault("OTEL_SDK_DISABLED", "").trim())) {
            return OFF;
        }
        for (String key : new String[] {"OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"}) {
            String p = env.get(key);
            if (p != null && !p.isBlank() && !p.trim().equals("http/protobuf")) {
                throw new StartupException(key + "=" + p.trim() + " is not supported: llmio exports traces by OTLP over "
                                                   + "HTTP/protobuf only. Unset it or set it to http/protobuf.");
            }
        }
        Map<String, String> props = new HashMap<>();
        // defaults first: traces only, by OTLP over HTTP/protobuf, service "llmio"
        props.put("otel.traces.exporter", "otlp");
        props.put("otel.metrics.exporter", "none");
        props.put("otel.logs.exporter", "none");
        props.put("otel.exporter.otlp.protocol", "http/protobuf");
        props.put("otel.service.name", "llmio");
        props.put("otel.propagators", "tracecontext");
        // then what the environment (the map given) says, as the SDK's own property names
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (e.getKey().startsWith("OTEL_") && e.getValue() != null && !e.getValue().isBlank()) {
                props.put(e.getKey().toLowerCase(Locale.ROOT).replace('_', '.'), e.getValue().trim());
            }
        }
        OpenTelemetrySdk sdk;
        try {
            sdk = AutoConfiguredOpenTelemetrySdk.builder()
                    .disableShutdownHook()
                    .addPropertiesSupplier(() -> props)
                    .build().getOpenTelemetrySdk();
        } catch (RuntimeException e) {
            throw new StartupException("OpenTelemetry settings are invalid: " + e.getMessage(), e);
        }
        LOG.info("Traces: exported by OTLP (HTTP/protobuf) to " + props.getOrDefault("otel.exporter.otlp.traces.endpoint",
                                                                                    props.get("otel.exporter.otlp.endpoint")));
        return new Tracing(sdk, sdk.getTracer("io.llmio"));
    }

    private static boolean present(Map<String, String> env, String key) {
        String v = env.get(key);
        return v != null && !v.isBlank();
    }

    public boolean enabled() {
        return tracer != null;
    }

    /**
     * The SERVER span of one proxied request, child of the caller's {@code traceparent} when it sent one.
     *
     * @param headers     the caller's header by name (case-insensitive lookup)
     * @param operation   {@code chat}, {@code embeddings}, … (gen_ai.operation.name)
     * @param model       the model the caller asked for (gen_ai.request.model)
     */
    public RequestSpan request(Function<String, String> headers, String method, String path, String operation,
                               String model, String style, String llmioTraceId) {
        if (tracer == null) {
            return RequestSpan.NONE;
        }
        Context parent = W3CTraceContextPropagator.getInstance().extract(Context.root(), headers, GETTER);
        Span span = tracer.spanBuilder(model == null ? operation : operation + " " + model)
                .setParent(parent)
                .setSpanKind(SpanKind.SERVER)
                .setAttribute(OPERATION, operation)
                .setAttribute(METHOD, method)
                .setAttribute(PATH, path)
                .setAttribute(LLMIO_STYLE, style)
                .setAttribute(LLMIO_TRACE_ID, llmioTraceId)
                .startSpan();
        if (model != null) {
            span.setAttribute(REQUEST_MODEL, model);
        }
        return new RequestSpan.Live(tracer, span, operation);
    }

    /** Exports what is still buffered (bounded), then stops the exporter. */
    @Override
    public void close() {
        if (sdk != null) {
            sdk.shutdown().join(5, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    static void end(Span span, Integer status, String error) {
        if (status != null) {
            span.setAttribute(STATUS, status.longValue());
        }
        if (error != null) {
            span.setAttribute(ERROR_TYPE, status != null && status >= 400 ? String.valueOf(status) : "llmio.error");
            span.setStatus(StatusCode.ERROR, error.length() > 300 ? error.substring(0, 300) : error);
        }
        span.end();
    }
}
