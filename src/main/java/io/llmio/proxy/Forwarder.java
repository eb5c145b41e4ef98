package io.llmio.proxy;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import io.llmio.observe.AttemptLog;
import io.llmio.observe.LogSink;
import io.llmio.routing.AttemptResult;
import io.llmio.routing.Route;
import io.llmio.upstream.UpstreamClient;
import io.llmio.upstream.UpstreamResponse;

/**
 * Runs one attempt: sends the request to one route and, if the answer is good, relays it to the
 * client (SSE event by event, flushed per event; other bodies whole). Until the first byte reaches
 * the client a failure is returned as {@link AttemptResult.Failed} so another route can be tried;
 * after that the stream is ended with the protocol's error event.
 */
final class Forwarder {
    private static final int MAX_ERROR_BODY = 64 * 1024;
    static final int MAX_BODY = 256 * 1024 * 1024;
    static final int MAX_LOGGED = 4 * 1024 * 1024;

    private final UpstreamClient upstream;
    private final UpstreamRequests requests;
    private final AttemptRecorder recorder;
    private final StreamRelay streams;
    private final InFlight inFlight;

    Forwarder(UpstreamClient upstream, UpstreamRequests requests, LogSink logs, InFlight inFlight) {
        this.upstream = upstream;
        this.requests = requests;
        this.recorder = new AttemptRecorder(logs);
        this.inFlight = inFlight;
        this.streams = new StreamRelay(recorder, inFlight);
    }

    AttemptResult attempt(Call call, Route route, int attempt, ServerResponse res) {
        if (inFlight.stopping()) {
            // shutdown ended the relays: no new upstream call, no new row
            return new AttemptResult.Failed(503, false, null, io.llmio.observe.LogQueue.SHUTTING_DOWN);
        }
        AttemptLog log = recorder.newLog(call, route, attempt);
        boolean ioLog = call.model().model().ioLog();
        if (ioLog) {
            log.requestBody = call.body();
        }
        recorder.started(log);
        UpstreamClient.Request request = requests.build(call, route);
        log.proxyMs = call.elapsedMs();
        UpstreamResponse response;
        try {
            response = upstream.send(request);
        } catch (RuntimeException e) {
            boolean timeout = isTimeout(e);
            String error = timeout ? "no response within " + request.timeout().toSeconds() + " s"
                    : (e instanceof UpstreamClient.ConnectFailedException ? "connect failed: "
                                                                            : "upstream failed before answering: ") + reason(e);
            return recorder.failed(log, call, 0, timeout, null, error);
        }
        try (response; InFlight.Tracked tracked = inFlight.track(response)) {
            int status = response.status();
            if (status < 200 || status >= 300) {
                return upstreamError(call, route, res, log, response, status);
            }
            if (response.mediaType().equals("text/event-stream")) {
                return streams.relaySse(call, route, res, log, response, ioLog);
            }
            if (call.jsonArrayStream()) {
                return streams.relayChunks(call, route, res, log, response, ioLog);
            }
            return relayWhole(call, route, res, log, response, ioLog);
        }
    }

    private AttemptResult upstreamError(Call call, Route route, ServerResponse res, AttemptLog log,
                                        UpstreamResponse response, int status) {
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
        // other 4xx: the caller's own mistake, answered as the upstream put it (same protocol);
        // a body that is not JSON (an HTML error page of a proxy or a wrong base_url) is wrapped
        // in the caller's envelope so its SDK still raises its normal error
        res.status(Status.create(status));
        if (response.mediaType().contains("json")) {
            copyHeaders(response, res);
        } else {
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            body = call.codec().error(status, call.withTrace("Upstream answered " + status + ": " + snippet), null);
        }
        log.httpStatus = status;
        try {
            res.send(body);
        } catch (RuntimeException e) {
            return recorder.clientGone(log, call, null);
        }
        log.responseBytes = body.length;
        recorder.finish(log, call, "error", "upstream " + status + ": " + snippet, null);
        return new AttemptResult.Answered(false);
    }

    private AttemptResult relayWhole(Call call, Route route, ServerResponse res, AttemptLog log,
                                     UpstreamResponse response, boolean ioLog) {
        byte[] body;
        try {
            body = response.readBody(MAX_BODY);
        } catch (IOException | RuntimeException e) {
            return recorder.failed(log, call, response.status(), isTimeout(e), null, "reading body failed: " + reason(e));
        }
        String matched = ErrorMatcher.match(route.provider().errorMatcher(), body);
        if (matched != null) {
            return recorder.failed(log, call, response.status(), false, null,
                          "body matched error_matcher `" + matched + "`: " + snippet(body));
        }
        answerAs(response, res, log);
        try {
            res.send(body);
        } catch (RuntimeException e) {
            return recorder.clientGone(log, call, null);
        }
        log.firstTokenMs = call.elapsedMs();
        log.responseBytes = body.length;
        UsageTap tap = call.codec().usageTap(call.style());
        tap.body(body);
        if (ioLog) {
            log.responseBody = cap(body);
        }
        recorder.finish(log, call, "success", null, tap.usage());
        return new AttemptResult.Answered(true);
    }

    /** The client's answer takes the upstream's status and its end-to-end headers; the log its status. */
    static void answerAs(UpstreamResponse from, ServerResponse to, AttemptLog log) {
        log.httpStatus = from.status();
        to.status(Status.create(from.status()));
        copyHeaders(from, to);
    }

    private static void copyHeaders(UpstreamResponse from, ServerResponse to) {
        from.forEachHeader((name, value) -> {
            if (!ResponseHeaders.skip(name)) {
                to.headers().add(HeaderNames.create(name), value);
            }
        });
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
