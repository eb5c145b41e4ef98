package io.llmio.errors;

/**
 * A problem that stops the server from starting. The message is one paragraph for the operator:
 * what is wrong and which setting to fix. {@code Main} prints it without a stack trace and exits
 * with a non-zero code.
 */
public final class StartupException extends RuntimeException {
    public StartupException(String message) {
        super(message);
    }

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
