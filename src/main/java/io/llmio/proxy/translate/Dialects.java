package io.llmio.proxy.translate;

import com.fasterxml.jackson.databind.JsonNode;

/** The dialects, one per wire protocol that translation supports. */
final class Dialects {
    private Dialects() {
    }

    static final Dialect ANTHROPIC = new Dialect() {
        @Override
        public Turn.Request decodeRequest(JsonNode body) {
            return AnthropicRequests.decode(body);
        }

        @Override
        public JsonNode encodeRequest(Turn.Request request, Target target) {
            return AnthropicRequests.encode(request, target);
        }

        @Override
        public Turn.Response decodeResponse(JsonNode body) {
            return AnthropicResponses.decode(body);
        }

        @Override
        public JsonNode encodeResponse(Turn.Response response, Reply reply) {
            return AnthropicResponses.encode(response, reply);
        }

        @Override
        public Turn.Failure decodeError(int status, byte[] body) {
            return AnthropicResponses.decodeError(status, body);
        }

        @Override
        public Translator.ErrorReply encodeError(Turn.Failure failure) {
            return AnthropicResponses.encodeError(failure);
        }

        @Override
        public StreamDecoder streamDecoder() {
            return new AnthropicStream.Decoder();
        }

        @Override
        public StreamEncoder streamEncoder(Turn.Request request, Reply reply) {
            return new AnthropicStream.Encoder(reply);
        }
    };

    static final Dialect OPENAI_CHAT = new Dialect() {
        @Override
        public Turn.Request decodeRequest(JsonNode body) {
            return ChatRequests.decode(body);
        }

        @Override
        public JsonNode encodeRequest(Turn.Request request, Target target) {
            return ChatRequests.encode(request, target);
        }

        @Override
        public Turn.Response decodeResponse(JsonNode body) {
            return ChatResponses.decode(body);
        }

        @Override
        public JsonNode encodeResponse(Turn.Response response, Reply reply) {
            return ChatResponses.encode(response, reply);
        }

        @Override
        public Turn.Failure decodeError(int status, byte[] body) {
            return ChatResponses.decodeError(status, body);
        }

        @Override
        public Translator.ErrorReply encodeError(Turn.Failure failure) {
            return ChatResponses.encodeError(failure);
        }

        @Override
        public StreamDecoder streamDecoder() {
            return new ChatStream.Decoder();
        }

        @Override
        public StreamEncoder streamEncoder(Turn.Request request, Reply reply) {
            return new ChatStream.Encoder(reply, request.streamUsage());
        }
    };

    static final Dialect GEMINI = new Dialect() {
        @Override
        public Turn.Request decodeRequest(JsonNode body) {
            return GeminiRequests.decode(body);
        }

        @Override
        public JsonNode encodeRequest(Turn.Request request, Target target) {
            return GeminiRequests.encode(request, target);
        }

        @Override
        public Turn.Response decodeResponse(JsonNode body) {
            return GeminiResponses.decode(body);
        }

        @Override
        public JsonNode encodeResponse(Turn.Response response, Reply reply) {
            return GeminiResponses.encode(response, reply);
        }

        @Override
        public Turn.Failure decodeError(int status, byte[] body) {
            return GeminiResponses.decodeError(status, body);
        }

        @Override
        public Translator.ErrorReply encodeError(Turn.Failure failure) {
            return GeminiResponses.encodeError(failure);
        }

        @Override
        public StreamDecoder streamDecoder() {
            return new GeminiStream.Decoder();
        }

        @Override
        public StreamEncoder streamEncoder(Turn.Request request, Reply reply) {
            return new GeminiStream.Encoder(reply);
        }
    };
}
