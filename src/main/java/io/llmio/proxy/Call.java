package io.llmio.proxy;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.Headers;
import io.llmio.auth.Caller;
import io.llmio.registry.Redactor;
import io.llmio.registry.RegistrySnapshot;
import io.llmio.registry.Route;
import io.llmio.proxy.protocol.UsageTap;
import io.llmio.proxy.translate.Reply;
import io.llmio.proxy.translate.TranslatedCall;
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
 * @param translations the body translated for the cross-type routes ({@link Translations#NONE} if none)
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
            RequestSpan span,
            Translations translations) {

    /** Whether the route's provider type serves this style itself: passthrough, byte for byte. */
    boolean passthrough(Route route) {
        return style.servedBy().contains(route.provider().type());
    }

    /** The translated call for a cross-type route (SPEC §11); null for a passthrough route. */
    TranslatedCall translation(Route route) {
        return passthrough(route) ? null : translations.of(route);
    }

    /** A fresh usage tap for the route's answer: the upstream protocol's, read on the upstream's bytes. */
    UsageTap usageTap(Route route) {
        Style upstream = upstreamStyle(route);
        return Codecs.of(upstream.family()).usageTap(upstream);
    }

    /** What a translated answer says about the caller: its public model name and {@code created}. */
    Reply reply() {
        return new Reply(model.model().name(), startedAt.getEpochSecond());
    }

    /** The protocol spoken to the route's upstream. */
    Style upstreamStyle(Route route) {
        return passthrough(route) ? style : Translations.upstreamStyle(style, route.provider().type());
    }

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
