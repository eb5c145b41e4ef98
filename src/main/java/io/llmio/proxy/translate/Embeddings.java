package io.llmio.proxy.translate;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.llmio.errors.GatewayError;
import io.llmio.proxy.protocol.Style;

/**
 * Translates embedding calls between OpenAI ({@code POST /v1/embeddings}) and Gemini
 * ({@code models/{model}:embedContent} / {@code :batchEmbedContents}). Pure like {@link Translator}:
 * no I/O, no clock, input never mutated.
 *
 * <pre>
 * Embeddings e = Embeddings.of(Style.OPENAI_EMBEDDINGS, Style.GEMINI_EMBEDDINGS);  // supports(a, b) first
 * Embeddings.Call call = e.request(callerBody, upstreamModel, callerBatch);          // GatewayError 400
 * send call.body() to the upstream (Gemini: models/&lt;model&gt;:batchEmbedContents, always)
 * 2xx: call.response(upstreamBody, reply); non-2xx: call.error(status, upstreamBody)
 * </pre>
 */
public final class Embeddings {
    /** What every embedding request says, whatever its protocol. */
    record Request(List<String> inputs, Integer dimensions, boolean base64, boolean batch) {
    }

    /** The vectors, in input order (JSON number arrays, kept as the upstream wrote them). */
    record Vectors(List<ArrayNode> vectors, long promptTokens) {
    }

    private final boolean openAiCaller;

    private Embeddings(boolean openAiCaller) {
        this.openAiCaller = openAiCaller;
    }

    /** True when an embeddings caller of one protocol can be served by the other's upstream. */
    public static boolean supports(Style caller, Style upstream) {
        return caller != upstream && embeddings(caller) && embeddings(upstream);
    }

    public static Embeddings of(Style caller, Style upstream) {
        if (!supports(caller, upstream)) {
            throw new IllegalArgumentException("no embeddings translation from " + caller + " to " + upstream);
        }
        return new Embeddings(caller == Style.OPENAI_EMBEDDINGS);
    }

    private static boolean embeddings(Style s) {
        return switch (s) {
            case OPENAI_EMBEDDINGS, GEMINI_EMBEDDINGS -> true;
            case OPENAI_CHAT, OPENAI_RESPONSES, ANTHROPIC, ANTHROPIC_COUNT_TOKENS, GEMINI, GEMINI_COUNT_TOKENS -> false;
        };
    }

    /**
     * Translates the caller's request. {@code callerBatch} is a Gemini caller's method (its URL,
     * not its body, says {@code :batchEmbedContents} vs {@code :embedContent}); ignored for OpenAI.
     */
    public Call request(byte[] callerBody, String upstreamModel, boolean callerBatch) {
        JsonNode body;
        try {
            body = Json.parse(callerBody);
        } catch (IOException e) {
            throw GatewayError.badRequest("request body is not valid JSON", null);
        }
        if (body == null || !body.isObject()) {
            throw GatewayError.badRequest("request body must be a JSON object", null);
        }
        Request r = openAiCaller ? decodeOpenAi(body) : decodeGemini(body, callerBatch);
        JsonNode upstream = openAiCaller ? encodeGemini(r, upstreamModel) : encodeOpenAi(r, upstreamModel);
        return new Call(r, Json.bytes(upstream));
    }

    /** One translated embedding call. */
    public final class Call implements TranslatedCall {
        private final Request request;
        private final byte[] body;

        private Call(Request request, byte[] body) {
            this.request = request;
            this.body = body;
        }

        @Override
        public byte[] body() {
            return body.clone();
        }

        /** Embeddings never stream. */
        @Override
        public boolean stream() {
            return false;
        }

        /** An upstream that answers an embeddings call with an event stream is broken: a stream of the 502. */
        @Override
        public Translator.StreamTranslator stream(Reply reply) {
            throw new GatewayError(502, "upstream answered an embeddings call with an event stream");
        }

        /** Translates a 2xx upstream answer; an unreadable one (or a count mismatch) is the caller's 502. */
        @Override
        public byte[] response(byte[] upstreamBody, Reply reply) {
            JsonNode b;
            try {
                b = Json.parse(upstreamBody);
            } catch (IOException e) {
                b = null;
            }
            if (b == null || !b.isObject()) {
                throw new GatewayError(502, "upstream answer is not valid JSON");
            }
            Vectors v = openAiCaller ? decodeGeminiAnswer(b) : decodeOpenAiAnswer(b);
            if (v.vectors().size() != request.inputs().size()) {
                throw new GatewayError(502, "upstream returned " + v.vectors().size() + " embeddings for "
                        + request.inputs().size() + " inputs");
            }
            return Json.bytes(openAiCaller ? encodeOpenAiAnswer(v, request, reply) : encodeGeminiAnswer(v, request));
        }

        @Override
        public Translator.ErrorReply error(int status, byte[] upstreamBody) {
            return openAiCaller ? ChatResponses.encodeError(GeminiResponses.decodeError(status, upstreamBody))
                    : GeminiResponses.encodeError(ChatResponses.decodeError(status, upstreamBody));
        }
    }

    // ------------------------------------------------------------------ OpenAI

    static Request decodeOpenAi(JsonNode b) {
        JsonNode input = b.get("input");
        List<String> inputs = new ArrayList<>();
        if (input != null && input.isTextual()) {
            inputs.add(input.asText());
        } else if (input != null && input.isArray()) {
            for (int i = 0; i < input.size(); i++) {
                if (!input.get(i).isTextual()) {
                    throw GatewayError.badRequest("input[" + i + "]: token arrays cannot be translated to the "
                            + "upstream protocol; send text", "input");
                }
                inputs.add(input.get(i).asText());
            }
        }
        if (inputs.isEmpty()) {
            throw GatewayError.badRequest("input: at least one text is required", "input");
        }
        String format = b.path("encoding_format").asText("float");
        if (!"float".equals(format) && !"base64".equals(format)) {
            throw GatewayError.badRequest("encoding_format: '" + format + "' is not float or base64", "encoding_format");
        }
        return new Request(inputs, Json.has(b, "dimensions") ? b.get("dimensions").asInt() : null,
                "base64".equals(format), input.isArray());
    }

