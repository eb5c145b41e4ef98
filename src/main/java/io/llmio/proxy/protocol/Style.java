package io.llmio.proxy.protocol;

import java.util.Map;
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
    GEMINI_COUNT_TOKENS("gemini-count-tokens", Family.GEMINI, ProviderType.GEMINI, null),
    GEMINI_EMBEDDINGS("gemini-embeddings", Family.GEMINI, ProviderType.GEMINI, null);

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
