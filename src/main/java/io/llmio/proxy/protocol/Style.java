package io.llmio.proxy.protocol;

import java.util.Set;

import io.llmio.registry.ProviderType;

/** One proxied endpoint kind; its wire name is the {@code style} column of request_logs. */
public enum Style {
    OPENAI_CHAT("openai", Family.OPENAI, ProviderType.OPENAI, "/chat/completions"),
    OPENAI_RESPONSES("openai-responses", Family.OPENAI, ProviderType.OPENAI_RESPONSES, "/responses"),
    OPENAI_EMBEDDINGS("openai-embeddings", Family.OPENAI, ProviderType.OPENAI, "/embeddings"),
    ANTHROPIC("anthropic", Family.ANTHROPIC, ProviderType.ANTHROPIC, "/messages"),
    ANTHROPIC_COUNT_TOKENS("anthropic-count-tokens", Family.ANTHROPIC, ProviderType.ANTHROPIC, "/messages/count_tokens"),
    GEMINI("gemini", Family.GEMINI, ProviderType.GEMINI, null),
    GEMINI_EMBEDDINGS("gemini-embeddings", Family.GEMINI, ProviderType.GEMINI, null);

    private final String wire;
    private final Family family;
    private final Set<ProviderType> servedBy;
    private final String upstreamPath;

    Style(String wire, Family family, ProviderType servedBy, String upstreamPath) {
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

    /** Provider types that can serve this endpoint. */
    public Set<ProviderType> servedBy() {
        return servedBy;
    }

    /**
     * The generation protocol a provider of this type speaks: the style its requests are written
     * in when a caller of another style is served through translation (SPEC §11).
     */
    public static Style speaking(ProviderType type) {
        return switch (type) {
            case OPENAI -> OPENAI_CHAT;
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
