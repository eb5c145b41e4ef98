package io.llmio.proxy.translate;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.llmio.errors.GatewayError;
import io.llmio.proxy.translate.Turn.Part;

/** OpenAI chat-completions request body to and from {@link Turn.Request}. */
final class ChatRequests {
    private ChatRequests() {
    }

    static Turn.Request decode(JsonNode b) {
        if (b.path("n").asInt(1) > 1) {
            throw GatewayError.badRequest("n: only one choice can be translated to the upstream protocol", "n");
        }
        if (b.has("audio") && !b.get("audio").isNull()) {
            throw GatewayError.badRequest("audio: audio output cannot be translated to the upstream protocol", "audio");
        }
        for (JsonNode m : b.path("modalities")) {
            if ("audio".equals(m.asText())) {
                throw GatewayError.badRequest("modalities: audio output cannot be translated", "modalities");
            }
        }
        if (Json.has(b, "functions") || Json.has(b, "function_call")) {
            throw GatewayError.badRequest("functions: legacy function calling cannot be translated; use tools",
                    "functions");
        }
        List<String> system = new ArrayList<>();
        List<Turn.Message> messages = new ArrayList<>();
        JsonNode msgs = b.path("messages");
        for (int i = 0; i < msgs.size(); i++) {
            JsonNode m = msgs.get(i);
            String at = "messages[" + i + "]";
            String role = m.path("role").asText("");
            switch (role) {
                case "system", "developer" -> system.add(plainText(m.get("content")));
                case "user" -> messages.add(new Turn.Message(Turn.Role.USER, userParts(m.get("content"), at + ".content")));
                case "assistant" -> messages.add(new Turn.Message(Turn.Role.ASSISTANT, assistantParts(m)));
                case "tool" -> messages.add(new Turn.Message(Turn.Role.USER, List.of(new Turn.ToolResult(
                        Json.str(m, "tool_call_id"), userParts(m.get("content"), at + ".content"), false))));
                default -> throw GatewayError.badRequest(at + ".role: '" + role + "' cannot be translated",
                        at + ".role");
            }
        }
        List<Turn.Tool> tools = new ArrayList<>();
        JsonNode ts = b.path("tools");
        for (int i = 0; i < ts.size(); i++) {
            JsonNode t = ts.get(i);
            if (!"function".equals(t.path("type").asText("function"))) {
                throw GatewayError.badRequest("tools[" + i + "]: tool type '" + t.path("type").asText()
                        + "' cannot be translated", "tools[" + i + "].type");
            }
            JsonNode f = t.path("function");
            tools.add(new Turn.Tool(Json.str(f, "name"), Json.str(f, "description"), f.get("parameters")));
        }
        Turn.ToolChoice choice = null;
        JsonNode tc = b.get("tool_choice");
        if (tc != null && tc.isTextual()) {
            choice = switch (tc.asText()) {
                case "required" -> new Turn.ToolChoice(Turn.ToolChoiceKind.ANY, null);
                case "none" -> new Turn.ToolChoice(Turn.ToolChoiceKind.NONE, null);
                default -> new Turn.ToolChoice(Turn.ToolChoiceKind.AUTO, null);
            };
        } else if (tc != null && tc.isObject()) {
            choice = new Turn.ToolChoice(Turn.ToolChoiceKind.TOOL, Json.str(tc.path("function"), "name"));
        }
        List<String> stop = null;
        JsonNode st = b.get("stop");
        if (st != null && st.isTextual()) {
            stop = List.of(st.asText());
        } else if (st != null && st.isArray()) {
            stop = new ArrayList<>();
            for (JsonNode s : st) {
                stop.add(s.asText());
            }
        }
        Integer max = null;
        if (Json.has(b, "max_completion_tokens")) {
            max = b.get("max_completion_tokens").asInt();
        } else if (Json.has(b, "max_tokens")) {
            max = b.get("max_tokens").asInt();
        }
        String effort = Json.str(b, "reasoning_effort");
        boolean stream = b.path("stream").asBoolean(false);
        JsonNode format = b.get("response_format");
        if (format != null && (format.isNull() || "text".equals(format.path("type").asText()))) {
            format = null;
        }
        return new Turn.Request(Json.str(b, "model"), system, messages, tools, choice,
                Json.has(b, "parallel_tool_calls") ? b.get("parallel_tool_calls").asBoolean() : null,
                max,
                Json.has(b, "temperature") ? b.get("temperature").asDouble() : null,
                Json.has(b, "top_p") ? b.get("top_p").asDouble() : null,
                null, stop, stream,
                stream && b.path("stream_options").path("include_usage").asBoolean(false),
                format, effort == null ? null : new Turn.Reasoning(null, effort), Json.str(b, "user"));
    }

