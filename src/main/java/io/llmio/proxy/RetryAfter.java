package io.llmio.proxy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Parses a {@code Retry-After} value: delay-seconds or an HTTP date. */
public final class RetryAfter {
    private RetryAfter() {
    }

    /** The wait it asks for, or null when absent or unreadable. */
    public static Duration parse(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        try {
            double seconds = Double.parseDouble(v);
            return seconds < 0 ? Duration.ZERO : Duration.ofMillis((long) (seconds * 1000));
        } catch (NumberFormatException ignored) {
            // maybe a date
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration d = Duration.between(now, at);
            return d.isNegative() ? Duration.ZERO : d;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The header value to send: whole seconds, rounded up, at least 1. */
    public static String header(Duration d) {
        long s = (d.toMillis() + 999) / 1000;
        return Long.toString(Math.max(1, s));
    }
}
