package io.llmio.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webserver.http.ServerResponse;
import io.llmio.observe.AttemptLog;
import io.llmio.observe.LogSink;
import io.llmio.proxy.sse.SseEvent;
import io.llmio.proxy.sse.SseReader;
import io.llmio.routing.AttemptResult;
import io.llmio.routing.Route;
import io.llmio.upstream.UpstreamClient;

/**
 * Runs one attempt: sends the request to one route and, if the answer is good, relays it to the
 * client (SSE event by event, flushed per event; other bodies whole). Until the first byte reaches
 * the client a failure is returned as {@link AttemptResult.Failed} so another route can be tried;
 * after that the stream is ended with the protocol's error event.
 */
final class Forwarder {
    private static final int MAX_ERROR_BODY = 64 * 1024;
    private static final int MAX_BODY = 256 * 1024 * 1024;
    private static final int MAX_LOGGED = 4 * 1024 * 1024;

    private final UpstreamClient upstream;
    private final UpstreamRequests requests;
    private final LogSink logs;

    Forwarder(UpstreamClient upstream, UpstreamRequests requests, LogSink logs) {
        this.upstream = upstream;
        this.requests = requests;
        this.logs = logs;
    }

    AttemptResult attempt(Call call, Route route, int attempt, ServerResponse res) {
        AttemptLog log = newLog(call, route, attempt);
        boolean ioLog = call.model().model().ioLog();
        if (ioLog) {
            log.requestBody = call.body();
        }
        logs.record(log);
        UpstreamClient.Request request = requests.build(call, route);
        log.proxyMs = call.elapsedMs();
        HttpClientResponse response;
        try {
            response = upstream.send(request);
        } catch (RuntimeException e) {
            boolean timeout = isTimeout(e);
            String error = timeout ? "no response within " + request.timeout().toSeconds() + " s"
                    : "connect failed: " + reason(e);
            return failed(log, call, 0, timeout, null, error);
        }
        try (response) {
            int status = response.status().code();
            if (status < 200 || status >= 300) {
                return upstreamError(call, route, res, log, response, status);
            }
            boolean sse = response.headers().contentType()
                    .map(ct -> ct.mediaType().text().equalsIgnoreCase("text/event-stream")).orElse(false);
            if (sse) {
                return relaySse(call, route, res, log, response, ioLog);
            }
            if (call.jsonArrayStream()) {
                return relayChunks(call, route, res, log, response, ioLog);
            }
            return relayWhole(call, route, res, log, response, ioLog);
        }
    }

    private AttemptResult upstreamError(Call call, Route route, ServerResponse res, AttemptLog log,
                                        HttpClientResponse response, int status) {
        byte[] body;
        try {
            body = response.inputStream().readNBytes(MAX_ERROR_BODY);
        } catch (IOException | RuntimeException e) {
            body = new byte[0];
        }
        String snippet = snippet(body);
        boolean retryable = status == 408 || status == 429 || status >= 500;
        if (retryable) {
            Duration retryAfter = RetryAfter.parse(response.headers().first(HeaderNames.RETRY_AFTER).orElse(null),
                                                   Instant.now());
            return failed(log, call, status, false, retryAfter, "upstream " + status + ": " + snippet);
        }
        // other 4xx: the caller's own mistake, answered as the upstream put it (same protocol)
        res.status(Status.create(status));
        copyHeaders(response, res);
        log.httpStatus = status;
        try {
            res.send(body);
            log.responseBytes = body.length;
            finish(log, call, "error", "upstream " + status + ": " + snippet, null);
        } catch (RuntimeException e) {
            finish(log, call, "error", "client disconnected", null);
        }
        return new AttemptResult.Answered(false);
    }

    private AttemptResult relayWhole(Call call, Route route, ServerResponse res, AttemptLog log,
                                     HttpClientResponse response, boolean ioLog) {
        byte[] body;
        try {
            body = response.inputStream().readNBytes(MAX_BODY);
        } catch (IOException | RuntimeException e) {
            return failed(log, call, response.status().code(), isTimeout(e), null, "reading body failed: " + reason(e));
        }
        String matched = ErrorMatcher.match(route.provider().errorMatcher(), body);
        if (matched != null) {
            return failed(log, call, response.status().code(), false, null,
                          "body matched error_matcher `" + matched + "`: " + snippet(body));
        }
        log.httpStatus = response.status().code();
        res.status(response.status());
        copyHeaders(response, res);
        try {
            res.send(body);
        } catch (RuntimeException e) {
            finish(log, call, "error", "client disconnected", null);
            return new AttemptResult.Answered(false);
        }
        log.firstTokenMs = call.elapsedMs();
        log.responseBytes = body.length;
        UsageTap tap = call.codec().usageTap(call.style());
        tap.body(body);
        if (ioLog) {
            log.responseBody = cap(body);
        }
        finish(log, call, "success", null, tap.usage());
        return new AttemptResult.Answered(true);
    }