    /** Message content as one text: a string, or the text parts joined by a blank line. */
    static String plainText(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode p : content) {
            if (p.has("text")) {
                sb.append(sb.isEmpty() ? "" : "\n\n").append(p.get("text").asText());
            }
        }
        return sb.toString();
    }

    private static List<Part> userParts(JsonNode content, String where) {
        return Json.content(content, where, ChatRequests::userPart);
    }

    private static Part userPart(JsonNode p, String at) {
        String type = p.path("type").asText("");
        return switch (type) {
            case "text" -> new Turn.Text(p.path("text").asText(""));
            case "image_url" -> image(p.path("image_url").path("url").asText(""));
            default -> throw GatewayError.badRequest(at + ": content part type '" + type
                    + "' cannot be translated to the upstream protocol", at + ".type");
        };
    }

    /** A {@code data:} URL becomes inline base64; anything else stays a URL. */
    static Turn.Image image(String url) {
        if (url.startsWith("data:")) {
            int comma = url.indexOf(',');
            String meta = url.substring(5, comma < 0 ? url.length() : comma);
            if (comma > 0 && meta.endsWith(";base64")) {
                return new Turn.Image(meta.substring(0, meta.length() - 7), url.substring(comma + 1), null);
            }
        }
        return new Turn.Image(null, null, url);
    }

    private static List<Part> assistantParts(JsonNode m) {
        List<Part> out = new ArrayList<>();
        String reasoning = Json.str(m, "reasoning_content");
        if (reasoning != null && !reasoning.isEmpty()) {
            out.add(new Turn.Thinking(reasoning, null));
        }
        String text = plainText(m.get("content"));
        if (!text.isEmpty()) {
            out.add(new Turn.Text(text));
        }
        for (JsonNode c : m.path("tool_calls")) {
            JsonNode f = c.path("function");
            out.add(new Turn.ToolUse(Json.str(c, "id"), Json.str(f, "name"), f.path("arguments").asText("")));
        }
        return out;
    }

    static ObjectNode encode(Turn.Request r, Target target) {
        ObjectNode b = Json.object();
        b.put("model", target.model());
        ArrayNode msgs = b.putArray("messages");
        if (!r.system().isEmpty()) {
            msgs.addObject().put("role", "system").put("content", String.join("\n\n", r.system()));
        }
        boolean reasoning = r.reasoning() != null;
        for (Turn.Message m : r.messages()) {
            if (m.role() == Turn.Role.ASSISTANT) {
                assistant(m, reasoning, msgs);
            } else {
                user(m, msgs);
            }
        }
        if (!r.tools().isEmpty()) {
            ArrayNode tools = b.putArray("tools");
            for (Turn.Tool t : r.tools()) {
                ObjectNode f = tools.addObject().put("type", "function").putObject("function").put("name", t.name());
                if (t.description() != null) {
                    f.put("description", t.description());
                }
                f.set("parameters", t.schema() != null ? t.schema() : Json.object().put("type", "object"));
            }
        }
        if (r.toolChoice() != null) {
            switch (r.toolChoice().kind()) {
                case AUTO -> b.put("tool_choice", "auto");
                case ANY -> b.put("tool_choice", "required");
                case NONE -> b.put("tool_choice", "none");
                case TOOL -> b.putObject("tool_choice").put("type", "function").putObject("function")
                        .put("name", r.toolChoice().name());
            }
        }
        if (r.parallelToolCalls() != null && !r.tools().isEmpty()) {
            b.put("parallel_tool_calls", r.parallelToolCalls());
        }
        if (r.maxTokens() != null) {
            b.put(target.legacyMaxTokens() ? "max_tokens" : "max_completion_tokens", r.maxTokens());
        }
        if (r.temperature() != null) {
            b.put("temperature", r.temperature());
        }
        if (r.topP() != null) {
            b.put("top_p", r.topP());
        }
        if (r.stop() != null && !r.stop().isEmpty()) {
            ArrayNode s = b.putArray("stop");
            r.stop().forEach(s::add);
        }
        if (r.responseFormat() != null) {
            b.set("response_format", r.responseFormat());
        }
        if (r.reasoning() != null) {
            String effort = r.reasoning().effort() != null ? r.reasoning().effort()
                    : effortFor(r.reasoning().budgetTokens());
            b.put("reasoning_effort", effort);
        }
        if (r.user() != null) {
            b.put("user", r.user());
        }
        if (r.stream()) {
            b.put("stream", true);
            b.putObject("stream_options").put("include_usage", true);
        }
        return b;
    }

    static String effortFor(Integer budget) {
        if (budget == null || budget < 4096) {
            return "low";
        }
        return budget < 16384 ? "medium" : "high";
    }

    private static void assistant(Turn.Message m, boolean reasoning, ArrayNode msgs) {
        StringBuilder text = new StringBuilder();
        StringBuilder thinking = new StringBuilder();
        boolean thought = false;
        ArrayNode calls = Json.array();
        for (Part p : m.parts()) {
            switch (p) {
                case Turn.Text t -> text.append(t.text());
                case Turn.Thinking t -> {
                    thinking.append(t.text());
                    thought = true;
                }
                case Turn.ToolUse u -> {
                    ObjectNode c = calls.addObject().put("id", u.id()).put("type", "function");
                    c.putObject("function").put("name", u.name()).put("arguments", u.arguments());
                }
                case Turn.RedactedThinking r -> {
                    // encrypted, meaningful only to Anthropic: dropped
                }
                case Turn.Image i -> {
                    // assistant images cannot be sent on OpenAI chat: dropped
                }
                case Turn.ToolResult r -> {
                    // never in assistant turns
                }
            }
        }
        ObjectNode o = msgs.addObject().put("role", "assistant");
        if (text.isEmpty() && !calls.isEmpty()) {
            o.putNull("content");
        } else {
            o.put("content", text.toString());
        }
        // DeepSeek thinking mode requires reasoning_content back on tool-call turns
        if (thought || reasoning && !calls.isEmpty()) {
            o.put("reasoning_content", thinking.toString());
        }
        if (!calls.isEmpty()) {
            o.set("tool_calls", calls);
        }
    }

    private static void user(Turn.Message m, ArrayNode msgs) {
        List<Part> rest = new ArrayList<>();
        for (Part p : m.parts()) {
            if (p instanceof Turn.ToolResult r) {
                msgs.addObject().put("role", "tool").put("tool_call_id", r.toolUseId())
                        .put("content", toolText(r, rest));
            } else {
                rest.add(p);
            }
        }
        if (rest.isEmpty()) {
            return;
        }
        ObjectNode o = msgs.addObject().put("role", "user");
        if (rest.size() == 1 && rest.get(0) instanceof Turn.Text t) {
            o.put("content", t.text());
            return;
        }
        ArrayNode parts = o.putArray("content");
        for (Part p : rest) {
            if (p instanceof Turn.Text t) {
                parts.addObject().put("type", "text").put("text", t.text());
            } else if (p instanceof Turn.Image i) {
                parts.addObject().put("type", "image_url").putObject("image_url").put("url", imageUrl(i));
            }
        }
    }

    /**
     * A tool result as OpenAI's tool text (OpenAI tool outputs carry text only): {@code is_error}
     * has no field there, so the text is prefixed {@code Error: }; images go to {@code rest}, to
     * follow as a user message.
     */
    static String toolText(Turn.ToolResult r, List<Part> rest) {
        StringBuilder text = new StringBuilder(r.error() ? "Error: " : "");
        for (Part q : r.content()) {
            if (q instanceof Turn.Text t) {
                text.append(text.isEmpty() || r.error() && text.length() == 7 ? "" : "\n").append(t.text());
            } else {
                rest.add(q);
            }
        }
        return text.toString();
    }

    /** An image as an OpenAI image URL: a {@code data:} URL for inline bytes. */
    static String imageUrl(Turn.Image i) {
        return i.data() != null ? "data:" + i.mediaType() + ";base64," + i.data() : i.url();
    }
}
