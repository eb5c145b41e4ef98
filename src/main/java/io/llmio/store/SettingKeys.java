package io.llmio.store;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;


/**
 * The runtime settings kept in the {@code settings} table, their defaults and their validation.
 * Retention: logs 30 days, bodies 7 days, no row caps (0 = off); price sync off.
 */
public final class SettingKeys {
    public static final String LOG_RETENTION_DAYS = "log_retention_days";
    public static final String LOG_RETENTION_ROWS = "log_retention_rows";
    public static final String BODY_RETENTION_DAYS = "body_retention_days";
    public static final String BODY_RETENTION_ROWS = "body_retention_rows";
    public static final String PRICE_SYNC_URL = "price_sync_url";
    public static final String PRICE_SYNC_HOURS = "price_sync_hours";

    /** Every key with its default, in display order. */
    public static final Map<String, String> DEFAULTS;

    static {
        Map<String, String> d = new LinkedHashMap<>();
        d.put(LOG_RETENTION_DAYS, "30");
        d.put(LOG_RETENTION_ROWS, "0");
        d.put(BODY_RETENTION_DAYS, "7");
        d.put(BODY_RETENTION_ROWS, "0");
        d.put(PRICE_SYNC_URL, "");
        d.put(PRICE_SYNC_HOURS, "0");
        DEFAULTS = java.util.Collections.unmodifiableMap(d);
    }

    private SettingKeys() {
    }

    /** The normalised value, or IllegalArgumentException naming the key and what it accepts. */
    public static String validate(String key, String value) {
        if (!DEFAULTS.containsKey(key)) {
            throw new IllegalArgumentException("unknown setting `" + key + "`; known: " + String.join(", ", DEFAULTS.keySet()));
        }
        String v = value == null ? "" : value.trim();
        return switch (key) {
            case LOG_RETENTION_DAYS, BODY_RETENTION_DAYS -> number(key, v, 36_500);
            case LOG_RETENTION_ROWS, BODY_RETENTION_ROWS -> number(key, v, 1_000_000_000_000L);
            case PRICE_SYNC_HOURS -> number(key, v, 8_760);
            case PRICE_SYNC_URL -> url(key, v);
            default -> v;
        };
    }

    /** The stored value of a numeric key, or its default. */
    public static long number(SettingStore store, String key) {
        try {
            return Long.parseLong(store.get(key, DEFAULTS.get(key)).trim());
        } catch (NumberFormatException e) {
            return Long.parseLong(DEFAULTS.get(key));
        }
    }

    public static Map<String, String> all(SettingStore store) {
        Map<String, String> out = new LinkedHashMap<>(DEFAULTS);
        store.all().forEach((k, v) -> {
            if (out.containsKey(k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    private static String number(String key, String v, long max) {
        try {
            long n = Long.parseLong(v);
            if (n >= 0 && n <= max) {
                return Long.toString(n);
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("`" + key + "` must be a whole number from 0 (off) to " + max + ", got `" + v + "`");
    }

    private static String url(String key, String v) {
        if (v.isEmpty()) {
            return v;
        }
        try {
            URI u = URI.create(v);
            if (("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null) {
                return v;
            }
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("`" + key + "` must be an http(s) URL or empty, got `" + v + "`");
    }
}
