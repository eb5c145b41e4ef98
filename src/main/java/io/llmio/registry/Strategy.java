package io.llmio.registry;

import java.util.Locale;
import java.util.Optional;

/** How a model picks among its candidate associations. */
public enum Strategy {
    /** weighted random */
    LOTTERY,
    /** priority list by weight, highest first, ties random */
    ROTOR;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Strategy> parse(String s) {
        if (s == null) {
            return Optional.empty();
        }
        for (Strategy st : values()) {
            if (st.wire().equals(s.trim().toLowerCase(Locale.ROOT))) {
                return Optional.of(st);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return wire();
    }
}
