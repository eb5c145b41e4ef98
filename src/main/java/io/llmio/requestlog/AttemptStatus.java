package io.llmio.requestlog;

import java.util.Locale;

/**
 * Where an attempt stands: {@code running} from the first log write until it ends, then
 * {@code success} or {@code error}. {@link #wire()} is the {@code request_logs.status} column and
 * JSON value (SPEC §6), unchanged from the former strings.
 */
public enum AttemptStatus {
    RUNNING, SUCCESS, ERROR;

    private final String wire = name().toLowerCase(Locale.ROOT);

    /** The lowercase value stored in {@code request_logs.status} and shown in the admin API. */
    public String wire() {
        return wire;
    }
}