    private AttemptResult relaySse(Call call, Route route, ServerResponse res, AttemptLog log,
                                   HttpClientResponse response, boolean ioLog) {
        InputStream in = response.inputStream();
        SseReader reader = new SseReader(in);
        UsageTap tap = call.codec().usageTap(call.style());
        SseEvent first;
        try {
            first = reader.next();
        } catch (IOException | RuntimeException e) {
            return failed(log, call, response.status().code(), isTimeout(e), null, "stream failed before first event: "
                    + reason(e));
        }
        if (first == null) {
            return failed(log, call, response.status().code(), false, null, "upstream closed the stream without data");
        }
        String matched = first.data() == null ? null
                : ErrorMatcher.match(route.provider().errorMatcher(), first.data().getBytes(StandardCharsets.UTF_8));
        if (matched != null) {
            return failed(log, call, response.status().code(), false, null,
                          "stream matched error_matcher `" + matched + "`: " + first.data());
        }
        log.httpStatus = response.status().code();
        res.status(response.status());
        copyHeaders(response, res);
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.header(HeaderNames.create("X-Accel-Buffering"), "no");
        List<String> events = ioLog ? new ArrayList<>() : null;
        long bytes = 0;
        OutputStream out;
        SseEvent event = first;
        try {
            out = res.outputStream();
        } catch (RuntimeException e) {
            finish(log, call, "error", "client disconnected", null);
            return new AttemptResult.Answered(false);
        }
        while (event != null) {
            try {
                out.write(event.raw());
                out.flush();
            } catch (IOException | RuntimeException e) {
                finish(log, call, "error", "client disconnected", tap.usage());
                return new AttemptResult.Answered(false);
            }
            if (log.firstTokenMs == null) {
                log.firstTokenMs = call.elapsedMs();
            }
            bytes += event.raw().length;
            log.responseBytes = bytes;
            tap.event(event);
            if (events != null && event.data() != null) {
                events.add(event.data());
            }
            try {
                event = reader.next();
            } catch (IOException | RuntimeException e) {
                String error = "stream broken: " + (isTimeout(e) ? "no data for " + call.model().model().timeoutSeconds()
                        + " s" : reason(e));
                endWithError(call, out, log, events, error);
                finish(log, call, "error", error, tap.usage());
                return new AttemptResult.Answered(false);
            }
        }
        try {
            out.close();
        } catch (IOException | RuntimeException e) {
            finish(log, call, "error", "client disconnected", tap.usage());
            return new AttemptResult.Answered(false);
        }
        log.responseEvents = events;
        finish(log, call, "success", null, tap.usage());
        return new AttemptResult.Answered(true);
    }

