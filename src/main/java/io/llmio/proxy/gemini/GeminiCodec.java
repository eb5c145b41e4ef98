package io.llmio.proxy.gemini;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
import io.llmio.registry.Model;
import io.llmio.registry.Provider;
import io.llmio.registry.Needs;

/**
 * Gemini: key in {@code x-goog-api-key} (else {@code ?key=}); errors
 * {@code {"error":{"code","message","status"}}} with Google's canonical status names.
 */
public final class GeminiCodec implements ProtocolCodec {

    /**
     * The model id of an upstream model, whether it is written {@code gemini-2.0-flash} or, as Google's own
     * model lists return it, {@code models/gemini-2.0-flash}.
     */
    public static String modelId(String upstreamModel) {
        return upstreamModel.startsWith("models/") ? upstreamModel.substring("models/".length()) : upstreamModel;
    }

    /** The path of {@code method} on an upstream model, below the base URL: {@code /models/<id>:<method>}. */
    public static String modelPath(String upstreamModel, String method) {
        return "/models/" + URLEncoder.encode(modelId(upstreamModel), StandardCharsets.UTF_8).replace("%2F", "/") + ":"
                + method;
    }

    @Override
    public Family family() {
        return Family.GEMINI;
    }

    @Override
    public String callerKey(ServerRequest req) {
        return req.headers().first(HeaderNames.create("x-goog-api-key")).map(String::trim).filter(s -> !s.isEmpty())
                .orElseGet(() -> req.query().first("key").orElse(null));
    }

    @Override
    public byte[] error(int status, String message, String param) {
        return errorNode(status, message).toString().getBytes(StandardCharsets.UTF_8);
    }

    private static ObjectNode errorNode(int status, String message) {
        ObjectNode root = UsageTap.JSON.createObjectNode();
        ObjectNode err = root.putObject("error");
        err.put("code", status);
        err.put("message", message);
        err.put("status", status(status));
        return root;
    }

    /** Google answers an exhausted quota or spend cap with 429 {@code RESOURCE_EXHAUSTED}. */
    @Override
    public int quotaStatus() {
        return 429;
    }

    @Override
    public byte[] quotaError(String message) {
        return error(429, message, null);
    }

    @Override
    public byte[] streamError(Style style, int status, String message) {
        // Google frames its SSE with CRLF
        return ("data: " + errorNode(status, message) + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The element that ends a broken JSON-array stream (streamGenerateContent without alt=sse). */
    @Override
    public byte[] arrayStreamError(int status, String message) {
        return (",\r\n" + errorNode(status, message) + "]").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Map<String, String> upstreamAuth(Provider provider) {
        return Map.of("x-goog-api-key", provider.apiKey().value());
    }

    @Override
    public UsageTap usageTap(Style style) {
        return new GeminiUsageTap();
    }

    @Override
    public Needs needs(Style style, JsonNode body) {
        if (style != Style.GEMINI) {
            return Needs.NONE;
        }
        boolean tools = ProtocolCodec.nonEmptyArray(body.get("tools"))
                || body.has("toolConfig");
        boolean image = false;
        JsonNode contents = body.get("contents");
        if (contents != null && contents.isArray()) {
            for (JsonNode content : contents) {
                for (JsonNode part : content.path("parts")) {
                    if (part.has("functionCall") || part.has("functionResponse")) {
                        tools = true;
                    }
                    String mime = part.path("inlineData").path("mimeType").asText(
                            part.path("fileData").path("mimeType").asText(""));
                    if (mime.startsWith("image/") && !"model".equals(content.path("role").asText())) {
                        image = true;
                    }
                }
            }
        }
        JsonNode gen = body.path("generationConfig");
        boolean structured = "application/json".equals(gen.path("responseMimeType").asText(""))
                || gen.has("responseSchema") || gen.has("responseJsonSchema");
        return new Needs(tools, structured, image);
    }

    @Override
    public byte[] modelList(List<Model> models) {
        ObjectNode root = UsageTap.JSON.createObjectNode();
        ArrayNode data = root.putArray("models");
        for (Model m : models) {
            ObjectNode o = data.addObject();
            o.put("name", "models/" + m.name());
            o.put("version", "001");
            o.put("displayName", m.remark().isBlank() ? m.name() : m.remark());
            o.put("description", m.remark());
            ArrayNode methods = o.putArray("supportedGenerationMethods");
            methods.add("generateContent").add("streamGenerateContent").add("countTokens").add("embedContent")
                    .add("batchEmbedContents");
        }
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String status(int status) {
        return switch (status) {
            case 400, 422 -> "INVALID_ARGUMENT";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "PERMISSION_DENIED";
            case 404 -> "NOT_FOUND";
            case 409 -> "ABORTED";
            case 429 -> "RESOURCE_EXHAUSTED";
            case 501 -> "UNIMPLEMENTED";
            case 502, 503 -> "UNAVAILABLE";
            case 504 -> "DEADLINE_EXCEEDED";
            default -> status >= 500 ? "INTERNAL" : "FAILED_PRECONDITION";
        };
    }
}
