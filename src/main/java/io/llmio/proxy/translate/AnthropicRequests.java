package io.llmio.proxy.translate;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.llmio.errors.GatewayError;
import io.llmio.proxy.translate.Turn.Part;

/** Anthropic Messages request body to and from {@link Turn.Request}. */
final class AnthropicRequests {
    /** Anthropic's smallest thinking budget. */
    static final int MIN_BUDGET = 1024;

    private AnthropicRequests() {
    }

    static Turn.Request decode(JsonNode b) {
        List<String> system = new ArrayList<>();
        JsonNode sys = b.get("system");
        if (sys != null && sys.isTextual()) {
            system.add(sys.asText());
        } else if (sys != null && sys.isArray()) {
            for (JsonNode block : sys) {
                system.add(block.path("text").asText(""));
            }
        }
        List<Turn.Message> messages = new ArrayList<>();
        JsonNode msgs = b.path("messages");
        for (int i = 0; i < msgs.size(); i++) {
            JsonNode m = msgs.get(i);
            Turn.Role role = "assistant".equals(Json.str(m, "role")) ? Turn.Role.ASSISTANT : Turn.Role.USER;
            messages.add(new Turn.Message(role, parts(m.get("content"), "messages[" + i + "].content")));
        }
        List<Turn.Tool> tools = new ArrayList<>();
        JsonNode ts = b.path("tools");
        for (int i = 0; i < ts.size(); i++) {
            JsonNode t = ts.get(i);
            String type = Json.str(t, "type");
            if (type != null && !"custom".equals(type)) {
                throw GatewayError.badRequest("tools[" + i + "]: server tool type '" + type
                        + "' has no equivalent on the upstream protocol", "tools[" + i + "].type");
            }
            tools.add(new Turn.Tool(Json.str(t, "name"), Json.str(t, "description"), t.get("input_schema")));
        }
        Turn.ToolChoice choice = null;
        Boolean parallel = null;
        JsonNode tc = b.get("tool_choice");
        if (tc != null && tc.isObject()) {
            choice = switch (tc.path("type").asText("auto")) {
                case "any" -> new Turn.ToolChoice(Turn.ToolChoiceKind.ANY, null);
                case "none" -> new Turn.ToolChoice(Turn.ToolChoiceKind.NONE, null);
                case "tool" -> new Turn.ToolChoice(Turn.ToolChoiceKind.TOOL, Json.str(tc, "name"));
                default -> new Turn.ToolChoice(Turn.ToolChoiceKind.AUTO, null);
            };
            if (tc.path("disable_parallel_tool_use").asBoolean(false)) {
                parallel = false;
            }
        }
        Turn.Reasoning reasoning = null;
        JsonNode th = b.get("thinking");
        if (th != null && "enabled".equals(Json.str(th, "type"))) {
            reasoning = new Turn.Reasoning(th.path("budget_tokens").asInt(MIN_BUDGET), null);
        } else if (th != null && "adaptive".equals(Json.str(th, "type"))) {
            reasoning = new Turn.Reasoning(null, "medium");
        }
        List<String> stop = null;
        if (b.path("stop_sequences").isArray()) {
            stop = new ArrayList<>();
            for (JsonNode s : b.get("stop_sequences")) {
                stop.add(s.asText());
            }
        }
        boolean stream = b.path("stream").asBoolean(false);
        return new Turn.Request(Json.str(b, "model"), system, messages, tools, choice, parallel,
                Json.has(b, "max_tokens") ? b.get("max_tokens").asInt() : null,
                Json.has(b, "temperature") ? b.get("temperature").asDouble() : null,
                Json.has(b, "top_p") ? b.get("top_p").asDouble() : null,
                Json.has(b, "top_k") ? b.get("top_k").asInt() : null,
                stop, stream, stream, null, reasoning, Json.str(b.path("metadata"), "user_id"));
    }

    private static List<Part> parts(JsonNode content, String where) {
        return Json.content(content, where, AnthropicRequests::part);
    }

