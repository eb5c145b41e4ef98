package io.llmio.proxy.protocol;

import java.util.Set;

import io.llmio.registry.ProviderType;

/** One proxied endpoint kind; its wire name is the {@code style} column of request_logs. */
public enum Style {
    OPENAI_CHAT("openai", Family.OPENAI, "/chat/completions", ProviderType.OPENAI, ProviderType.AZURE),
    OPENAI_RESPONSES("openai-responses", Family.OPENAI, "/responses", ProviderType.OPENAI_RESPONSES, ProviderType.AZURE),
    OPENAI_EMBEDDINGS("openai-embeddings", Family.OPENAI, "/embeddings", ProviderType.OPENAI, ProviderType.AZURE),
    ANTHROPIC("anthropic", Family.ANTHROPIC, "/messages", ProviderType.ANTHROPIC),
    ANTHROPIC_COUNT_TOKENS("anthropic-count-tokens", Family.ANTHROPIC, "/messages/count_tokens", ProviderType.ANTHROPIC),
    GEMINI("gemini", Family.GEMINI, null, ProviderType.GEMINI),
    GEMINI_EMBEDDINGS("gemini-embeddings", Family.GEMINI, null, ProviderType.GEMINI);

    private final String wire;
    private final Family family;
    private final Set<ProviderType> servedBy;
    private final String upstreamPath;

    Style(String wire, Family family, String upstreamPath, ProviderType... servedBy) {
        this.wire = wire;
        this.family = family;
        this.servedBy = Set.of(servedBy);
        this.upstreamPath = upstreamPath;
    }

    public String wire() {
        return wire;
    }

    public Family family() {
        return family;
    }

    /** Provider types that serve this endpoint in its own wire format (Azure: OpenAI's, at its own URLs). */
    public Set<ProviderType> servedBy() {
        return servedBy;
    }

    /**
     * The generation protocol a provider of this type speaks: the style its requests are written
     * in when a caller of another style is served through translation (SPEC §11).
     */
    public static Style speaking(ProviderType type) {
        return switch (type) {
            case OPENAI, AZURE -> OPENAI_CHAT;
            case OPENAI_RESPONSES -> OPENAI_RESPONSES;
            case ANTHROPIC -> ANTHROPIC;
            case GEMINI -> GEMINI;
        };
    }

    /** Path appended to the provider's base URL (Gemini builds it from the model and method). */
    public String upstreamPath() {
        return upstreamPath;
    }

    @Override
    public String toString() {
        return wire;
    }
}
