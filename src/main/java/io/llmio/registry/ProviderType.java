package io.llmio.registry;

import java.util.Locale;
import java.util.Optional;

/** The wire protocol an upstream provider speaks. */
public enum ProviderType {
    OPENAI("openai"),
    OPENAI_RESPONSES("openai-responses"),
    ANTHROPIC("anthropic"),
    GEMINI("gemini"),
    /** Azure OpenAI: OpenAI's wire format at Azure's URLs with an {@code api-key} header (see {@link ProviderUrls}). */
    AZURE("azure");

    private final String wire;

    ProviderType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** Parses a type name; {@code codex} is accepted as an alias of {@code openai-responses}. */
    public static Optional<ProviderType> parse(String s) {
        if (s == null) {
            return Optional.empty();
        }
        String v = s.trim().toLowerCase(Locale.ROOT);
        if (v.equals("codex")) {
            return Optional.of(OPENAI_RESPONSES);
        }
        for (ProviderType t : values()) {
            if (t.wire.equals(v)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** The accepted names, for error messages: every wire name and the alias. */
    public static String names() {
        return String.join(", ", java.util.Arrays.stream(values()).map(ProviderType::wire).toList()) + " (or codex)";
    }

    @Override
    public String toString() {
        return wire;
    }
}
