package io.llmio.mock;

import java.util.Locale;
import java.util.Optional;

/**
 * What a generation endpoint answers. Chosen per request by, in order: the {@code x-mock-scenario}
 * header, a model name starting with {@code mock-<scenario>} (e.g. {@code mock-tools},
 * {@code mock-parallel_tools-v2}), then the instance default.
 */
public enum Scenario {
    TEXT,
    TOOLS,
    PARALLEL_TOOLS,
    THINKING,
    JSON;

    /** File name stem of this scenario's fixtures. */
    public String file() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<Scenario> parse(String s) {
        if (s == null || s.isBlank()) {
            return Optional.empty();
        }
        String v = s.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        for (Scenario sc : values()) {
            if (sc.file().equals(v)) {
                return Optional.of(sc);
            }
        }
        return Optional.empty();
    }

    /** {@code mock-parallel_tools} or {@code mock-parallel_tools-anything} → PARALLEL_TOOLS. */
    static Optional<Scenario> fromModel(String model) {
        if (model == null || !model.startsWith("mock-")) {
            return Optional.empty();
        }
        String rest = model.substring(5);
        Scenario best = null;
        for (Scenario sc : values()) {
            String f = sc.file();
            if ((rest.equals(f) || rest.startsWith(f + "-"))
                    && (best == null || f.length() > best.file().length())) {
                best = sc;
            }
        }
        return Optional.ofNullable(best);
    }
}
