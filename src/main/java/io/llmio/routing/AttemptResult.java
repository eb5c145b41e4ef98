package io.llmio.routing;

import java.time.Duration;

/** How one attempt against one candidate ended. */
public sealed interface AttemptResult {

    /** The client got its answer (success, or an upstream error that is not retried). */
    record Answered(boolean success) implements AttemptResult {
    }

    /**
     * The attempt failed before anything reached the client; another candidate may be tried.
     *
     * @param status     upstream HTTP status, or 0 for connect errors and resets
     * @param timeout    no response headers / first byte within the model's timeout
     * @param retryAfter the upstream's Retry-After, or null
     * @param error      what went wrong, for the log and the final error message
     * @param overloaded nothing was sent: the gateway's own cap on connections to that upstream is
     *                   full (not the upstream's fault: no breaker failure; 503 when it was the last)
     */
    record Failed(int status, boolean timeout, Duration retryAfter, String error, boolean overloaded)
            implements AttemptResult {
        public Failed(int status, boolean timeout, Duration retryAfter, String error) {
            this(status, timeout, retryAfter, error, false);
        }

        public boolean rateLimited() {
            return status == 429;
        }
    }
}
