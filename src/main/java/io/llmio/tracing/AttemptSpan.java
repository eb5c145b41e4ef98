package io.llmio.tracing;

import java.util.function.BiConsumer;

import io.opentelemetry.api.trace.Span;

/** The span of one upstream attempt ({@link RequestSpan#attempt}); {@link #NONE} when traces are off. */
public sealed interface AttemptSpan permits AttemptSpan.None, AttemptSpan.Live {
    AttemptSpan NONE = new None();

    /** Adds this attempt's W3C {@code traceparent} (and {@code tracestate}) to the upstream request's headers. */
    void inject(BiConsumer<String, String> header);

    /**
     * Ends the attempt.
     *
     * @param status        the upstream's HTTP status, null when none came
     * @param error         what went wrong, null on success (redacted text: it is exported)
     * @param responseModel the model that answered (gen_ai.response.model)
     */
    void end(Integer status, String error, String responseModel, long inputTokens, long outputTokens);

    /** Nothing recorded. */
    final class None implements AttemptSpan {
        private None() {
        }

        @Override
        public void inject(BiConsumer<String, String> header) {
        }

        @Override
        public void end(Integer status, String error, String responseModel, long inputTokens, long outputTokens) {
        }
    }

    /** A recording span. */
    final class Live implements AttemptSpan {
        private final RequestSpan.Live request;
        private final Span span;
        private final String provider;

        Live(RequestSpan.Live request, Span span, String provider) {
            this.request = request;
            this.span = span;
            this.provider = provider;
        }

        @Override
        public void inject(BiConsumer<String, String> header) {
            RequestSpan.Live.inject(span, header);
        }

        @Override
        public void end(Integer status, String error, String responseModel, long inputTokens, long outputTokens) {
            if (error == null) {
                span.setAttribute(Tracing.RESPONSE_MODEL, responseModel);
                span.setAttribute(Tracing.INPUT_TOKENS, inputTokens);
                span.setAttribute(Tracing.OUTPUT_TOKENS, outputTokens);
                request.answered(provider, responseModel, inputTokens, outputTokens);
            }
            Tracing.end(span, status, error);
        }
    }
}