    /** Gemini streamGenerateContent without alt=sse: a JSON array, relayed piece by piece as it arrives. */
    private AttemptResult relayChunks(Call call, Route route, ServerResponse res, AttemptLog log,
                                      HttpClientResponse response, boolean ioLog) {
        InputStream in = response.inputStream();
        byte[] buf = new byte[16 * 1024];
        java.io.ByteArrayOutputStream whole = new java.io.ByteArrayOutputStream();
        int n;
        try {
            n = in.read(buf);
        } catch (IOException | RuntimeException e) {
            return failed(log, call, response.status().code(), isTimeout(e), null, "stream failed before first byte: "
                    + reason(e));
        }
        if (n < 0) {
            return failed(log, call, response.status().code(), false, null, "upstream closed the stream without data");
        }
        String matched = ErrorMatcher.match(route.provider().errorMatcher(), java.util.Arrays.copyOf(buf, n));
        if (matched != null) {
            return failed(log, call, response.status().code(), false, null, "stream matched error_matcher `" + matched + "`");
        }
        log.httpStatus = response.status().code();
        res.status(response.status());
        copyHeaders(response, res);
        OutputStream out;
        try {
            out = res.outputStream();
        } catch (RuntimeException e) {
            finish(log, call, "error", "client disconnected", null);
            return new AttemptResult.Answered(false);
        }
        UsageTap tap = call.codec().usageTap(call.style());
        while (n >= 0) {
            try {
                out.write(buf, 0, n);
                out.flush();
            } catch (IOException | RuntimeException e) {
                finish(log, call, "error", "client disconnected", null);
                return new AttemptResult.Answered(false);
            }
            if (log.firstTokenMs == null) {
                log.firstTokenMs = call.elapsedMs();
            }
            log.responseBytes += n;
            if (whole.size() < MAX_BODY / 16) {
                whole.write(buf, 0, n);
            }
            try {
                n = in.read(buf);
            } catch (IOException | RuntimeException e) {
                String error = "stream broken: " + reason(e);
                try {
                    out.write(((io.llmio.proxy.gemini.GeminiCodec) call.codec()).arrayStreamError(502,
                            call.withTrace("upstream stream broke")));
                    out.close();
                } catch (IOException | RuntimeException ignored) {
                    // the client is gone as well
                }
                tap.body(whole.toByteArray());
                finish(log, call, "error", error, tap.usage());
                return new AttemptResult.Answered(false);
            }
        }
        try {
            out.close();
        } catch (IOException | RuntimeException e) {
            finish(log, call, "error", "client disconnected", null);
            return new AttemptResult.Answered(false);
        }
        byte[] body = whole.toByteArray();
        tap.body(body);
        if (ioLog) {
            log.responseBody = cap(body);
        }
        finish(log, call, "success", null, tap.usage());
        return new AttemptResult.Answered(true);
    }

    private void endWithError(Call call, OutputStream out, AttemptLog log, List<String> events, String error) {
        byte[] frame = call.codec().streamError(call.style(), 502, call.withTrace("upstream " + error));
        try {
            out.write(frame);
            out.close();
        } catch (IOException | RuntimeException ignored) {
            // the client is gone as well
        }
        log.responseEvents = events;
    }

    private AttemptResult.Failed failed(AttemptLog log, Call call, int status, boolean timeout, Duration retryAfter,
                                        String error) {
        log.httpStatus = status == 0 ? null : status;
        finish(log, call, "error", error, null);
        return new AttemptResult.Failed(status, timeout, retryAfter, error);
    }

    private void finish(AttemptLog log, Call call, String status, String error, Usage usage) {
        log.status = status;
        log.error = error;
        log.totalMs = call.elapsedMs();
        if (usage != null) {
            log.promptTokens = usage.prompt();
            log.completionTokens = usage.completion();
            log.totalTokens = usage.total();
            log.cachedTokens = usage.cached();
            log.reasoningTokens = usage.reasoning();
            log.usageSource = "upstream";
            long genMs = log.totalMs - (log.firstTokenMs == null ? log.proxyMs : log.firstTokenMs);
            if (usage.completion() > 0) {
                log.tokensPerSecond = usage.completion() * 1000.0 / Math.max(1, genMs);
            }
        }
        log.hasBody = log.requestBody != null;
        logs.record(log);
    }

    private static AttemptLog newLog(Call call, Route route, int attempt) {
        AttemptLog log = new AttemptLog();
        log.traceId = call.traceId();
        log.createdAt = Instant.now();
        log.model = call.model().model().name();
        log.providerId = route.provider().id();
        log.providerName = route.provider().name();
        log.providerModel = route.association().providerModel();
        log.associationId = route.id();
        log.style = call.style().wire();
        log.stream = call.stream();
        log.authKeyId = call.caller().keyId();
        log.clientIp = call.clientIp();
        log.userAgent = call.userAgent();
        log.attempt = attempt;
        return log;
    }

    private static void copyHeaders(HttpClientResponse from, ServerResponse to) {
        for (Header h : from.headers()) {
            if (!ResponseHeaders.skip(h.name())) {
                to.header(h);
            }
        }
    }

    static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException || t instanceof java.net.http.HttpTimeoutException) {
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

    private static String snippet(byte[] body) {
        String s = new String(body, 0, Math.min(body.length, 500), StandardCharsets.UTF_8).replaceAll("\\s+", " ").trim();
        return s.isEmpty() ? "(empty body)" : s;
    }

    private static byte[] cap(byte[] body) {
        return body.length <= MAX_LOGGED ? body : java.util.Arrays.copyOf(body, MAX_LOGGED);
    }
}
