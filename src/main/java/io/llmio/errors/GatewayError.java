package io.llmio.errors;

import java.time.Duration;

/**
 * The one error type for failures the gateway itself answers. Each protocol's codec renders it in
 * that protocol's envelope; handlers never assemble error JSON by hand.
 */
public final class GatewayError extends RuntimeException {
    private final int status;
    private final Duration retryAfter;
    private final String param;
    private final boolean quota;

    public GatewayError(int status, String message) {
        this(status, message, null, null);
    }

    public GatewayError(int status, String message, Duration retryAfter, String param) {
        this(status, message, retryAfter, param, false);
    }

    private GatewayError(int status, String message, Duration retryAfter, String param, boolean quota) {
        super(message, null, false, false);
        this.status = status;
        this.retryAfter = retryAfter;
        this.param = param;
        this.quota = quota;
    }

    /**
     * An API key over a budget: answered with the status and body each protocol's vendor uses for an account
     * out of credit ({@code status()} is 402 here; the codec decides). {@code retryAfter} null when it never resets.
     */
    public static GatewayError quota(String message, Duration retryAfter) {
        return new GatewayError(402, message, retryAfter, null, true);
    }

    public static GatewayError badRequest(String message, String param) {
        return new GatewayError(400, message, null, param);
    }

    public int status() {
        return status;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    public String param() {
        return param;
    }

    /** Whether this is a budget error ({@link #quota}). */
    public boolean quota() {
        return quota;
    }
}
