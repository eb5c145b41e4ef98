package io.llmio.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;
import io.llmio.requestlog.AttemptLog;
import io.llmio.requestlog.AttemptStatus;
import io.llmio.requestlog.LogQueue;
import io.llmio.proxy.sse.SseEvent;
import io.llmio.proxy.sse.SseReader;
import io.llmio.routing.AttemptResult;
import io.llmio.registry.Route;
import io.llmio.upstream.UpstreamResponse;
import io.llmio.proxy.protocol.UsageTap;
import io.llmio.proxy.protocol.BodyFields;

/**
 * Relays a streamed answer: SSE event by event (each written and flushed on its own, usage read
 * from a tee), or a Gemini JSON-array stream piece by piece. The first event decides: an
 * error_matcher hit or a failure before it is still a {@link AttemptResult.Failed} (another
 * route may be tried); after it, a break ends the stream with the protocol's error event.
 */
final class StreamRelay {
    private final AttemptRecorder recorder;
    private final InFlight inFlight;

    StreamRelay(AttemptRecorder recorder, InFlight inFlight) {
        this.recorder = recorder;
        this.inFlight = inFlight;
    }

    AttemptResult relaySse(Call call, Route route, ServerResponse res, AttemptLog log,
                                   UpstreamResponse response, boolean ioLog) {
        InputStream in = response.inputStream();
        SseReader reader = new SseReader(in);
        UsageTap tap = call.codec().usageTap(call.style());
        SseEvent first;
        try {
            first = reader.next();
        } catch (IOException | RuntimeException e) {
            return recorder.failed(log, call, response.status(), Forwarder.isTimeout(e), null, "stream failed before first event: "
                    + Forwarder.reason(e));
        }
        if (first == null) {
            return recorder.failed(log, call, response.status(), false, null, "upstream closed the stream without data");
        }
        String matched = first.data() == null ? null
                : ErrorMatcher.match(route.provider().errorMatcher(), first.data().getBytes(StandardCharsets.UTF_8));
        if (matched != null) {
            return recorder.failed(log, call, response.status(), false, null,
                          "stream matched error_matcher `" + matched + "`: " + first.data());
        }
        Forwarder.answerAs(call, response, res, log);
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.header(HeaderNames.create("X-Accel-Buffering"), "no");
        List<String> events = ioLog ? recorder.eventLog() : null;
        long bytes = 0;
        OutputStream out;
        SseEvent event = first;
        try {
            out = call.client().guard(res.outputStream());
        } catch (RuntimeException e) {
            return recorder.clientGone(log, call, null);
        }
        while (event != null) {
            try {
                out.write(event.raw());
                out.flush();
            } catch (IOException | RuntimeException e) {
                return recorder.clientGone(log, call, tap.usage());
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
                String error = inFlight.stopping() ? LogQueue.SHUTTING_DOWN : "stream broken: "
                        + (Forwarder.isTimeout(e) ? "no data for " + call.model().model().timeoutSeconds() + " s"
                        : Forwarder.reason(e));
                endWithError(call, out, log, events, error);
                recorder.finish(log, call, AttemptStatus.ERROR, error, tap.usage());
                return new AttemptResult.Answered(false);
            }
        }
        try {
            out.close();
        } catch (IOException | RuntimeException e) {
            return recorder.clientGone(log, call, tap.usage());
        }
        log.responseEvents = events;
        recorder.finish(log, call, AttemptStatus.SUCCESS, null, tap.usage());
        return new AttemptResult.Answered(true);
    }

    /**
     * Gemini streamGenerateContent without alt=sse: a JSON array, relayed piece by piece as it
     * arrives; also a stream in a coding the gateway cannot undo (br), relayed as it comes.
     */
    AttemptResult relayChunks(Call call, Route route, ServerResponse res, AttemptLog log,
                                      UpstreamResponse response, boolean ioLog) {
        InputStream in = response.inputStream();
        byte[] buf = new byte[16 * 1024];
        // usage is picked from the array as it passes; only io_log keeps (the start of) the body
        ByteArrayOutputStream logged = ioLog ? new ByteArrayOutputStream() : null;
        int n;
        try {
            n = in.read(buf);
        } catch (IOException | RuntimeException e) {
            return recorder.failed(log, call, response.status(), Forwarder.isTimeout(e), null, "stream failed before first byte: "
                    + Forwarder.reason(e));
        }
        if (n < 0) {
            return recorder.failed(log, call, response.status(), false, null, "upstream closed the stream without data");
        }
        String matched = ErrorMatcher.match(route.provider().errorMatcher(), Arrays.copyOf(buf, n));
        if (matched != null) {
            return recorder.failed(log, call, response.status(), false, null, "stream matched error_matcher `" + matched + "`");
        }
        Forwarder.answerAs(call, response, res, log);
        OutputStream out;
        try {
            out = call.client().guard(res.outputStream());
        } catch (RuntimeException e) {
            return recorder.clientGone(log, call, null);
        }
        UsageTap tap = call.codec().usageTap(call.style());
        BodyFields fields = new BodyFields(tap.usageFields());
        while (n >= 0) {
            try {
                out.write(buf, 0, n);
                out.flush();
            } catch (IOException | RuntimeException e) {
                return recorder.clientGone(log, call, null);
            }
            if (log.firstTokenMs == null) {
                log.firstTokenMs = call.elapsedMs();
            }
            log.responseBytes += n;
            fields.feed(buf, 0, n);
            if (logged != null && logged.size() < Forwarder.MAX_LOGGED) {
                logged.write(buf, 0, Math.min(n, Forwarder.MAX_LOGGED - logged.size()));
            }
            try {
                n = in.read(buf);
            } catch (IOException | RuntimeException e) {
                boolean stopping = inFlight.stopping();
                String error = stopping ? LogQueue.SHUTTING_DOWN : "stream broken: " + Forwarder.reason(e);
                if (response.contentEncoding() != null) {
                    // an error frame would not decode inside the coding: the caller sees the body cut off
                    call.client().abort();
                } else {
                    try {
                        out.write(call.codec().arrayStreamError(stopping ? 503 : 502,
                                call.withTrace(stopping ? "llmio is shutting down" : "upstream stream broke")));
                        out.close();
                    } catch (IOException | RuntimeException ignored) {
                        // the client is gone as well
                    }
                }
                tap.fields(fields.fields());
                recorder.finish(log, call, AttemptStatus.ERROR, error, tap.usage());
                return new AttemptResult.Answered(false);
            }
        }
        try {
            out.close();
        } catch (IOException | RuntimeException e) {
            return recorder.clientGone(log, call, null);
        }
        tap.fields(fields.fields());
        if (logged != null) {
            log.responseBody = logged.toByteArray();
        }
        recorder.finish(log, call, AttemptStatus.SUCCESS, null, tap.usage());
        return new AttemptResult.Answered(true);
    }

    private void endWithError(Call call, OutputStream out, AttemptLog log, List<String> events, String error) {
        byte[] frame = inFlight.stopping()
                ? call.codec().streamError(call.style(), 503, call.withTrace("llmio is shutting down"))
                : call.codec().streamError(call.style(), 502, call.withTrace("upstream " + error));
        try {
            out.write(frame);
            out.close();
        } catch (IOException | RuntimeException ignored) {
            // the client is gone as well
        }
        log.responseEvents = events;
    }
}
