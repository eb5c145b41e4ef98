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

    public GatewayError(int status, String message) {
        this(status, message, null, null);
    }

    public GatewayError(int status, String message, Duration retryAfter, String param) {
        super(message, null, false, false);
        this.status = status;
        this.retryAfter = retryAfter;
        this.param = param;
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
}
