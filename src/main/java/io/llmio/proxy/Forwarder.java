package io.llmio.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import io.llmio.config.RelayLimits;
import io.llmio.requestlog.AttemptLog;
import io.llmio.requestlog.AttemptStatus;
import io.llmio.requestlog.LogSink;
import io.llmio.routing.AttemptResult;
import io.llmio.registry.Route;
import io.llmio.tracing.AttemptSpan;
import io.llmio.upstream.Cancellation;
import io.llmio.upstream.UpstreamClient;
import io.llmio.upstream.UpstreamException;
import io.llmio.upstream.UpstreamResponse;
import io.llmio.proxy.protocol.UsageTap;
import io.llmio.proxy.protocol.BodyFields;
import io.llmio.errors.GatewayError;
import io.llmio.proxy.translate.TranslatedCall;
import io.llmio.proxy.translate.Translator;

/**
 * Runs one attempt: sends the request to one route and, if the answer is good, relays it to the
 * client (SSE event by event, flushed per event; other bodies whole up to the response buffer,
 * larger ones as they arrive). Until the first byte reaches the client a failure is returned as
 * {@link AttemptResult.Failed} so another route can be tried; after that the stream is ended with
 * the protocol's error event (a plain body is cut off, so the client sees it incomplete).
 */
final class Forwarder {
    private static final int MAX_ERROR_BODY = 64 * 1024;
    /** the piece a large answer is relayed in */
    private static final int RELAY_PIECE = 64 * 1024;
    static final int MAX_LOGGED = 4 * 1024 * 1024;
    /** the largest non-stream answer of another protocol held whole to be translated (as large as a request may be) */
    static final int MAX_TRANSLATED = 32 * 1024 * 1024;
    private static final String TOO_LARGE_TO_TRANSLATE = " is too large to translate (the most is " + MAX_TRANSLATED + " bytes)";

    private final UpstreamClient upstream;
    private final UpstreamRequests requests;
    private final AttemptRecorder recorder;
    private final StreamRelay streams;
    private final InFlight inFlight;
    private final RelayLimits limits;

    Forwarder(UpstreamClient upstream, UpstreamRequests requests, LogSink logs, InFlight inFlight, RelayLimits limits) {
        this.upstream = upstream;
        this.requests = requests;
        this.recorder = new AttemptRecorder(logs);
        this.inFlight = inFlight;
        this.streams = new StreamRelay(recorder, inFlight);
        this.limits = limits;
    }

    AttemptResult attempt(Call call, Route route, int attempt, ServerResponse res) {
        if (inFlight.stopping()) {
            // shutdown ended the relays: no new upstream call, no new row
            return new AttemptResult.Failed(503, false, null, io.llmio.requestlog.LogQueue.SHUTTING_DOWN);
        }
        AttemptLog log = recorder.newLog(call, route, attempt);
        boolean ioLog = call.model().model().ioLog();
        if (ioLog) {
            log.requestBody = call.body();
        }
        recorder.started(log);
        AttemptSpan span = call.span().attempt(providerName(route.provider().type()), route.provider().name(),
                                               route.association().providerModel(), route.provider().baseUrl(), attempt);
        try {
            return exchange(call, route, res, log, ioLog, span);
        } catch (RuntimeException | Error e) {
            // whatever broke, the row does not stay `running`
            if (log.status == AttemptStatus.RUNNING) {
                recorder.finish(log, call, AttemptStatus.ERROR, "gateway failure: " + reason(e), null);
            }
            throw e;
        } finally {
            span.end(log.httpStatus, log.status == AttemptStatus.SUCCESS ? null : log.error == null ? "failed" : log.error,
                     log.providerModel, log.promptTokens, log.completionTokens);
        }
    }

    /** gen_ai.provider.name of an upstream type (OpenTelemetry GenAI semantic conventions). */
    private static String providerName(io.llmio.registry.ProviderType type) {
        return switch (type) {
            case OPENAI, OPENAI_RESPONSES -> "openai";
            case ANTHROPIC -> "anthropic";
            case GEMINI -> "gcp.gemini";
            case AZURE -> "azure.ai.openai";
        };
    }

