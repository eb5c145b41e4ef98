package io.llmio.proxy.translate;

/** Error-kind names shared by the dialects (Anthropic's error types are the neutral vocabulary). */
final class Failures {
    private Failures() {
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
