package io.llmio.proxy.protocol;

import java.util.Map;
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
    GEMINI_COUNT_TOKENS("gemini-count-tokens", Family.GEMINI, null, ProviderType.GEMINI),
    GEMINI_EMBEDDINGS("gemini-embeddings", Family.GEMINI, null, ProviderType.GEMINI);

    /**
     * The end of the wire name of every style that {@link #countsTokens() counts tokens}; the statistics
     * statements ({@code stats-*} in {@code db/statements-*.yaml}) match it to keep those rows out of token
     * and cost totals.
     */
    public static final String COUNT_TOKENS_SUFFIX = "-count-tokens";

    private static final Map<String, Style> BY_WIRE = java.util.Arrays.stream(values())
            .collect(java.util.stream.Collectors.toUnmodifiableMap(Style::wire, s -> s));

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

    /**
     * The endpoint answers how many tokens a request would take, not a generation: its count is logged as
     * the row's prompt tokens but spends nothing, so it is kept out of token and cost totals.
     */
    public boolean countsTokens() {
        return switch (this) {
            case ANTHROPIC_COUNT_TOKENS, GEMINI_COUNT_TOKENS -> true;
            case OPENAI_CHAT, OPENAI_RESPONSES, OPENAI_EMBEDDINGS, ANTHROPIC, GEMINI, GEMINI_EMBEDDINGS -> false;
        };
    }

    /** Whether the style whose wire name is {@code wire} (a {@code style} column value) counts tokens. */
    public static boolean countsTokens(String wire) {
        Style style = wire == null ? null : BY_WIRE.get(wire);
        return style != null && style.countsTokens();
    }

    @Override
    public String toString() {
        return wire;
    }
}