    private AttemptResult exchange(Call call, Route route, ServerResponse res, AttemptLog log, boolean ioLog,
                                   AttemptSpan span) {
        UpstreamClient.Request request = requests.build(call, route, span);
        log.proxyMs = call.elapsedMs();
        Cancellation cancel = new Cancellation();
        call.client().awaiting(cancel);
        try {
            UpstreamResponse response;
            try {
                response = upstream.send(request, cancel);
            } catch (UpstreamException e) {
                // labelled by what failed: connect, proxy, TLS, write, read timeout, reset, overload
                return recorder.failed(log, call, 0, e.timeout(), null, e.getMessage(),
                                       e.kind() == UpstreamException.Kind.OVERLOADED);
            } catch (RuntimeException e) {
                return recorder.failed(log, call, 0, isTimeout(e), null, "upstream failed before answering: " + reason(e));
            }
            try (response; InFlight.Tracked tracked = inFlight.track(response)) {
                int status = response.status();
                TranslatedCall translated = call.translation(route);
                if (status < 200 || status >= 300) {
                    return upstreamError(call, route, res, log, response, status, translated);
                }
                if (response.contentEncoding() != null && (response.mediaType().equals("text/event-stream")
                        || call.jsonArrayStream())) {
                    // a coding the gateway cannot undo (br): relayed as it comes, with its Content-Encoding
                    return streams.relayChunks(call, route, res, log, response, ioLog);
                }
                if (response.mediaType().equals("text/event-stream")) {
                    return streams.relaySse(call, route, res, log, response, ioLog, translated);
                }
                if (translated != null) {
                    return relayTranslated(call, route, res, log, response, ioLog, translated);
                }
                if (call.jsonArrayStream()) {
                    return streams.relayChunks(call, route, res, log, response, ioLog);
                }
                return relayBody(call, route, res, log, response, ioLog);
            }
        } finally {
            call.client().answered();
        }
    }

    private AttemptResult upstreamError(Call call, Route route, ServerResponse res, AttemptLog log,
                                        UpstreamResponse response, int status, TranslatedCall translated) {
        byte[] body;
        try {
            body = response.inputStream().readNBytes(MAX_ERROR_BODY);
        } catch (IOException | RuntimeException e) {
            body = new byte[0];
        }
        body = call.redactor().redact(body); // relayed or quoted below: no known secret may leave
        String snippet = snippet(body);
        boolean retryable = UpstreamErrors.transientFailure(status);
        String providerProblem = retryable ? null
                : UpstreamErrors.providerProblem(status, body, route.association().providerModel());
        if (retryable || providerProblem != null) {
            Duration retryAfter = retryable ? RetryAfter.parse(response.header("Retry-After"), Instant.now()) : null;
            return recorder.failed(log, call, status, false, retryAfter, "upstream " + status
                    + (providerProblem == null ? "" : " (" + providerProblem + ")") + ": " + snippet);
        }
        if (call.client().gone()) {
            return recorder.clientGone(log, call, null);
        }
        // other 4xx: the caller's own mistake, answered as the upstream put it (same protocol);
        // a body that is not JSON (an HTML error page of a proxy or a wrong base_url) is wrapped
        // in the caller's envelope so its SDK still raises its normal error
        call.client().answered();
        call.client().beforeAnswer(res);
        res.status(Status.create(status));
        if (translated != null) {
            // the caller's envelope and status for the upstream's error (its SDK raises its own class)
            Translator.ErrorReply reply = translated.error(status, body);
            res.status(Status.create(reply.status()));
            copyHeaders(response, res);
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            body = reply.body();
        } else if (response.mediaType().contains("json")) {
            copyHeaders(response, res);
        } else {
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            body = call.codec().error(status, call.withTrace("Upstream answered " + status + ": " + snippet), null);
        }
        log.httpStatus = status;
        if (!send(call, res, body)) {
            return recorder.clientGone(log, call, null);
        }
        log.responseBytes = body.length;
        recorder.finish(log, call, AttemptStatus.ERROR, "upstream " + status + ": " + snippet, null);
        return new AttemptResult.Answered(false);
    }

