package io.llmio.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmio.proxy.gemini.GeminiCodec;
import io.llmio.registry.ProviderType;

/**
 * The tool-calling check of the association test (the original llmio's "Test tools"): one streamed
 * request with a {@code get_weather} tool asking for two calls in order, Paris then London, in the
 * provider type's own wire format; the stream's tool calls are collected per protocol and checked, so
 * that the association's {@code tool_call} flag is known to hold. Pure: building and reading only,
 * the call itself is {@link UpstreamProbe#testTools}.
 */
final class ToolProbe {
    static final String TOOL = "get_weather";
    static final List<String> CITIES = List.of("Paris", "London");
    private static final String PROMPT = "What is the weather in Paris and in London? Call " + TOOL
            + " once for each city, in this order: Paris first, then London. Answer only with the tool calls.";
    private static final int MAX_TOKENS = 256;

    private ToolProbe() {
    }

    /** One tool call as the upstream streamed it; {@code arguments} is the JSON text of its arguments. */
    public record ToolCall(String name, String arguments) {
    }

    /** The request path below the base URL (Azure: below the deployment, see ProviderUrls). */
    static String path(ProviderType type, String model) {
        return switch (type) {
            case OPENAI, AZURE -> "/chat/completions";
            case OPENAI_RESPONSES -> "/responses";
            case ANTHROPIC -> "/messages";
            case GEMINI -> GeminiCodec.modelPath(model, "streamGenerateContent");
        };
    }

    /** The query string of the request (Gemini streams as SSE with {@code alt=sse}). */
    static String query(ProviderType type) {
        return type == ProviderType.GEMINI ? "alt=sse" : "";
    }

    static ObjectNode body(ProviderType type, String model) {
        ObjectNode body = Api.JSON.createObjectNode();
        ObjectNode parameters = Api.JSON.createObjectNode().put("type", "object");
        parameters.putObject("properties").putObject("location").put("type", "string").put("description", "a city");
        parameters.putArray("required").add("location");
        String description = "The current weather of a city.";
        switch (type) {
            case OPENAI, AZURE -> {
                body.put("model", model).put("stream", true).put("max_tokens", MAX_TOKENS);
                body.putArray("messages").addObject().put("role", "user").put("content", PROMPT);
                ObjectNode fn = body.putArray("tools").addObject().put("type", "function").putObject("function");
                fn.put("name", TOOL).put("description", description).set("parameters", parameters);
            }
            case OPENAI_RESPONSES -> {
                body.put("model", model).put("stream", true).put("max_output_tokens", MAX_TOKENS).put("input", PROMPT);
                body.putArray("tools").addObject().put("type", "function").put("name", TOOL)
                        .put("description", description).set("parameters", parameters);
            }
            case ANTHROPIC -> {
                body.put("model", model).put("stream", true).put("max_tokens", MAX_TOKENS);
                body.putArray("messages").addObject().put("role", "user").put("content", PROMPT);
                body.putArray("tools").addObject().put("name", TOOL).put("description", description)
                        .set("input_schema", parameters);
            }
            case GEMINI -> {
                body.putArray("contents").addObject().put("role", "user").putArray("parts").addObject().put("text", PROMPT);
                body.putArray("tools").addObject().putArray("functionDeclarations").addObject().put("name", TOOL)
                        .put("description", description).set("parameters", parameters);
                body.putObject("generationConfig").put("maxOutputTokens", MAX_TOKENS);
            }
        }
        return body;
    }

    /** What the check wants from the calls, or null when they are the two asked for, in order. */
    static String problem(List<ToolCall> calls) {
        if (calls.isEmpty()) {
            return "the upstream answered without a tool call: tool calling does not work through this association";
        }
        if (calls.size() < CITIES.size()) {
            return "one tool call where two were asked for (" + CITIES.get(0) + ", then " + CITIES.get(1) + ")";
        }
        for (int i = 0; i < CITIES.size(); i++) {
            ToolCall call = calls.get(i);
            if (!TOOL.equals(call.name())) {
                return "tool call " + (i + 1) + " is `" + call.name() + "`, not `" + TOOL + "`";
            }
            JsonNode args = UpstreamProbe.parse(call.arguments());
            String location = args.path("location").asText("");
            if (!args.isObject() || !location.toLowerCase(Locale.ROOT).contains(CITIES.get(i).toLowerCase(Locale.ROOT))) {
                return "tool call " + (i + 1) + " should ask for " + CITIES.get(i) + ", its arguments are "
                        + call.arguments();
            }
        }
        return null;
    }

