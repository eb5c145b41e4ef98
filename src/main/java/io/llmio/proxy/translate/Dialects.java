package io.llmio.proxy.translate;

/** The dialects, one per wire protocol that translation supports. */
final class Dialects {
    private Dialects() {
    }

    static final Dialect ANTHROPIC = new Dialect(
            AnthropicRequests::decode, AnthropicRequests::encode,
            AnthropicResponses::decode, (request, response, reply) -> AnthropicResponses.encode(response, reply),
            AnthropicResponses::decodeError, AnthropicResponses::encodeError,
            AnthropicStream.Decoder::new, (request, reply) -> new AnthropicStream.Encoder(reply));

    static final Dialect OPENAI_CHAT = new Dialect(
            ChatRequests::decode, ChatRequests::encode,
            ChatResponses::decode, (request, response, reply) -> ChatResponses.encode(response, reply),
            ChatResponses::decodeError, ChatResponses::encodeError,
            ChatStream.Decoder::new, (request, reply) -> new ChatStream.Encoder(reply, request.streamUsage()));

    static final Dialect GEMINI = new Dialect(
            GeminiRequests::decode, GeminiRequests::encode,
            GeminiResponses::decode, (request, response, reply) -> GeminiResponses.encode(response, reply),
            GeminiResponses::decodeError, GeminiResponses::encodeError,
            GeminiStream.Decoder::new, (request, reply) -> new GeminiStream.Encoder(reply));

    static final Dialect OPENAI_RESPONSES = new Dialect(
            ResponsesRequests::decode, ResponsesRequests::encode,
            ResponsesResponses::decode, ResponsesResponses::encode,
            ChatResponses::decodeError, ChatResponses::encodeError,
            ResponsesStream.Decoder::new, ResponsesStream.Encoder::new);
}
