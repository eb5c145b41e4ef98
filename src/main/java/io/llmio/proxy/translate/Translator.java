package io.llmio.proxy.translate;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.llmio.errors.GatewayError;
import io.llmio.proxy.protocol.Style;

/**
 * Translates one call between the caller's protocol and the upstream's. Pure: no I/O, no clock,
 * input never mutated; the same bytes in give the same bytes out.
 *
 * <pre>
 * Translator t = Translator.of(Style.ANTHROPIC, Style.OPENAI_CHAT);
 * Translator.Call call = t.request(callerBody, Target.of("deepseek-chat"));   // GatewayError 400 if untranslatable
 * send call.body() upstream; then either
 *   call.response(upstreamBody, reply)            // 2xx, non-stream
 *   call.stream(reply).feed(event, data) ... end() // 2xx, stream
 *   call.error(status, upstreamBody)               // non-2xx
 * </pre>
 */
public final class Translator {
    private final Dialect caller;
    private final Dialect upstream;

    private Translator(Dialect caller, Dialect upstream) {
        this.caller = caller;
        this.upstream = upstream;
    }

    /** True when a caller of style {@code caller} can be served by an upstream speaking {@code upstream}. */
    public static boolean supports(Style caller, Style upstream) {
        return dialect(caller) != null && dialect(upstream) != null;
    }

    public static Translator of(Style caller, Style upstream) {
        Dialect c = dialect(caller);
        Dialect u = dialect(upstream);
        if (c == null || u == null) {
            throw new IllegalArgumentException("no translation from " + caller + " to " + upstream);
        }
        return new Translator(c, u);
    }

    private static Dialect dialect(Style style) {
        return switch (style) {
            case ANTHROPIC -> Dialects.ANTHROPIC;
            case OPENAI_CHAT -> Dialects.OPENAI_CHAT;
            case GEMINI -> Dialects.GEMINI;
            case OPENAI_RESPONSES -> Dialects.OPENAI_RESPONSES;
            case OPENAI_EMBEDDINGS, ANTHROPIC_COUNT_TOKENS, GEMINI_COUNT_TOKENS, GEMINI_EMBEDDINGS -> null;
        };
    }

    /** Translates the caller's request body; throws {@link GatewayError} (400) naming the field it cannot take. */
    public Call request(byte[] callerBody, Target target) {
        return request(callerBody, target, null);
    }

    /**
     * As {@link #request(byte[], Target)} for a caller whose URL, not body, says whether it streams
     * (Gemini: {@code :streamGenerateContent} vs {@code :generateContent}). When the upstream is
     * Gemini, {@link Call#stream()} tells the wiring which of the two methods to call.
     */
    public Call request(byte[] callerBody, Target target, Boolean callerStreams) {
        JsonNode body;
        try {
            body = Json.parse(callerBody);
        } catch (IOException e) {
            throw GatewayError.badRequest("request body is not valid JSON", null);
        }
        if (body == null || !body.isObject()) {
            throw GatewayError.badRequest("request body must be a JSON object", null);
        }
        Turn.Request decoded = caller.decodeRequest(body);
        Turn.Request request = callerStreams == null ? decoded : decoded.withStream(callerStreams);
        return new Call(request, Json.bytes(upstream.encodeRequest(request, target)));
    }

    /** The caller's status and body for an error. */
    public record ErrorReply(int status, byte[] body) {
    }

    /** One translated call: the upstream body and the way back. */
    public final class Call implements TranslatedCall {
        private final Turn.Request request;
        private final byte[] body;

        private Call(Turn.Request request, byte[] body) {
            this.request = request;
            this.body = body;
        }

        @Override
        public byte[] body() {
            return body.clone();
        }

        @Override
        public boolean stream() {
            return request.stream();
        }

        @Override
        public byte[] response(byte[] upstreamBody, Reply reply) {
            JsonNode b;
            try {
                b = Json.parse(upstreamBody);
            } catch (IOException e) {
                b = null;
            }
            if (b == null || !b.isObject()) {
                throw new GatewayError(502, "upstream answer is not valid JSON");
            }
            return Json.bytes(caller.encodeResponse(request, upstream.decodeResponse(b), reply));
        }

        @Override
        public ErrorReply error(int status, byte[] upstreamBody) {
            return caller.encodeError(upstream.decodeError(status, upstreamBody));
        }

        @Override
        public StreamTranslator stream(Reply reply) {
            return new StreamTranslator(upstream.streamDecoder(), caller.streamEncoder(request, reply));
        }
    }

    /**
     * Stateful: fed one upstream SSE event at a time, returns what the caller gets for it right
     * away. Not thread-safe; one per stream.
     */
    public static final class StreamTranslator {
        private final Dialect.StreamDecoder decoder;
        private final Dialect.StreamEncoder encoder;
        private final List<Delta> deltas = new ArrayList<>();

        StreamTranslator(Dialect.StreamDecoder decoder, Dialect.StreamEncoder encoder) {
            this.decoder = decoder;
            this.encoder = encoder;
        }

        /** One upstream event ({@code event:} name or null, {@code data:} payload). */
        public List<OutEvent> feed(String event, String data) {
            deltas.clear();
            decoder.feed(event, data, deltas);
            List<OutEvent> out = new ArrayList<>(deltas.size() + 2);
            for (Delta d : deltas) {
                encoder.accept(d, out);
            }
            return out;
        }

        /** The upstream stream ended; closes the caller's stream if the upstream did not. */
        public List<OutEvent> end() {
            List<OutEvent> out = new ArrayList<>(3);
            encoder.end(out);
            return out;
        }

        /** The stream broke (timeout, reset): the caller's in-stream error event; nothing follows it. */
        public List<OutEvent> error(int status, String message) {
            List<OutEvent> out = new ArrayList<>(1);
            encoder.accept(new Delta.Error(new Turn.Failure(status, Failures.kindFor(status), message)), out);
            return out;
        }
    }
}
