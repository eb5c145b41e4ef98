package io.llmio.tracing;

import java.net.URI;
import java.util.function.BiConsumer;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;

/**
 * The span of one proxied request ({@link Tracing#request}); {@link #NONE} when traces are off. Used by
 * the one thread that serves the request.
 */
public sealed interface RequestSpan permits RequestSpan.None, RequestSpan.Live {
    RequestSpan NONE = new None();

    /** The model the request resolved to, once known (gen_ai.request.model when the path did not name it). */
    void model(String model);

    /**
     * A CLIENT span for one upstream attempt.
     *
     * @param provider gen_ai.provider.name of the upstream type ({@code openai}, {@code anthropic}, {@code gcp.gemini}, …)
     */
    AttemptSpan attempt(String provider, String providerName, String upstreamModel, String baseUrl, int attempt);

    /** Ends the span with the status the caller got; {@code error} null on success. */
    void end(int status, String error);

    /** The no-op span: nothing recorded, nothing allocated. */
    final class None implements RequestSpan {
        private None() {
        }

        @Override
        public void model(String model) {
        }

        @Override
        public AttemptSpan attempt(String provider, String providerName, String upstreamModel, String baseUrl,
                                   int attempt) {
            return AttemptSpan.NONE;
        }

        @Override
        public void end(int status, String error) {
        }
    }

    /** A recording span. */
    final class Live implements RequestSpan {
        private final Tracer tracer;
        private final Span span;
        private final String operation;

        Live(Tracer tracer, Span span, String operation) {
            this.tracer = tracer;
            this.span = span;
            this.operation = operation;
        }

        @Override
        public void model(String model) {
            span.setAttribute(Tracing.REQUEST_MODEL, model);
            span.updateName(operation + " " + model);
        }

        @Override
        public AttemptSpan attempt(String provider, String providerName, String upstreamModel, String baseUrl,
                                   int attempt) {
            URI uri = URI.create(baseUrl);
            int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
            Span child = tracer.spanBuilder(operation + " " + upstreamModel)
                    .setParent(Context.root().with(span))
                    .setSpanKind(SpanKind.CLIENT)
                    .setAttribute(Tracing.OPERATION, operation)
                    .setAttribute(Tracing.PROVIDER, provider)
                    .setAttribute(Tracing.REQUEST_MODEL, upstreamModel)
                    .setAttribute(Tracing.LLMIO_PROVIDER, providerName)
                    .setAttribute(Tracing.LLMIO_ATTEMPT, (long) attempt)
                    .setAttribute(Tracing.SERVER_ADDRESS, uri.getHost())
                    .setAttribute(Tracing.SERVER_PORT, (long) port)
                    .startSpan();
            return new AttemptSpan.Live(this, child, provider);
        }

        /** What the attempt that answered says about the whole request. */
        void answered(String provider, String responseModel, long input, long output) {
            span.setAttribute(Tracing.PROVIDER, provider);
            span.setAttribute(Tracing.RESPONSE_MODEL, responseModel);
            span.setAttribute(Tracing.INPUT_TOKENS, input);
            span.setAttribute(Tracing.OUTPUT_TOKENS, output);
        }

        @Override
        public void end(int status, String error) {
            Tracing.end(span, status, error);
        }

        static void inject(Span span, BiConsumer<String, String> header) {
            W3CTraceContextPropagator.getInstance().inject(Context.root().with(span), header,
                                                           (carrier, key, value) -> carrier.accept(key, value));
        }
    }
}