    private static Part part(JsonNode c, String at) {
        String type = c.path("type").asText("");
        return switch (type) {
            case "text" -> new Turn.Text(c.path("text").asText(""));
            case "image" -> image(c.path("source"), at);
            case "tool_use" -> new Turn.ToolUse(Json.str(c, "id"), Json.str(c, "name"),
                    Json.text(c.has("input") ? c.get("input") : Json.object()));
            case "tool_result" -> new Turn.ToolResult(Json.str(c, "tool_use_id"),
                    parts(c.get("content"), at + ".content"), c.path("is_error").asBoolean(false));
            case "thinking" -> new Turn.Thinking(c.path("thinking").asText(""),
                    Signatures.fromAnthropicCaller(Json.str(c, "signature")));
            case "redacted_thinking" -> new Turn.RedactedThinking(Json.str(c, "data"));
            default -> throw GatewayError.badRequest(at + ": content block type '" + type
                    + "' cannot be translated to the upstream protocol", at + ".type");
        };
    }

    private static Turn.Image image(JsonNode src, String at) {
        return switch (src.path("type").asText("")) {
            case "base64" -> new Turn.Image(Json.str(src, "media_type"), Json.str(src, "data"), null);
            case "url" -> new Turn.Image(null, null, Json.str(src, "url"));
            default -> throw GatewayError.badRequest(at + ".source: image source type '"
                    + src.path("type").asText("") + "' cannot be translated", at + ".source.type");
        };
    }

    static ObjectNode encode(Turn.Request r, Target target) {
        ObjectNode b = Json.object();
        b.put("model", target.model());
        Turn.Reasoning reasoning = usableReasoning(r);
        int maxTokens = r.maxTokens() != null ? r.maxTokens() : target.defaultMaxTokens();
        Integer budget = null;
        if (reasoning != null) {
            budget = reasoning.budgetTokens() != null ? reasoning.budgetTokens() : budgetFor(reasoning.effort());
            if (budget != null && budget >= maxTokens) {
                if (r.maxTokens() == null) {
                    maxTokens = budget + target.defaultMaxTokens();
                } else {
                    budget = maxTokens - 1;
                }
            }
            if (budget != null && budget < MIN_BUDGET) {
                budget = null;
            }
        }
        b.put("max_tokens", maxTokens);
        List<String> system = new ArrayList<>(r.system());
        String emulation = jsonInstruction(r.responseFormat());
        if (emulation != null) {
            system.add(emulation);
        }
        if (system.size() == 1) {
            b.put("system", system.get(0));
        } else if (!system.isEmpty()) {
            ArrayNode blocks = b.putArray("system");
            for (String s : system) {
                blocks.addObject().put("type", "text").put("text", s);
            }
        }
        b.set("messages", messages(r.messages()));
        if (!r.tools().isEmpty()) {
            ArrayNode tools = b.putArray("tools");
            for (Turn.Tool t : r.tools()) {
                ObjectNode o = tools.addObject().put("name", t.name());
                if (t.description() != null) {
                    o.put("description", t.description());
                }
                o.set("input_schema", t.schema() != null ? t.schema() : Json.object().put("type", "object"));
            }
        }
        if (r.toolChoice() != null || Boolean.FALSE.equals(r.parallelToolCalls())) {
            Turn.ToolChoice c = r.toolChoice() != null ? r.toolChoice()
                    : new Turn.ToolChoice(Turn.ToolChoiceKind.AUTO, null);
            ObjectNode o = b.putObject("tool_choice");
            switch (c.kind()) {
                case AUTO -> o.put("type", "auto");
                case ANY -> o.put("type", "any");
                case NONE -> o.put("type", "none");
                case TOOL -> o.put("type", "tool").put("name", c.name());
            }
            if (Boolean.FALSE.equals(r.parallelToolCalls()) && c.kind() != Turn.ToolChoiceKind.NONE) {
                o.put("disable_parallel_tool_use", true);
            }
        }
        if (r.stop() != null && !r.stop().isEmpty()) {
            ArrayNode s = b.putArray("stop_sequences");
            r.stop().forEach(s::add);
        }
        if (budget == null) {
            if (r.temperature() != null) {
                b.put("temperature", r.temperature());
            }
            if (r.topP() != null) {
                b.put("top_p", r.topP());
            }
            if (r.topK() != null) {
                b.put("top_k", r.topK());
            }
        } else {
            // extended thinking takes no temperature / top_k and top_p only in [0.95, 1]
            if (r.topP() != null && r.topP() >= 0.95) {
                b.put("top_p", r.topP());
            }
            b.putObject("thinking").put("type", "enabled").put("budget_tokens", budget);
        }
        if (r.stream()) {
            b.put("stream", true);
        }
        if (r.user() != null) {
            b.putObject("metadata").put("user_id", r.user());
        }
        return b;
    }

