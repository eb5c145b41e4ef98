package io.llmio.registry;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;

/**
 * A secret value (upstream key, caller key, admin token). {@link #toString()} masks it, so a
 * secret that slips into a log line or an error message never shows in full.
 */
public record Secret(String value) {
    public Secret {
        value = value == null ? "" : value;
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    /** Constant-time comparison with a presented value. */
    public boolean matches(String presented) {
        if (presented == null) {
            return false;
        }
        return MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code sk-a…wxyz}: enough to recognise, never enough to use. */
    public String masked() {
        return mask(value);
    }

    public static String mask(String v) {
        if (v == null || v.isEmpty()) {
            return "";
        }
        if (v.length() <= 8) {
            return "****";
        }
        return v.substring(0, Math.min(4, v.length() / 4)) + "…" + v.substring(v.length() - 4);
    }

    @Override
    public String toString() {
        return masked();
    }
}
