package io.llmio.proxy;

import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmio.proxy.protocol.UsageTap;

/**
 * Which upstream error answers are the provider's problem (SPEC §4.3) rather than the caller's.
 * Retried elsewhere: 408, 429 and 5xx; the provider's own credentials or account (401, 403, and
 * Google's 400 {@code API_KEY_INVALID}); a 404 saying the upstream model does not exist. Every other
 * 4xx is the caller's and goes back to it. Pure.
 *
 * <p>How the vendors word a missing model, as opposed to a wrong path or a missing resource of the
 * request (which stay the caller's 404):
 * <ul>
 *   <li>OpenAI: {@code {"error":{"code":"model_not_found",…}}}; a wrong path is
 *       {@code "Invalid URL (POST /v1/…)"} with {@code code: null}, a missing previous response
 *       {@code previous_response_not_found}.</li>
 *   <li>Anthropic: {@code not_found_error} with the message {@code "model: <name>"}; other missing
 *       things (paths, batches, files) share the type with another message.</li>
 *   <li>Gemini: {@code NOT_FOUND} with {@code "models/<name> is not found for API version …, or is not
 *       supported for generateContent"}; an unknown path gets Google's HTML 404 page.</li>
 *   <li>OpenAI-compatible servers (vLLM, Ollama, LiteLLM): a message that says "model" and names the
 *       model llmio sent.</li>
 * </ul>
 */
final class UpstreamErrors {
    private UpstreamErrors() {
    }

    /** 408, 429, 5xx: try another candidate (429 demotes, Retry-After honoured). */
    static boolean transientFailure(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    /**
     * Why a non-transient error status is the provider's problem, or null when it is the caller's.
     *
     * @param body          the upstream's error body (JSON or not)
     * @param providerModel the model id llmio sent upstream
     */
    static String providerProblem(int status, byte[] body, String providerModel) {
        return switch (status) {
            case 401 -> "the provider rejected llmio's credentials for it";
            case 403 -> "the provider's credentials or account may not do this";
            case 400 -> googleKeyRejected(json(body)) ? "the provider rejected llmio's credentials for it" : null;
            case 404 -> modelNotFound(json(body), providerModel) ? "the provider does not serve model `" + providerModel + "`"
                    : null;
            default -> null;
        };
    }

    /** Google answers a wrong or expired API key with 400 INVALID_ARGUMENT, ErrorInfo reason API_KEY_…. */
    private static boolean googleKeyRejected(JsonNode root) {
        for (JsonNode detail : root.path("error").path("details")) {
            String reason = detail.path("reason").asText("");
            if (reason.equals("API_KEY_INVALID") || reason.equals("API_KEY_EXPIRED")) {
                return true;
            }
        }
        return false;
    }

    static boolean modelNotFound(JsonNode root, String providerModel) {
        JsonNode error = root.path("error");
        if ("model_not_found".equals(error.path("code").asText(null))) {
            return true;
        }
        String message = error.isTextual() ? error.asText() : error.path("message").asText(root.path("message").asText(""));
        String type = error.path("type").asText("");
        if (type.equals("not_found_error") && message.startsWith("model:")) {
            return true;
        }
        String lower = message.toLowerCase(Locale.ROOT);
        if (error.path("status").asText("").equals("NOT_FOUND") && lower.startsWith("models/")) {
            return true;
        }
        return lower.contains("model") && !providerModel.isEmpty()
                && message.contains(providerModel)
                && (lower.contains("not found") || lower.contains("does not exist") || lower.contains("not exist")
                    || lower.contains("unknown model") || lower.contains("no such model"));
    }

    private static JsonNode json(byte[] body) {
        JsonNode n = body.length == 0 ? null : UsageTap.parse(body);
        return n == null ? UsageTap.JSON.missingNode() : n;
    }
}
