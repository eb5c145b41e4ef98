package io.llmio.proxy;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.Headers;
import io.llmio.auth.Caller;
import io.llmio.registry.Redactor;
import io.llmio.registry.RegistrySnapshot;
import io.llmio.proxy.protocol.Family;
import io.llmio.proxy.protocol.ProtocolCodec;
import io.llmio.proxy.protocol.Style;
import io.llmio.tracing.RequestSpan;

/**
 * One client request as it goes through its attempts.
 *
 * @param query        the client's raw query string without {@code key=} (may be empty)
 * @param geminiMethod {@code generateContent}, {@code streamGenerateContent}, … (Gemini only)
 * @param redactor     the known secrets, removed from upstream text before it reaches the caller or a row
 * @param client       the caller's connection (disconnects, write timeouts)
 * @param span         the request's trace span ({@link RequestSpan#NONE} when traces are off)
 */
record Call(Style style,
            ProtocolCodec codec,
            String traceId,
            long startNanos,
            Instant startedAt,
            Caller caller,
            String clientIp,
            String userAgent,
            RegistrySnapshot.ModelEntry model,
            byte[] body,
            JsonNode json,
            boolean stream,
            String geminiMethod,
            String query,
            Headers clientHeaders,
            Redactor redactor,
            ClientLink client,
            RequestSpan span) {

    long elapsedMs() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** A gateway error message carries the trace id. */
    String withTrace(String message) {
        return message + " (trace_id: " + traceId + ")";
    }

    /** Gemini streamGenerateContent without {@code alt=sse}: a JSON array streamed in pieces. */
    boolean jsonArrayStream() {
        return stream && style.family() == Family.GEMINI && !query.contains("alt=sse");
    }
}