    /**
     * A non-stream answer: held whole up to the response buffer (error_matcher on all of it,
     * failover, usage, io_log as before); a larger one is checked on its first buffer-full, then
     * relayed as it arrives with its usage picked from it on the way ({@link BodyFields}).
     */
    private AttemptResult relayBody(Call call, Route route, ServerResponse res, AttemptLog log,
                                    UpstreamResponse response, boolean ioLog) {
        long declared = response.declaredLength();
        if (declared > limits.responseMaxBytes()) {
            return tooLarge(call, res, log, response, "upstream answer of " + declared + " bytes is larger than "
                    + limits.responseMaxBytes() + " bytes (LLMIO_RESPONSE_MAX_MB)");
        }
        InputStream in = response.inputStream();
        byte[] head;
        boolean complete;
        try {
            if (declared >= 0 && declared <= limits.responseBufferBytes()) {
                head = response.readBody(limits.responseBufferBytes());
                complete = true;
            } else {
                head = readUpTo(in, limits.responseBufferBytes());
                complete = head.length < limits.responseBufferBytes();
            }
        } catch (IOException | RuntimeException e) {
            return recorder.failed(log, call, response.status(), isTimeout(e), null, "reading body failed: " + reason(e));
        }
        String matched = ErrorMatcher.match(route.provider().errorMatcher(), head);
        if (matched != null) {
            return recorder.failed(log, call, response.status(), false, null,
                                   "body matched error_matcher `" + matched + "`: " + snippet(head));
        }
        if (call.client().gone()) {
            return recorder.clientGone(log, call, null);
        }
        UsageTap tap = call.usageTap(route);
        if (ioLog) {
            log.responseBody = cap(head);
        }
        answerAs(call, response, res, log);
        if (complete) {
            if (!send(call, res, head)) {
                return recorder.clientGone(log, call, null);
            }
            log.firstTokenMs = call.elapsedMs();
            log.responseBytes = head.length;
            tap.body(head);
            recorder.finish(log, call, AttemptStatus.SUCCESS, null, tap.usage());
            return new AttemptResult.Answered(true);
        }
        return relayRest(call, res, log, in, head, declared, tap);
    }

    /**
     * A 2xx non-stream answer of another protocol: read whole (up to {@link #MAX_TRANSLATED}),
     * translated into the caller's protocol, usage read by the upstream protocol's tap on the
     * upstream's bytes. An answer that cannot be read or translated fails the attempt (nothing was
     * sent yet, so another route may answer).
     */
    private AttemptResult relayTranslated(Call call, Route route, ServerResponse res, AttemptLog log,
                                          UpstreamResponse response, boolean ioLog, TranslatedCall translated) {
        long declared = response.declaredLength();
        if (declared > MAX_TRANSLATED) {
            return tooLarge(call, res, log, response, "upstream answer of " + declared + " bytes" + TOO_LARGE_TO_TRANSLATE);
        }
        byte[] body;
        try {
            body = readUpTo(response.inputStream(), MAX_TRANSLATED + 1);
        } catch (IOException | RuntimeException e) {
            return recorder.failed(log, call, response.status(), isTimeout(e), null, "reading body failed: " + reason(e));
        }
        if (body.length > MAX_TRANSLATED) {
            return tooLarge(call, res, log, response, "upstream answer of more than " + MAX_TRANSLATED + " bytes"
                    + TOO_LARGE_TO_TRANSLATE);
        }
        String matched = ErrorMatcher.match(route.provider().errorMatcher(), body);
        if (matched != null) {
            return recorder.failed(log, call, response.status(), false, null,
                                   "body matched error_matcher `" + matched + "`: " + snippet(body));
        }
        byte[] answer;
        try {
            answer = translated.response(body, call.reply());
        } catch (GatewayError e) {
            return recorder.failed(log, call, response.status(), false, null, e.getMessage() + ": " + snippet(body));
        }
        if (call.client().gone()) {
            return recorder.clientGone(log, call, null);
        }
        UsageTap tap = call.usageTap(route);
        tap.body(body);
        if (ioLog) {
            log.responseBody = cap(answer);
        }
        answerAs(call, response, res, log);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        if (!send(call, res, answer)) {
            return recorder.clientGone(log, call, null);
        }
        log.firstTokenMs = call.elapsedMs();
        log.responseBytes = answer.length;
        recorder.finish(log, call, AttemptStatus.SUCCESS, null, tap.usage());
        return new AttemptResult.Answered(true);
    }

