package io.llmio.registry;

import java.util.Locale;
import java.util.Optional;

/** The wire protocol an upstream provider speaks. */
public enum ProviderType {
    OPENAI("openai"),
    OPENAI_RESPONSES("openai-responses"),
    ANTHROPIC("anthropic"),
    GEMINI("gemini");

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

    @Override
    public String toString() {
        return wire;
    }
}