    /** Collects the tool calls and text of one streamed answer, event by event, in the provider type's format. */
    static final class Collector {
        private final ProviderType type;
        /** calls by the stream's own index (Gemini: by arrival) in the order they started */
        private final Map<Integer, String[]> calls = new LinkedHashMap<>();
        private final StringBuilder text = new StringBuilder();
        private String error;

        Collector(ProviderType type) {
            this.type = type;
        }

        void event(String data) {
            if (data == null || data.isBlank() || data.equals("[DONE]")) {
                return;
            }
            JsonNode n = UpstreamProbe.parse(data);
            if (n.has("error") && !n.path("error").isNull()) {
                error = UpstreamProbe.errorMessage(data);
                return;
            }
            switch (type) {
                case OPENAI, AZURE -> {
                    JsonNode delta = n.path("choices").path(0).path("delta");
                    text.append(delta.path("content").asText(""));
                    for (JsonNode tc : delta.path("tool_calls")) {
                        JsonNode fn = tc.path("function");
                        // some OpenAI-compatible servers leave out `index`: a call with an id starts a new one
                        int index = tc.has("index") ? tc.get("index").asInt()
                                : tc.hasNonNull("id") || calls.isEmpty() ? calls.size() : calls.size() - 1;
                        String[] call = calls.computeIfAbsent(index, k -> new String[] {"", ""});
                        call[0] += fn.path("name").asText("");
                        call[1] += fn.path("arguments").asText("");
                    }
                }
                case OPENAI_RESPONSES -> {
                    String kind = n.path("type").asText();
                    JsonNode item = n.path("item");
                    int index = n.path("output_index").asInt();
                    if ((kind.equals("response.output_item.added") || kind.equals("response.output_item.done"))
                            && item.path("type").asText().equals("function_call")) {
                        // the done event carries the whole call: it replaces what the deltas built
                        calls.put(index, new String[] {item.path("name").asText(""), item.path("arguments").asText("")});
                    } else if (kind.equals("response.function_call_arguments.delta") && calls.containsKey(index)) {
                        calls.get(index)[1] += n.path("delta").asText("");
                    } else if (kind.equals("response.output_text.delta")) {
                        text.append(n.path("delta").asText(""));
                    }
                }
                case ANTHROPIC -> {
                    String kind = n.path("type").asText();
                    int index = n.path("index").asInt();
                    JsonNode block = n.path("content_block");
                    JsonNode delta = n.path("delta");
                    if (kind.equals("content_block_start") && block.path("type").asText().equals("tool_use")) {
                        calls.put(index, new String[] {block.path("name").asText(""), ""});
                    } else if (kind.equals("content_block_delta") && delta.path("type").asText().equals("input_json_delta")
                            && calls.containsKey(index)) {
                        calls.get(index)[1] += delta.path("partial_json").asText("");
                    } else if (kind.equals("content_block_delta") && delta.path("type").asText().equals("text_delta")) {
                        text.append(delta.path("text").asText(""));
                    }
                }
                case GEMINI -> {
                    for (JsonNode part : n.path("candidates").path(0).path("content").path("parts")) {
                        if (part.has("functionCall")) {
                            JsonNode fc = part.get("functionCall");
                            calls.put(calls.size(), new String[] {fc.path("name").asText(""), fc.path("args").toString()});
                        } else if (!part.path("thought").asBoolean(false)) {
                            text.append(part.path("text").asText(""));
                        }
                    }
                }
            }
        }

        List<ToolCall> calls() {
            List<ToolCall> out = new ArrayList<>();
            calls.values().forEach(c -> out.add(new ToolCall(c[0], c[1])));
            return out;
        }

        String text() {
            return text.toString();
        }

        /** An error the stream itself reported, or null. */
        String error() {
            return error;
        }
    }
}