    static ObjectNode encodeOpenAi(Request r, String model) {
        ObjectNode b = Json.object().put("model", model);
        if (r.inputs().size() == 1 && !r.batch()) {
            b.put("input", r.inputs().get(0));
        } else {
            ArrayNode in = b.putArray("input");
            r.inputs().forEach(in::add);
        }
        if (r.dimensions() != null) {
            b.put("dimensions", r.dimensions());
        }
        b.put("encoding_format", "float");
        return b;
    }

    static Vectors decodeOpenAiAnswer(JsonNode b) {
        List<JsonNode> data = new ArrayList<>();
        b.path("data").forEach(data::add);
        data.sort((x, y) -> Integer.compare(x.path("index").asInt(), y.path("index").asInt()));
        List<ArrayNode> vectors = new ArrayList<>();
        for (JsonNode d : data) {
            JsonNode e = d.get("embedding");
            if (e == null || !e.isArray()) {
                throw new GatewayError(502, "upstream embedding is not a list of numbers");
            }
            vectors.add((ArrayNode) e);
        }
        return new Vectors(vectors, Json.num(b.path("usage"), "prompt_tokens"));
    }

    static ObjectNode encodeOpenAiAnswer(Vectors v, Request r, Reply reply) {
        ObjectNode b = Json.object().put("object", "list");
        ArrayNode data = b.putArray("data");
        for (int i = 0; i < v.vectors().size(); i++) {
            ObjectNode d = data.addObject().put("object", "embedding").put("index", i);
            if (r.base64()) {
                d.put("embedding", base64(v.vectors().get(i)));
            } else {
                d.set("embedding", v.vectors().get(i));
            }
        }
        b.put("model", reply.model());
        b.putObject("usage").put("prompt_tokens", v.promptTokens()).put("total_tokens", v.promptTokens());
        return b;
    }

    /** OpenAI's base64 encoding: the vector as little-endian float32s. */
    static String base64(ArrayNode vector) {
        ByteBuffer buf = ByteBuffer.allocate(vector.size() * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        vector.forEach(n -> buf.putFloat(n.floatValue()));
        return Base64.getEncoder().encodeToString(buf.array());
    }

    // ------------------------------------------------------------------ Gemini

    static Request decodeGemini(JsonNode b, boolean batch) {
        List<String> inputs = new ArrayList<>();
        Integer dimensions = null;
        if (batch) {
            JsonNode reqs = b.path("requests");
            for (int i = 0; i < reqs.size(); i++) {
                JsonNode q = reqs.get(i);
                inputs.add(text(q.path("content"), "requests[" + i + "].content"));
                if (Json.has(q, "outputDimensionality")) {
                    dimensions = q.get("outputDimensionality").asInt();
                }
            }
        } else {
            inputs.add(text(b.path("content"), "content"));
            dimensions = Json.has(b, "outputDimensionality") ? b.get("outputDimensionality").asInt() : null;
        }
        if (inputs.isEmpty()) {
            throw GatewayError.badRequest("requests: at least one content is required", "requests");
        }
        return new Request(inputs, dimensions, false, batch);
    }

    private static String text(JsonNode content, String at) {
        StringBuilder sb = new StringBuilder();
        JsonNode parts = content.path("parts");
        for (int j = 0; j < parts.size(); j++) {
            JsonNode p = parts.get(j);
            if (!p.has("text")) {
                throw GatewayError.badRequest(at + ".parts[" + j + "]: only text can be embedded on the upstream "
                        + "protocol", at + ".parts[" + j + "]");
            }
            sb.append(sb.isEmpty() ? "" : "\n").append(p.get("text").asText());
        }
        return sb.toString();
    }

    /** Toward Gemini always {@code :batchEmbedContents}, one request per input. */
    static ObjectNode encodeGemini(Request r, String model) {
        ObjectNode b = Json.object();
        ArrayNode reqs = b.putArray("requests");
        for (String in : r.inputs()) {
            ObjectNode q = reqs.addObject().put("model", "models/" + model);
            q.putObject("content").putArray("parts").addObject().put("text", in);
            if (r.dimensions() != null) {
                q.put("outputDimensionality", r.dimensions());
            }
        }
        return b;
    }

    static Vectors decodeGeminiAnswer(JsonNode b) {
        List<ArrayNode> vectors = new ArrayList<>();
        JsonNode list = b.has("embeddings") ? b.get("embeddings") : Json.array().add(b.path("embedding"));
        for (JsonNode e : list) {
            JsonNode values = e.get("values");
            if (values == null || !values.isArray()) {
                throw new GatewayError(502, "upstream embedding is not a list of numbers");
            }
            vectors.add((ArrayNode) values);
        }
        return new Vectors(vectors, Json.num(b.path("usageMetadata"), "promptTokenCount"));
    }

    static ObjectNode encodeGeminiAnswer(Vectors v, Request r) {
        ObjectNode b = Json.object();
        if (r.batch()) {
            ArrayNode list = b.putArray("embeddings");
            v.vectors().forEach(x -> list.addObject().set("values", x));
        } else {
            b.putObject("embedding").set("values", v.vectors().get(0));
        }
        return b;
    }
}
