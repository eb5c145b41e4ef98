package io.llmio.auth;

import io.llmio.registry.Secret;

/** Judges the admin TOKEN at start: short or low-variety tokens are guessable despite the login throttle. */
public final class TokenStrength {
    static final int MIN_LENGTH = 16;
    static final int MIN_DISTINCT = 8;

    private TokenStrength() {
    }

    /** Why {@code token} is weak (never quoting it), or null when it is fine or unset. */
    public static String weakness(Secret token) {
        String v = token.value();
        if (v.isEmpty()) {
            return null;
        }
        if (v.length() < MIN_LENGTH) {
            return "it is " + v.length() + " characters long (use at least " + MIN_LENGTH + ")";
        }
        long distinct = v.chars().distinct().count();
        if (distinct < MIN_DISTINCT) {
            return "it uses only " + distinct + " distinct characters (use at least " + MIN_DISTINCT + ")";
        }
        return null;
    }
}