    /** Relays the rest of a large answer after its first {@code head} bytes, piece by piece. */
    private AttemptResult relayRest(Call call, ServerResponse res, AttemptLog log, InputStream in, byte[] head,
                                    long declared, UsageTap tap) {
        ClientLink client = call.client();
        if (declared >= 0) {
            // the client gets the upstream's length, so a body cut short is an error to it
            res.header(HeaderNames.CONTENT_LENGTH, Long.toString(declared));
        }
        BodyFields fields = new BodyFields(tap.usageFields());
        fields.feed(head, 0, head.length);
        OutputStream out;
        try {
            out = client.guard(res.outputStream());
            out.write(head);
        } catch (IOException | RuntimeException e) {
            return recorder.clientGone(log, call, null);
        }
        log.firstTokenMs = call.elapsedMs();
        long total = head.length;
        byte[] buf = new byte[RELAY_PIECE];
        while (true) {
            log.responseBytes = total;
            int n;
            try {
                n = in.read(buf);
            } catch (IOException | RuntimeException e) {
                client.abort();
                recorder.finish(log, call, AttemptStatus.ERROR, "upstream body broke after " + total + " bytes: " + reason(e), null);
                return new AttemptResult.Answered(false);
            }
            if (n < 0) {
                break;
            }
            total += n;
            if (total > limits.responseMaxBytes()) {
                client.abort();
                recorder.finish(log, call, AttemptStatus.ERROR, "upstream answer larger than " + limits.responseMaxBytes()
                        + " bytes (LLMIO_RESPONSE_MAX_MB): cut off", null);
                return new AttemptResult.Answered(false);
            }
            fields.feed(buf, 0, n);
            try {
                out.write(buf, 0, n);
            } catch (IOException | RuntimeException e) {
                return recorder.clientGone(log, call, null);
            }
        }
        try {
            out.close();
        } catch (IOException | RuntimeException e) {
            return recorder.clientGone(log, call, null);
        }
        log.responseBytes = total;
        tap.fields(fields.fields());
        recorder.finish(log, call, AttemptStatus.SUCCESS, null, tap.usage());
        return new AttemptResult.Answered(true);
    }

    /** Nothing was sent yet: a clear 502 in the caller's protocol (another provider would answer as large). */
    private AttemptResult tooLarge(Call call, ServerResponse res, AttemptLog log, UpstreamResponse response, String error) {
        log.httpStatus = response.status();
        call.client().answered();
        call.client().beforeAnswer(res);
        res.status(Status.BAD_GATEWAY_502);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        if (!send(call, res, call.codec().error(502, call.withTrace(error), null))) {
            return recorder.clientGone(log, call, null);
        }
        recorder.finish(log, call, AttemptStatus.ERROR, error, null);
        return new AttemptResult.Answered(false);
    }

    /** Up to {@code max} bytes, fewer only if the body ends before. */
    private static byte[] readUpTo(InputStream in, int max) throws IOException {
        byte[] b = new byte[Math.min(max, 8 * 1024)];
        int len = 0;
        while (len < max) {
            if (len == b.length) {
                b = Arrays.copyOf(b, (int) Math.min(max, (long) b.length * 2));
            }
            int n = in.read(b, len, b.length - len);
            if (n < 0) {
                break;
            }
            len += n;
        }
        return len == b.length ? b : Arrays.copyOf(b, len);
    }

    /** Sends a whole body under the client write timeout; false when the client is gone. */
    static boolean send(Call call, ServerResponse res, byte[] body) {
        ClientLink client = call.client();
        client.begin();
        try {
            res.send(body);
            return true;
        } catch (RuntimeException e) {
            return false;
        } finally {
            client.end();
        }
    }

    /**
     * The client's answer takes the upstream's status and its allowed headers
     * ({@link ResponseHeaders}); the log its status. The wait for the upstream is over.
     */
    static void answerAs(Call call, UpstreamResponse from, ServerResponse to, AttemptLog log) {
        call.client().answered();
        call.client().beforeAnswer(to);
        log.httpStatus = from.status();
        to.status(Status.create(from.status()));
        copyHeaders(from, to);
    }

    private static void copyHeaders(UpstreamResponse from, ServerResponse to) {
        from.forEachHeader((name, value) -> {
            if (ResponseHeaders.relayed(name)) {
                to.headers().add(HeaderNames.create(name), value);
            }
        });
        if (from.contentEncoding() != null) {
            // what the body still is after the gateway decoded what it could (gzip, deflate)
            to.headers().set(HeaderNames.CONTENT_ENCODING, from.contentEncoding());
        }
    }

    static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return true;
            }
            String m = t.getMessage();
            if (m != null && m.toLowerCase().contains("timed out")) {
                return true;
            }
        }
        return false;
    }

    static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return root.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    static String snippet(byte[] body) {
        String s = new String(body, 0, Math.min(body.length, 500), StandardCharsets.UTF_8).replaceAll("\\s+", " ").trim();
        return s.isEmpty() ? "(empty body)" : s;
    }

    static byte[] cap(byte[] body) {
        return body.length <= MAX_LOGGED ? body : java.util.Arrays.copyOf(body, MAX_LOGGED);
    }
}
