package io.llmio.proxy.translate;

/** The dialects, one per wire protocol that translation supports. */
final class Dialects {
    private Dialects() {
    }

    static final Dialect ANTHROPIC = new Dialect(
            AnthropicRequests::decode, AnthropicRequests::encode,
            AnthropicResponses::decode, AnthropicResponses::encode,
            AnthropicResponses::decodeError, AnthropicResponses::encodeError,
            AnthropicStream.Decoder::new, (request, reply) -> new AnthropicStream.Encoder(reply));

    static final Dialect OPENAI_CHAT = new Dialect(
            ChatRequests::decode, ChatRequests::encode,
            ChatResponses::decode, ChatResponses::encode,
            ChatResponses::decodeError, ChatResponses::encodeError,
            ChatStream.Decoder::new, (request, reply) -> new ChatStream.Encoder(reply, request.streamUsage()));

    static final Dialect GEMINI = new Dialect(
            GeminiRequests::decode, GeminiRequests::encode,
            GeminiResponses::decode, GeminiResponses::encode,
            GeminiResponses::decodeError, GeminiResponses::encodeError,
            GeminiStream.Decoder::new, (request, reply) -> new GeminiStream.Encoder(reply));

    static final Dialect OPENAI_RESPONSES = new Dialect(
            ResponsesRequests::decode, ResponsesRequests::encode,
            ResponsesResponses::decode, ResponsesResponses::encode,
            ChatResponses::decodeError, ChatResponses::encodeError,
            ResponsesStream.Decoder::new, (request, reply) -> new ResponsesStream.Encoder(reply));
}
