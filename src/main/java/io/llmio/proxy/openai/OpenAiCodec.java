package io.llmio.proxy.openai;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.webserver.http.ServerRequest;
import io.llmio.auth.Bearer;
import io.llmio.proxy.protocol.Family;
import io.llmio.proxy.protocol.ProtocolCodec;
import io.llmio.proxy.protocol.Style;
import io.llmio.proxy.protocol.UsageTap;
import io.llmio.proxy.sse.SseEvent;
import io.llmio.registry.Model;
import io.llmio.registry.Provider;
import io.llmio.registry.ProviderType;
import io.llmio.registry.Needs;

/**
 * OpenAI: key in {@code Authorization: Bearer}; errors {@code {"error":{"message","type","param","code"}}}
 * (the SDKs pick their exception class from the status code).
 */
public final class OpenAiCodec implements ProtocolCodec {

    @Override
    public Family family() {
        return Family.OPENAI;
    }

    @Override
    public String callerKey(ServerRequest req) {
        return Bearer.token(req);
    }


    @Override
    public byte[] error(int status, String message, String param) {
        return bytes(errorNode(status, message, param));
    }

    private static ObjectNode errorNode(int status, String message, String param) {
        return errorNode(message, type(status), param, code(status));
    }

    private static ObjectNode errorNode(String message, String type, String param, String code) {
        ObjectNode root = UsageTap.JSON.createObjectNode();
        ObjectNode err = root.putObject("error");
        err.put("message", message);
        err.put("type", type);
        if (param == null) {
            err.putNull("param");
        } else {
            err.put("param", param);
        }
        err.put("code", code);
        return root;
    }

    /** OpenAI answers an exhausted quota or spend limit with 429, type and code {@code insufficient_quota}. */
    @Override
    public int quotaStatus() {
        return 429;
    }

    @Override
    public byte[] quotaError(String message) {
        return bytes(errorNode(message, "insufficient_quota", null, "insufficient_quota"));
    }

    @Override
    public byte[] streamError(Style style, int status, String message) {
        if (style == Style.OPENAI_RESPONSES) {
            ObjectNode ev = UsageTap.JSON.createObjectNode();
            ev.put("type", "error");
            ev.put("code", code(status));
            ev.put("message", message);
            ev.putNull("param");
            return SseEvent.frame("error", ev.toString());
        }
        return SseEvent.frame(null, errorNode(status, message, null).toString());
    }

    @Override
    public Map<String, String> upstreamAuth(Provider provider) {
        return provider.type() == ProviderType.AZURE ? Map.of("api-key", provider.apiKey().value())
                : Map.of("Authorization", "Bearer " + provider.apiKey().value());
    }

    @Override
    public UsageTap usageTap(Style style) {
        return style == Style.OPENAI_RESPONSES ? new ResponsesUsageTap() : new ChatUsageTap();
    }

    @Override
    public Needs needs(Style style, JsonNode body) {
        return switch (style) {
            case OPENAI_CHAT -> new Needs(ProtocolCodec.nonEmptyArray(body.get("tools"))
                                                  || ProtocolCodec.nonEmptyArray(body.get("functions")),
                                          jsonFormat(body.path("response_format").path("type").asText("")),
                                          chatHasImage(body.get("messages")));
            case OPENAI_RESPONSES -> new Needs(ProtocolCodec.nonEmptyArray(body.get("tools")),
                                               jsonFormat(body.path("text").path("format").path("type").asText("")),
                                               responsesHasImage(body.get("input")));
            case OPENAI_EMBEDDINGS, ANTHROPIC, ANTHROPIC_COUNT_TOKENS, GEMINI, GEMINI_COUNT_TOKENS, GEMINI_EMBEDDINGS -> Needs.NONE;
        };
    }

    private static boolean jsonFormat(String type) {
        return type.equals("json_schema") || type.equals("json_object");
    }

    private static boolean chatHasImage(JsonNode messages) {
        if (messages == null || !messages.isArray()) {
            return false;
        }
        for (JsonNode m : messages) {
            JsonNode content = m.get("content");
            if ("user".equals(m.path("role").asText()) && content != null && content.isArray()) {
                for (JsonNode part : content) {
                    if ("image_url".equals(part.path("type").asText())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean responsesHasImage(JsonNode input) {
        if (input == null || !input.isArray()) {
            return false;
        }
        for (JsonNode item : input) {
            if ("input_image".equals(item.path("type").asText())) {
                return true;
            }
            JsonNode content = item.get("content");
            if (content != null && content.isArray() && !"assistant".equals(item.path("role").asText())) {
                for (JsonNode part : content) {
                    if ("input_image".equals(part.path("type").asText())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    @Override
    public byte[] modelList(List<Model> models) {
        ObjectNode root = UsageTap.JSON.createObjectNode();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        for (Model m : models) {
            ObjectNode o = data.addObject();
            o.put("id", m.name());
            o.put("object", "model");
            o.put("created", m.createdAt() == null ? 0 : m.createdAt().getEpochSecond());
            o.put("owned_by", "llmio");
        }
        return bytes(root);
    }

    private static String type(int status) {
        return switch (status) {
            case 400, 404, 413, 422 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 429 -> "rate_limit_error";
            default -> status >= 500 ? "server_error" : "invalid_request_error";
        };
    }

    private static String code(int status) {
        return switch (status) {
            case 401 -> "invalid_api_key";
            case 403 -> "model_not_allowed";
            case 404 -> "model_not_found";
            case 429 -> "rate_limit_exceeded";
            case 503 -> "overloaded";
            case 504 -> "upstream_timeout";
            default -> status >= 500 ? "upstream_error" : "invalid_request";
        };
    }

    static byte[] bytes(ObjectNode node) {
        return node.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
