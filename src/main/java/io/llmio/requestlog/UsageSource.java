package io.llmio.requestlog;

import java.util.Locale;

/**
 * Where an attempt's token counts come from: the upstream's own usage report, an estimate, or
 * nowhere (counts are zero). {@link #wire()} is the {@code request_logs.usage_source} column and
 * JSON value (SPEC §6), unchanged from the former strings.
 */
public enum UsageSource {
    UPSTREAM, ESTIMATED, NONE;

    private final String wire = name().toLowerCase(Locale.ROOT);

    /** The lowercase value stored in {@code request_logs.usage_source} and shown in the admin API. */
    public String wire() {
        return wire;
    }
}
