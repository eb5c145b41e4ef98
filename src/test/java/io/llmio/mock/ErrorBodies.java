package io.llmio.mock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Error envelopes as each vendor writes them: OpenAI {@code {"error":{message,type,param,code}}},
 * Anthropic {@code {"type":"error","error":{type,message},"request_id"}}, Gemini
 * {@code {"error":{code,message,status}}}; and each protocol's in-stream error event.
 */
final class ErrorBodies {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Two-space indent and {@code "key": value}, as Google and OpenAI print JSON. */
    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter(
            Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE);

    private ErrorBodies() {
    }

    static String envelope(MockProtocol p, int status, String message, String retryAfter) {
        return switch (p) {
            case OPENAI -> openai(message == null ? openaiMessage(status) : message, openaiType(status), openaiCode(status));
            case ANTHROPIC -> anthropic(anthropicType(status), message == null ? anthropicMessage(status) : message);
            case GEMINI -> gemini(status, message == null ? geminiMessage(status) : message, geminiStatus(status), retryAfter);
        };
    }

    static String openai(String message, String type, String code) {
        ObjectNode err = JSON.createObjectNode();
        err.put("message", message).put("type", type).putNull("param");
        if (code == null) {
            err.putNull("code");
        } else {
            err.put("code", code);
        }
        ObjectNode root = JSON.createObjectNode();
        root.set("error", err);
        return pretty(root);
    }

    /** Azure OpenAI's own errors (auth, routing): {@code code} is a string. */
    static String azure(String code, String message) {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("error").put("code", code).put("message", message);
        return root.toString();
    }

    static String anthropic(String type, String message) {
        ObjectNode root = JSON.createObjectNode();
        root.put("type", "error");
        root.putObject("error").put("type", type).put("message", message);
        root.put("request_id", "req_011CSHoEeqs5C35K2UUqR7Fy");
        return root.toString();
    }

    static String gemini(int code, String message, String status, String retryAfter) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode err = root.putObject("error").put("code", code).put("message", message).put("status", status);
        if (retryAfter != null) {
            err.putArray("details").addObject()
                    .put("@type", "type.googleapis.com/google.rpc.RetryInfo")
                    .put("retryDelay", retryAfter + "s");
        }
        return pretty(root);
    }

    /** Gemini's answer to a wrong key: 400 INVALID_ARGUMENT with reason API_KEY_INVALID. */
    static String geminiBadKey() {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode err = root.putObject("error").put("code", 400)
                .put("message", "API key not valid. Please pass a valid API key.").put("status", "INVALID_ARGUMENT");
        err.putArray("details").addObject()
                .put("@type", "type.googleapis.com/google.rpc.ErrorInfo")
                .put("reason", "API_KEY_INVALID").put("domain", "googleapis.com")
                .putObject("metadata").put("service", "generativelanguage.googleapis.com");
        return pretty(root);
    }

    /** The in-stream error event of the endpoint (one SSE event, or a JSON array element). */
    static String streamError(Endpoint e, boolean sse, int sequence) {
        return switch (e.protocol()) {
            case OPENAI -> e == Endpoint.RESPONSES
                    ? "event: error\ndata: {\"type\":\"error\",\"sequence_number\":" + sequence
                      + ",\"code\":\"server_error\",\"message\":\"" + openaiMessage(500) + "\",\"param\":null}\n\n"
                    : "data: {\"error\":{\"message\":\"" + openaiMessage(500)
                      + "\",\"type\":\"server_error\",\"param\":null,\"code\":null}}\n\n";
            case ANTHROPIC -> "event: error\ndata: " + anthropic("overloaded_error", "Overloaded") + "\n\n";
            case GEMINI -> {
                String body = "{\"error\": {\"code\": 500, \"message\": \"" + geminiMessage(500)
                        + "\", \"status\": \"INTERNAL\"}}";
                yield sse ? "data: " + body + "\r\n\r\n" : body;
            }
        };
    }

    static String nginxPage(int status) {
        String title = status + " " + switch (status) {
            case 502 -> "Bad Gateway";
            case 503 -> "Service Temporarily Unavailable";
            case 504 -> "Gateway Time-out";
            case 500 -> "Internal Server Error";
            default -> "Error";
        };
        return "<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" + title
                + "</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
    }

    private static String openaiType(int s) {
        return switch (s) {
            case 429 -> "requests";
            case 401, 400, 403, 404 -> "invalid_request_error";
            default -> s >= 500 ? "server_error" : "invalid_request_error";
        };
    }

    private static String openaiCode(int s) {
        return switch (s) {
            case 401 -> "invalid_api_key";
            case 404 -> "model_not_found";
            case 429 -> "rate_limit_exceeded";
            default -> null;
        };
    }

    private static String openaiMessage(int s) {
        return switch (s) {
            case 400 -> "Invalid request.";
            case 401 -> "Incorrect API key provided.";
            case 403 -> "You are not allowed to sample from this model";
            case 404 -> "The model does not exist or you do not have access to it.";
            case 429 -> "Rate limit reached for requests. Please try again later.";
            case 503 -> "The engine is currently overloaded, please try again later";
            default -> "The server had an error while processing your request. Sorry about that!";
        };
    }

    private static String anthropicType(int s) {
        return switch (s) {
            case 400 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 402 -> "billing_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 529 -> "overloaded_error";
            default -> s >= 500 ? "api_error" : "invalid_request_error";
        };
    }

    private static String anthropicMessage(int s) {
        return switch (s) {
            case 401 -> "invalid x-api-key";
            case 404 -> "Not found";
            case 429 -> "Number of request tokens has exceeded your per-minute rate limit";
            case 529 -> "Overloaded";
            default -> s >= 500 ? "Internal server error" : "Invalid request";
        };
    }

    private static String geminiStatus(int s) {
        return switch (s) {
            case 400 -> "INVALID_ARGUMENT";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "PERMISSION_DENIED";
            case 404 -> "NOT_FOUND";
            case 429 -> "RESOURCE_EXHAUSTED";
            case 503 -> "UNAVAILABLE";
            case 504 -> "DEADLINE_EXCEEDED";
            default -> s >= 500 ? "INTERNAL" : "FAILED_PRECONDITION";
        };
    }

    private static String geminiMessage(int s) {
        return switch (s) {
            case 404 -> "models/unknown is not found for API version v1beta, or is not supported for generateContent.";
            case 429 -> "Resource has been exhausted (e.g. check quota).";
            case 503 -> "The model is overloaded. Please try again later.";
            case 504 -> "Deadline expired before operation could complete.";
            default -> s >= 500
                    ? "An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting"
                    : "Request contains an invalid argument.";
        };
    }

    private static String pretty(ObjectNode n) {
        try {
            return JSON.writer(PRETTY).writeValueAsString(n) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
