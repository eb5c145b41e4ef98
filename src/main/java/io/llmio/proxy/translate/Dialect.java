package io.llmio.proxy.translate;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One wire protocol's codec to and from the {@link Turn} model. A translation is a pair of
 * dialects: the caller's and the upstream's; adding a protocol adds one dialect (a row in
 * {@link Dialects}), not one translator per pair.
 */
record Dialect(
        Function<JsonNode, Turn.Request> requestDecoder,
        BiFunction<Turn.Request, Target, JsonNode> requestEncoder,
        Function<JsonNode, Turn.Response> responseDecoder,
        ResponseEncoder responseEncoder,
        ErrorDecoder errorDecoder,
        Function<Turn.Failure, Translator.ErrorReply> errorEncoder,
        Supplier<StreamDecoder> streamDecoders,
        BiFunction<Turn.Request, Reply, StreamEncoder> streamEncoders) {

    Turn.Request decodeRequest(JsonNode body) {
        return requestDecoder.apply(body);
    }

    JsonNode encodeRequest(Turn.Request request, Target target) {
        return requestEncoder.apply(request, target);
    }

    Turn.Response decodeResponse(JsonNode body) {
        return responseDecoder.apply(body);
    }

    /** The caller's answer; {@code request} is the caller's own, decoded (its tool names, for Responses). */
    JsonNode encodeResponse(Turn.Request request, Turn.Response response, Reply reply) {
        return responseEncoder.encode(request, response, reply);
    }

    /** Reads an upstream error body (any bytes; never throws). */
    Turn.Failure decodeError(int status, byte[] body) {
        return errorDecoder.decode(status, body);
    }

    /** The caller's status and envelope for a failure. */
    Translator.ErrorReply encodeError(Turn.Failure failure) {
        return errorEncoder.apply(failure);
    }

    StreamDecoder streamDecoder() {
        return streamDecoders.get();
    }

    StreamEncoder streamEncoder(Turn.Request request, Reply reply) {
        return streamEncoders.apply(request, reply);
    }

    /** A complete answer in the caller's protocol. */
    @FunctionalInterface
    interface ResponseEncoder {
        JsonNode encode(Turn.Request request, Turn.Response response, Reply reply);
    }

    /** Reads an upstream error body (any bytes; never throws). */
    @FunctionalInterface
    interface ErrorDecoder {
        Turn.Failure decode(int status, byte[] body);
    }

    /** Upstream SSE events, one at a time, to neutral deltas. */
    interface StreamDecoder {
        void feed(String event, String data, List<Delta> out);

        /**
         * An event's JSON data, or null when there is none to decode: blank data, or data that is
         * not JSON (then the stream's 502 error is added to {@code out}).
         */
        static JsonNode data(String data, List<Delta> out) {
            if (data == null || data.isBlank()) {
                return null;
            }
            try {
                return Json.parse(data);
            } catch (IOException e) {
                out.add(new Delta.Error(new Turn.Failure(502, "api_error", "upstream sent an unreadable stream event")));
                return null;
            }
        }
    }

    /** Neutral deltas to the caller's SSE events. */
    interface StreamEncoder {
        void accept(Delta delta, List<OutEvent> out);

        /** The upstream ended (cleanly or not); emits what closes the caller's stream. */
        void end(List<OutEvent> out);
    }
}
