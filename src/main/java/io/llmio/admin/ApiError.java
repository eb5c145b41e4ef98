package io.llmio.admin;

/**
 * A management API failure with its HTTP status and error type; rendered once, by {@link Api}, as
 * {@code {"error":{"message","type"}}}.
 */
public final class ApiError extends RuntimeException {
    private final int status;
    private final String type;

    public ApiError(int status, String type, String message) {
        super(message);
        this.status = status;
        this.type = type;
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public static ApiError badRequest(String message) {
        return new ApiError(400, "invalid_request", message);
    }

    /** 422: the JSON parsed but a field is wrong; the message names the field. */
    public static ApiError invalid(String message) {
        return new ApiError(422, "validation_error", message);
    }

    public static ApiError unauthorized(String message) {
        return new ApiError(401, "unauthorized", message);
    }

    public static ApiError notFound(String message) {
        return new ApiError(404, "not_found", message);
    }

    public static ApiError conflict(String message) {
        return new ApiError(409, "conflict", message);
    }

    public static ApiError upstream(String message) {
        return new ApiError(502, "upstream_error", message);
    }
}
