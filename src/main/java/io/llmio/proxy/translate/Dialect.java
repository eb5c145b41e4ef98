package io.llmio.proxy.translate;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One wire protocol's codec to and from the {@link Turn} model. A translation is a pair of
 * dialects: the caller's and the upstream's; adding a protocol adds one dialect, not one
 * translator per pair.
 */
interface Dialect {
    Turn.Request decodeRequest(JsonNode body);

    JsonNode encodeRequest(Turn.Request request, Target target);

    Turn.Response decodeResponse(JsonNode body);

    JsonNode encodeResponse(Turn.Response response, Reply reply);

    /** Reads an upstream error body (any bytes; never throws). */
    Turn.Failure decodeError(int status, byte[] body);

    /** The caller's status and envelope for a failure. */
    Translator.ErrorReply encodeError(Turn.Failure failure);

    StreamDecoder streamDecoder();

    StreamEncoder streamEncoder(Turn.Request request, Reply reply);

    /** Upstream SSE events, one at a time, to neutral deltas. */
    interface StreamDecoder {
        void feed(String event, String data, java.util.List<Delta> out);
    }

    /** Neutral deltas to the caller's SSE events. */
    interface StreamEncoder {
        void accept(Delta delta, java.util.List<OutEvent> out);

        /** The upstream ended (cleanly or not); emits what closes the caller's stream. */
        void end(java.util.List<OutEvent> out);
    }
}
