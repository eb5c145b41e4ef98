package io.llmio.proxy.anthropic;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.llmio.proxy.protocol.Family;
import io.llmio.proxy.protocol.ProtocolCodec;
import io.llmio.proxy.protocol.Style;
import io.llmio.proxy.protocol.UsageTap;
import io.llmio.auth.Bearer;
import io.llmio.proxy.sse.SseEvent;
import io.llmio.registry.Model;
import io.llmio.registry.Provider;
import io.llmio.registry.Needs;

/**
 * Anthropic: key in {@code x-api-key} (else {@code Authorization: Bearer}); errors
 * {@code {"type":"error","error":{"type","message"}}}; a broken stream ends with {@code event: error}.
 */
public final class AnthropicCodec implements ProtocolCodec {
    public static final String DEFAULT_VERSION = "2023-06-01";

    @Override
    public Family family() {
        return Family.ANTHROPIC;
    }

    @Override
    public String callerKey(ServerRequest req) {
        return req.headers().first(HeaderNames.create("x-api-key")).map(String::trim).filter(s -> !s.isEmpty())
                .orElseGet(() -> Bearer.token(req));
    }

    @Override
    public byte[] error(int status, String message, String param) {
        return errorNode(status, message).toString().getBytes(StandardCharsets.UTF_8);
    }

    private static ObjectNode errorNode(int status, String message) {
        ObjectNode root = UsageTap.JSON.createObjectNode();
        root.put("type", "error");
        ObjectNode err = root.putObject("error");
        err.put("type", type(status));
        err.put("message", message);
        return root;
    }

    /** Anthropic answers a billing problem (no credit, spend limit) with 402 {@code billing_error}. */
    @Override
    public int quotaStatus() {
        return 402;
    }

    @Override
    public byte[] quotaError(String message) {
        return error(402, message, null);
    }

    @Override
    public byte[] streamError(Style style, int status, String message) {
        return SseEvent.frame("error", errorNode(status, message).toString());
    }

    @Override
    public Map<String, String> upstreamAuth(Provider provider) {
        return Map.of("x-api-key", provider.apiKey().value());
    }

    @Override
    public UsageTap usageTap(Style style) {
        return new AnthropicUsageTap();
    }

    @Override
    public Needs needs(Style style, JsonNode body) {
        if (style != Style.ANTHROPIC) {
            return Needs.NONE;
        }
        boolean structured = "json_schema".equals(body.path("output_format").path("type").asText(""));
        return new Needs(ProtocolCodec.nonEmptyArray(body.get("tools")), structured, hasImage(body.get("messages")));
    }

    private static boolean hasImage(JsonNode messages) {
        if (messages == null || !messages.isArray()) {
            return false;
        }
        for (JsonNode m : messages) {
            JsonNode content = m.get("content");
            if ("user".equals(m.path("role").asText()) && content != null && content.isArray()) {
                for (JsonNode part : content) {
                    if ("image".equals(part.path("type").asText())) {
                        return true;
                    }
                    JsonNode nested = part.get("content");
                    if ("tool_result".equals(part.path("type").asText()) && nested != null && nested.isArray()) {
                        for (JsonNode inner : nested) {
                            if ("image".equals(inner.path("type").asText())) {
                                return true;
                            }
                        }
                    }
                }
            }
        }
        return false;
    }

    @Override
    public byte[] modelList(List<Model> models) {
        ObjectNode root = UsageTap.JSON.createObjectNode();
        ArrayNode data = root.putArray("data");
        for (Model m : models) {
            ObjectNode o = data.addObject();
            o.put("type", "model");
            o.put("id", m.name());
            o.put("display_name", m.remark().isBlank() ? m.name() : m.remark());
            o.put("created_at", (m.createdAt() == null ? Instant.EPOCH : m.createdAt()).toString());
        }
        root.put("has_more", false);
        if (models.isEmpty()) {
            root.putNull("first_id");
            root.putNull("last_id");
        } else {
            root.put("first_id", models.getFirst().name());
            root.put("last_id", models.getLast().name());
        }
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String type(int status) {
        return switch (status) {
            case 400, 422 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 402 -> "billing_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 503, 529 -> "overloaded_error";
            case 504 -> "timeout_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
    }
}
