package io.llmio.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What one request asks for: endpoint, model (from the body, or the Gemini path), stream or not.
 * {@code sse} is true when a stream is framed as SSE (always, except Gemini without
 * {@code alt=sse}, which streams a JSON array). {@code badJson} marks a POST body that is not JSON.
 */
record Route(Endpoint endpoint, String model, boolean stream, boolean sse, boolean includeUsage, boolean badJson) {

    private static final ObjectMapper JSON = new ObjectMapper();

    MockProtocol protocol() {
        return endpoint.protocol();
    }

    static Optional<Route> resolve(RecordedRequest req) {
        String path = req.path();
        String method = req.method();
        if (path.startsWith("/v1beta/") || path.startsWith("/v1/models/") && path.contains(":")) {
            return gemini(req, path.substring(path.indexOf('/', 1)));
        }
        if (method.equals("GET") && path.equals("/v1/models")) {
            boolean anthropic = req.header("anthropic-version").isPresent() || req.header("x-api-key").isPresent();
            boolean gemini = req.header("x-goog-api-key").isPresent() || req.queryParam("key").isPresent();
            Endpoint e = anthropic ? Endpoint.ANTHROPIC_MODELS : gemini ? Endpoint.GEMINI_MODELS : Endpoint.OPENAI_MODELS;
            return Optional.of(new Route(e, null, false, false, false, false));
        }
        if (!method.equals("POST")) {
            return Optional.empty();
        }
        Endpoint e = switch (path) {
            case "/v1/chat/completions" -> Endpoint.CHAT_COMPLETIONS;
            case "/v1/responses" -> Endpoint.RESPONSES;
            case "/v1/embeddings" -> Endpoint.EMBEDDINGS;
            case "/v1/messages" -> Endpoint.MESSAGES;
            case "/v1/messages/count_tokens" -> Endpoint.COUNT_TOKENS;
            default -> null;
        };
        if (e == null) {
            return Optional.empty();
        }
        JsonNode body = parse(req.body());
        if (body == null) {
            return Optional.of(new Route(e, null, false, false, false, true));
        }
        String model = body.path("model").isTextual() ? body.path("model").asText() : null;
        boolean stream = e.scenarioBased() && body.path("stream").asBoolean(false);
        boolean usage = body.path("stream_options").path("include_usage").asBoolean(false);
        return Optional.of(new Route(e, model, stream, stream, usage, false));
    }

    /** {@code rest} is after the version segment: {@code /models} or {@code /models/{m}:{method}}. */
    private static Optional<Route> gemini(RecordedRequest req, String rest) {
        if (req.method().equals("GET") && rest.equals("/models")) {
            return Optional.of(new Route(Endpoint.GEMINI_MODELS, null, false, false, false, false));
        }
        if (!req.method().equals("POST") || !rest.startsWith("/models/")) {
            return Optional.empty();
        }
        String target = URLDecoder.decode(rest.substring("/models/".length()), StandardCharsets.UTF_8);
        int colon = target.lastIndexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        String model = target.substring(0, colon);
        Endpoint e = switch (target.substring(colon + 1)) {
            case "generateContent" -> Endpoint.GENERATE_CONTENT;
            case "streamGenerateContent" -> Endpoint.STREAM_GENERATE_CONTENT;
            case "embedContent" -> Endpoint.EMBED_CONTENT;
            case "batchEmbedContents" -> Endpoint.BATCH_EMBED_CONTENTS;
            case "countTokens" -> Endpoint.GEMINI_COUNT_TOKENS;
            default -> null;
        };
        if (e == null) {
            return Optional.empty();
        }
        boolean bad = parse(req.body()) == null;
        boolean stream = e == Endpoint.STREAM_GENERATE_CONTENT;
        boolean sse = stream && req.queryParam("alt").map("sse"::equals).orElse(false);
        return Optional.of(new Route(e, model, stream, sse, false, bad));
    }

    /** The body as a JSON object, or null when it is not one. */
    static JsonNode parse(byte[] body) {
        try {
            JsonNode n = JSON.readTree(body);
            return n != null && n.isObject() ? n : null;
        } catch (IOException e) {
            return null;
        }
    }
}
