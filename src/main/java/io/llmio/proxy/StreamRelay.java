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
import io.llmio.proxy.translate.OutEvent;
import io.llmio.proxy.translate.TranslatedCall;
import io.llmio.proxy.translate.Translator;

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
                           UpstreamResponse response, boolean ioLog, TranslatedCall translated) {
        InputStream in = response.inputStream();
        SseReader reader = new SseReader(in);
        UsageTap tap = call.usageTap(route);
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
        // a translated stream: one upstream event in, the caller's events for it out at once (SPEC §11)
        Translated tr = translated == null ? null : new Translated(translated.stream(call.reply()), call.jsonArrayStream());
        if (tr != null) {
            res.header(HeaderNames.CONTENT_TYPE, tr.array ? "application/json; charset=UTF-8" : "text/event-stream; charset=utf-8");
        }
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
            tap.event(event);
            try {
                if (tr == null) {
                    out.write(event.raw());
                    bytes += event.raw().length;
                } else {
                    bytes += tr.write(out, tr.translator.feed(event.event(), event.data()), events);
                }
                out.flush();
            } catch (IOException | RuntimeException e) {
                return recorder.clientGone(log, call, tap.usage());
            }
            if (log.firstTokenMs == null) {
                log.firstTokenMs = call.elapsedMs();
            }
            log.responseBytes = bytes;
            if (tr == null && events != null && event.data() != null) {
                events.add(event.data());
            }
            try {
                event = reader.next();
            } catch (IOException | RuntimeException e) {
                String error = inFlight.stopping() ? LogQueue.SHUTTING_DOWN : "stream broken: "
                        + (Forwarder.isTimeout(e) ? "no data for " + call.model().model().timeoutSeconds() + " s"
                        : Forwarder.reason(e));
                endWithError(call, out, log, events, error, tr);
                recorder.finish(log, call, AttemptStatus.ERROR, error, tap.usage());
                return new AttemptResult.Answered(false);
            }
        }
        try {
            if (tr != null) {
                // closes what the upstream left open (a missing [DONE] / message_stop), then Gemini's array
                log.responseBytes = bytes + tr.write(out, tr.translator.end(), events) + tr.close(out);
            }
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
        UsageTap tap = call.usageTap(route);
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

    /**
     * A translated stream and the caller's framing: SSE frames, or the pieces of Gemini's JSON array
     * ({@code streamGenerateContent} without {@code alt=sse}: the events' data as array elements).
     */
    private static final class Translated {
        final Translator.StreamTranslator translator;
        final boolean array;
        boolean opened;

        Translated(Translator.StreamTranslator translator, boolean array) {
            this.translator = translator;
            this.array = array;
        }

        /** Writes the caller's events; returns the bytes written. */
        long write(OutputStream out, List<OutEvent> outEvents, List<String> events) throws IOException {
            long n = 0;
            for (OutEvent e : outEvents) {
                byte[] b = array ? ((opened ? "\r\n," : "[") + e.data()).getBytes(StandardCharsets.UTF_8) : e.bytes();
                opened = true;
                out.write(b);
                n += b.length;
                if (events != null) {
                    events.add(e.data());
                }
            }
            return n;
        }

        /** Ends Gemini's JSON array (an empty one if nothing came). */
        long close(OutputStream out) throws IOException {
            if (!array) {
                return 0;
            }
            byte[] b = (opened ? "]" : "[]").getBytes(StandardCharsets.UTF_8);
            out.write(b);
            return b.length;
        }
    }

    private void endWithError(Call call, OutputStream out, AttemptLog log, List<String> events, String error,
                              Translated tr) {
        int status = inFlight.stopping() ? 503 : 502;
        String message = call.withTrace(inFlight.stopping() ? "llmio is shutting down" : "upstream " + error);
        try {
            if (tr == null) {
                out.write(call.codec().streamError(call.style(), status, message));
            } else if (tr.array) {
                byte[] end = call.codec().arrayStreamError(status, message); // starts with the comma after an element
                out.write(tr.opened ? end : ("[" + new String(end, 1, end.length - 1, StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8));
            } else {
                tr.write(out, tr.translator.error(status, message), events);
            }
            out.close();
        } catch (IOException | RuntimeException ignored) {
            // the client is gone as well
        }
        log.responseEvents = events;
    }
}
