package io.llmio.mock;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Writes the normal reply, or the scripted misbehaviour, onto the wire. */
final class FaultRunner {

    private FaultRunner() {
    }

    static void run(Fault fault, Route route, Supplier<Reply> normal, MockWire wire) throws IOException {
        MockProtocol p = route.protocol();
        switch (fault) {
            case Fault.None n -> send(normal.get(), wire, Duration.ZERO);
            case Fault.Status s -> sendError(p, s.code(), s.message(), s.retryAfter(), wire);
            case Fault.Html h -> wire.respond(h.code(), Map.of("Content-Type", "text/html", "Server", "nginx"),
                    Fixtures.bytes(ErrorBodies.nginxPage(h.code())));
            case Fault.DelayHeaders d -> {
                sleep(d.delay());
                send(normal.get(), wire, Duration.ZERO);
            }
            case Fault.ResetBeforeHeaders r -> wire.reset();
            case Fault.CloseBeforeHeaders c -> wire.close();
            case Fault.DropAfter d -> {
                Reply r = normal.get();
                if (r.streaming()) {
                    wire.startChunked(r.status(), r.headers());
                    writeFrames(r.frames(), d.events(), wire, Duration.ZERO);
                    wire.close();
                } else {
                    wire.respondTruncated(r.status(), r.headers(), r.body(), r.body().length / 2);
                }
            }
            case Fault.ErrorEventAfter e -> {
                Reply r = normal.get();
                if (!r.streaming()) {
                    sendError(p, 500, null, null, wire);
                    return;
                }
                wire.startChunked(r.status(), r.headers());
                int sent = writeFrames(r.frames(), e.events(), wire, Duration.ZERO);
                String err = ErrorBodies.streamError(route.endpoint(), route.sse(), sent);
                if (!route.sse()) {
                    err = (sent == 0 ? "[" : "\r\n,") + err + "]";
                }
                wire.chunk(Fixtures.bytes(err));
                wire.endChunked();
            }
            case Fault.OkBody o -> wire.respond(200, Map.of("Content-Type", o.contentType()), Fixtures.bytes(o.body()));
            case Fault.EventDelay d -> send(normal.get(), wire, d.perEvent());
            case Fault.Raw raw -> wire.respond(raw.code(), Map.of("Content-Type", raw.contentType()), Fixtures.bytes(raw.body()));
        }
    }

    static void sendError(MockProtocol p, int status, String message, String retryAfter, MockWire wire)
            throws IOException {
        Map<String, String> h = Fixtures.headers(p, Fixtures.jsonType(p));
        if (retryAfter != null) {
            h.put("Retry-After", retryAfter);
        }
        wire.respond(status, h, Fixtures.bytes(ErrorBodies.envelope(p, status, message, retryAfter)));
    }

    static void sendRaw(MockProtocol p, int status, String body, MockWire wire) throws IOException {
        wire.respond(status, Fixtures.headers(p, Fixtures.jsonType(p)), Fixtures.bytes(body));
    }

    private static void send(Reply r, MockWire wire, Duration perEvent) throws IOException {
        if (!r.streaming()) {
            sleep(perEvent);
            wire.respond(r.status(), r.headers(), r.body());
            return;
        }
        wire.startChunked(r.status(), r.headers());
        writeFrames(r.frames(), Integer.MAX_VALUE, wire, perEvent);
        wire.endChunked();
    }

    /** Writes up to {@code max} frames, one flush each; returns how many were written. */
    private static int writeFrames(List<String> frames, int max, MockWire wire, Duration perEvent) throws IOException {
        int n = 0;
        for (String f : frames) {
            if (n >= max) {
                break;
            }
            sleep(perEvent);
            wire.chunk(Fixtures.bytes(f));
            n++;
        }
        return n;
    }

    private static void sleep(Duration d) {
        if (d.isZero() || d.isNegative()) {
            return;
        }
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
