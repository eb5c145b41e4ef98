package io.llmio.mock;

import java.time.Duration;

/**
 * How the mock misbehaves for one request. Build with the static factories; queue with
 * {@code mock.script().next(...)}.
 */
public sealed interface Fault {

    /** Answer normally. */
    record None() implements Fault {
    }

    /** Status {@code code} with the protocol's error envelope; {@code retryAfter} header if non-null. */
    record Status(int code, String retryAfter, String message) implements Fault {
        /** Same fault with the envelope's message replaced. */
        public Status withMessage(String m) {
            return new Status(code, retryAfter, m);
        }
    }

    /** An HTML error page (nginx style) with this status, content type text/html. */
    record Html(int code) implements Fault {
    }

    /** Wait before sending the status line, then answer normally. */
    record DelayHeaders(Duration delay) implements Fault {
    }

    /** TCP reset before any byte of the response. */
    record ResetBeforeHeaders() implements Fault {
    }

    /** Orderly close (FIN) before any byte of the response. */
    record CloseBeforeHeaders() implements Fault {
    }

    /**
     * Stream {@code events} events, then drop the connection without ending the body. For a
     * non-stream answer: announce the full Content-Length, send half the body, close.
     */
    record DropAfter(int events) implements Fault {
    }

    /**
     * Stream {@code events} events, then the protocol's in-stream error event, then end the body.
     * For a non-stream answer: status 500 with the error envelope.
     */
    record ErrorEventAfter(int events) implements Fault {
    }

    /** Status 200 with exactly this body (for error_matcher tests). */
    record OkBody(String contentType, String body) implements Fault {
    }

    /** Exactly this status and body (an error envelope worded like one vendor case, e.g. a 404 for an unknown path). */
    record Raw(int code, String contentType, String body) implements Fault {
    }

    /** Answer normally, sleeping {@code perEvent} before each stream event (headers go at once). */
    record EventDelay(Duration perEvent) implements Fault {
    }

    static Fault none() {
        return new None();
    }

    static Status status(int code) {
        return new Status(code, null, null);
    }

    static Status status(int code, Duration retryAfter) {
        return new Status(code, Long.toString(retryAfter.toSeconds()), null);
    }

    /** 429 with {@code Retry-After: seconds}. */
    static Status rateLimited(int retryAfterSeconds) {
        return new Status(429, Integer.toString(retryAfterSeconds), null);
    }

    /** 529 overloaded (Anthropic's {@code overloaded_error}; other protocols get their 5xx envelope). */
    static Status overloaded() {
        return new Status(529, null, null);
    }

    static Html html(int code) {
        return new Html(code);
    }

    static DelayHeaders delayHeaders(Duration d) {
        return new DelayHeaders(d);
    }

    static ResetBeforeHeaders reset() {
        return new ResetBeforeHeaders();
    }

    static CloseBeforeHeaders closeBeforeHeaders() {
        return new CloseBeforeHeaders();
    }

    static DropAfter dropAfter(int events) {
        return new DropAfter(events);
    }

    static ErrorEventAfter errorEventAfter(int events) {
        return new ErrorEventAfter(events);
    }

    /** 200 application/json whose body contains {@code text}. */
    static OkBody okBodyContaining(String text) {
        String escaped = text.replace("\\", "\\\\").replace("\"", "\\\"");
        return new OkBody("application/json", "{\"error\":{\"message\":\"" + escaped + "\"}}");
    }

    /** {@code code} with this JSON body as it is. */
    static Raw json(int code, String body) {
        return new Raw(code, "application/json", body);
    }

    static OkBody okBody(String contentType, String body) {
        return new OkBody(contentType, body);
    }

    static EventDelay eventDelay(Duration perEvent) {
        return new EventDelay(perEvent);
    }
}