    /**
     * Thinking is dropped when Anthropic would reject it: with a forced tool choice, or when the
     * last assistant turn called tools without a signed thinking block before them.
     */
    private static Turn.Reasoning usableReasoning(Turn.Request r) {
        Turn.Reasoning reasoning = r.reasoning();
        if (reasoning == null || "none".equals(reasoning.effort())) {
            return null;
        }
        if (r.toolChoice() != null && (r.toolChoice().kind() == Turn.ToolChoiceKind.ANY
                || r.toolChoice().kind() == Turn.ToolChoiceKind.TOOL)) {
            return null;
        }
        for (int i = r.messages().size() - 1; i >= 0; i--) {
            Turn.Message m = r.messages().get(i);
            if (m.role() == Turn.Role.ASSISTANT) {
                boolean tools = m.parts().stream().anyMatch(p -> p instanceof Turn.ToolUse);
                boolean signed = m.parts().stream().anyMatch(p -> p instanceof Turn.RedactedThinking
                        || p instanceof Turn.Thinking t && Signatures.forAnthropic(t.signature()) != null);
                return tools && !signed ? null : reasoning;
            }
        }
        return reasoning;
    }

    static Integer budgetFor(String effort) {
        if (effort == null) {
            return null;
        }
        return switch (effort) {
            case "minimal", "low" -> MIN_BUDGET;
            case "medium" -> 4096;
            case "high" -> 16384;
            case "xhigh", "max" -> 32768;
            default -> null;
        };
    }

    /** OpenAI {@code response_format} has no Anthropic field; it is emulated by an instruction. */
    static String jsonInstruction(JsonNode format) {
        if (format == null) {
            return null;
        }
        return switch (format.path("type").asText("")) {
            case "json_object" -> "Respond with a single valid JSON object and nothing else.";
            case "json_schema" -> "Respond with a single valid JSON value and nothing else. It must conform to this JSON Schema: "
                    + Json.text(format.path("json_schema").path("schema"));
            default -> null;
        };
    }

    private static ArrayNode messages(List<Turn.Message> messages) {
        ArrayNode out = Json.array();
        Turn.Role last = null;
        ArrayNode content = null;
        for (Turn.Message m : messages) {
            if (m.role() != last) {
                ObjectNode o = out.addObject().put("role", m.role() == Turn.Role.USER ? "user" : "assistant");
                content = o.putArray("content");
                last = m.role();
            }
            for (Part p : m.parts()) {
                block(p, content);
            }
        }
        return out;
    }

    private static void block(Part p, ArrayNode content) {
        switch (p) {
            case Turn.Text t -> {
                // Anthropic rejects empty text blocks (OpenAI callers send content "" freely)
                if (!t.text().isEmpty()) {
                    content.addObject().put("type", "text").put("text", t.text());
                }
            }
            case Turn.Image i -> {
                ObjectNode src = content.addObject().put("type", "image").putObject("source");
                if (i.data() != null) {
                    src.put("type", "base64").put("media_type", i.mediaType()).put("data", i.data());
                } else {
                    src.put("type", "url").put("url", i.url());
                }
            }
            case Turn.ToolUse u -> content.addObject().put("type", "tool_use").put("id", u.id()).put("name", u.name())
                    .set("input", ChatResponses.argumentsObject(u.arguments()));
            case Turn.ToolResult r -> {
                ObjectNode o = content.addObject().put("type", "tool_result").put("tool_use_id", r.toolUseId());
                ArrayNode inner = o.putArray("content");
                for (Part q : r.content()) {
                    block(q, inner);
                }
                if (r.error()) {
                    o.put("is_error", true);
                }
            }
            case Turn.Thinking t -> {
                // unsigned reasoning (from an OpenAI-compatible server) would be rejected: dropped
                // unsigned reasoning, or another vendor's signature, would be rejected: dropped
                String sig = Signatures.forAnthropic(t.signature());
                if (sig != null) {
                    content.addObject().put("type", "thinking").put("thinking", t.text()).put("signature", sig);
                }
            }
            case Turn.RedactedThinking r -> content.addObject().put("type", "redacted_thinking").put("data", r.data());
        }
    }
}
