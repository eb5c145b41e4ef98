package io.llmio.proxy;

import io.llmio.proxy.anthropic.AnthropicCodec;
import io.llmio.proxy.gemini.GeminiCodec;
import io.llmio.proxy.openai.OpenAiCodec;
import io.llmio.proxy.protocol.Family;
import io.llmio.proxy.protocol.ProtocolCodec;

/** The one codec of each protocol family (stateless, shared). */
final class Codecs {
    static final ProtocolCodec OPENAI = new OpenAiCodec();
    static final ProtocolCodec ANTHROPIC = new AnthropicCodec();
    static final ProtocolCodec GEMINI = new GeminiCodec();

    private Codecs() {
    }

    static ProtocolCodec of(Family family) {
        return switch (family) {
            case OPENAI -> OPENAI;
            case ANTHROPIC -> ANTHROPIC;
            case GEMINI -> GEMINI;
        };
    }
}
