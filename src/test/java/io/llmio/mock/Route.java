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
 * {@code azure} marks Azure OpenAI's paths: {@code /openai/deployments/{deployment}/chat/completions}
 * and {@code /embeddings} (model = the deployment), {@code /openai/responses} and {@code /openai/models},
 * all with {@code ?api-version=}, and the v1 form {@code /openai/v1/...} without it.
 */
record Route(Endpoint endpoint, String model, boolean stream, boolean sse, boolean includeUsage, boolean badJson,
             boolean azure) {

    private static final ObjectMapper JSON = new ObjectMapper();

    Route(Endpoint endpoint, String model, boolean stream, boolean sse, boolean includeUsage, boolean badJson) {
        this(endpoint, model, stream, sse, includeUsage, badJson, false);
    }

    MockProtocol protocol() {
        return endpoint.protocol();
    }

    static Optional<Route> resolve(RecordedRequest req) {
        String path = req.path();
        String method = req.method();
        if (path.startsWith("/openai/")) {
            return azure(req, path.substring("/openai".length()));
        }
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

    /** Azure's paths as the OpenAI ones they stand for; without {@code api-version} the old forms are not found. */
    private static Optional<Route> azure(RecordedRequest req, String rest) {
        String deployment = null;
        String openAiPath;
        if (rest.startsWith("/v1/")) {
            openAiPath = rest;
        } else {
            if (req.queryParam("api-version").isEmpty()) {
                return Optional.empty();
            }
            if (rest.startsWith("/deployments/")) {
                String r = rest.substring("/deployments/".length());
                int slash = r.indexOf('/');
                if (slash <= 0) {
                    return Optional.empty();
                }
                deployment = URLDecoder.decode(r.substring(0, slash), StandardCharsets.UTF_8);
                openAiPath = "/v1" + r.substring(slash);
                if (!openAiPath.equals("/v1/chat/completions") && !openAiPath.equals("/v1/embeddings")) {
                    return Optional.empty();
                }
            } else {
                openAiPath = "/v1" + rest;
            }
        }
        String model = deployment;
        return resolve(new RecordedRequest(req.method(), openAiPath, req.query(), req.headers(), req.body()))
                .filter(r -> r.protocol() == MockProtocol.OPENAI)
                .map(r -> new Route(r.endpoint(), model != null ? model : r.model(), r.stream(), r.sse(),
                        r.includeUsage(), r.badJson(), true));
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
