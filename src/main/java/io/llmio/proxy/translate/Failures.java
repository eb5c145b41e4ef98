package io.llmio.proxy.translate;

import java.io.IOException;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

/** Error-kind names shared by the dialects (Anthropic's error types are the neutral vocabulary). */
final class Failures {
    private Failures() {
    }

    /**
     * Reads an upstream error body shaped {@code {"error": {"message": …}}} (any bytes; never
     * throws); {@code kind} names the error kind from the error object, or null to go by the status.
     */
    static Turn.Failure fromErrorObject(int status, byte[] body, Function<JsonNode, String> kind) {
        String message = null;
        String k = null;
        try {
            JsonNode e = Json.parse(body).path("error");
            message = Json.str(e, "message");
            k = kind.apply(e);
        } catch (IOException | RuntimeException e) {
            // not JSON: the status alone speaks
        }
        return failure(status, k, message);
    }

    /** A failure; a missing kind or message is derived from the status. */
    static Turn.Failure failure(int status, String kind, String message) {
        return new Turn.Failure(status, kind != null ? kind : kindFor(status),
                message != null ? message : "upstream returned HTTP " + status);
    }

    static String kindFor(int status) {
        return switch (status) {
            case 400, 422 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 402 -> "billing_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 503, 529 -> "overloaded_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
    }

    /** OpenAI's {@code error.type} for a kind: its own names where it has them. */
    static String openAiType(String kind) {
        return switch (kind) {
            case "api_error", "overloaded_error" -> "server_error";
            case "rate_limit_error" -> "rate_limit_error";
            case "authentication_error" -> "authentication_error";
            case "permission_error" -> "permission_error";
            case "not_found_error" -> "not_found_error";
            default -> "invalid_request_error";
        };
    }
}
