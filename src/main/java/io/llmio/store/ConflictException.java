package io.llmio.store;

/**
 * A write that clashes with existing rows: a unique name or key already taken, or a delete of a
 * provider or model that still has associations (without cascade). The API answers 409.
 */
public final class ConflictException extends RuntimeException {
    public ConflictException(String message) {
        super(message);
    }

    public ConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
