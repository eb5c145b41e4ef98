package io.llmio.proxy.translate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.llmio.errors.GatewayError;
import io.llmio.proxy.translate.Signatures.Vendor;
import io.llmio.proxy.translate.Turn.Part;

/**
 * OpenAI Responses request body ({@code POST /v1/responses}) to and from {@link Turn.Request}.
 * Only stateless calls translate: what OpenAI would keep server-side (a previous response, a
 * conversation, a stored prompt, background runs) has no equivalent elsewhere.
 */
final class ResponsesRequests {
    private ResponsesRequests() {
    }

    static Turn.Request decode(JsonNode b) {
        for (String stateful : List.of("previous_response_id", "conversation", "prompt")) {
            if (Json.has(b, stateful)) {
                throw GatewayError.badRequest(stateful + ": server-side state cannot be translated to the upstream "
                        + "protocol; send the whole conversation in input", stateful);
            }
        }
        if (b.path("store").asBoolean(false)) {
            throw GatewayError.badRequest("store: responses cannot be stored when translated to the upstream "
                    + "protocol; send store: false", "store");
        }
        if (b.path("background").asBoolean(false)) {
            throw GatewayError.badRequest("background: background responses cannot be translated", "background");
        }
        List<String> system = new ArrayList<>();
        String instructions = Json.str(b, "instructions");
        if (instructions != null && !instructions.isEmpty()) {
            system.add(instructions);
        }
        List<Turn.Message> messages = new ArrayList<>();
        JsonNode input = b.get("input");
        if (input != null && input.isTextual()) {
            messages.add(new Turn.Message(Turn.Role.USER, List.of(new Turn.Text(input.asText()))));
        } else if (input != null && input.isArray()) {
            for (int i = 0; i < input.size(); i++) {
                item(input.get(i), "input[" + i + "]", system, messages);
            }
        }
        List<Turn.Tool> tools = tools(b.path("tools"));
        Turn.ToolChoice choice = toolChoice(b.get("tool_choice"));
        JsonNode format = format(b.path("text").get("format"));
        JsonNode r = b.get("reasoning");
        String effort = r == null ? null : Json.str(r, "effort");
        boolean stream = b.path("stream").asBoolean(false);
        String user = Json.has(b, "user") ? Json.str(b, "user") : Json.str(b, "safety_identifier");
        return new Turn.Request(Json.str(b, "model"), system, merge(messages), tools, choice,
                Json.has(b, "parallel_tool_calls") ? b.get("parallel_tool_calls").asBoolean() : null,
                Json.has(b, "max_output_tokens") ? b.get("max_output_tokens").asInt() : null,
                Json.has(b, "temperature") ? b.get("temperature").asDouble() : null,
                Json.has(b, "top_p") ? b.get("top_p").asDouble() : null,
                null, null, stream, stream, format,
                effort == null ? null : new Turn.Reasoning(null, effort), user);
    }

    /**
     * Tools OpenAI runs itself: the model just cannot use them on another protocol, so they are
     * dropped (listed in translation-design.md). Tools the client runs in a shape of their own
     * ({@code custom}, {@code local_shell}, {@code shell}, {@code apply_patch}, {@code computer…}) are
     * refused instead: dropping them would take the agent's own tools away without a word.
     */
    private static final Set<String> HOSTED_TOOLS = Set.of("web_search", "web_search_2025_08_26", "web_search_preview",
            "web_search_preview_2025_03_11", "file_search", "code_interpreter", "image_generation", "mcp", "tool_search");

    /**
     * Function tools as they are, the functions of a {@code namespace} tool flattened to
     * {@code <namespace>__<name>} (answers get the namespace back), hosted tools dropped.
     */
    private static List<Turn.Tool> tools(JsonNode ts) {
        List<Turn.Tool> tools = new ArrayList<>();
        for (int i = 0; i < ts.size(); i++) {
            JsonNode t = ts.get(i);
            String at = "tools[" + i + "]";
            String type = t.path("type").asText("");
            if ("namespace".equals(type)) {
                String namespace = Json.str(t, "name");
                if (namespace == null || namespace.isEmpty()) {
                    throw GatewayError.badRequest(at + ".name: a namespace tool needs a name", at + ".name");
                }
                JsonNode fs = t.path("tools");
                for (int j = 0; j < fs.size(); j++) {
                    JsonNode f = fs.get(j);
                    function(f, at + ".tools[" + j + "]",
                            new Turn.Qualified(namespace, Json.str(f, "name")), tools);
                }
            } else if (!HOSTED_TOOLS.contains(type)) {
                function(t, at, null, tools);
            }
        }
        Set<String> names = new HashSet<>();
        for (Turn.Tool t : tools) {
            if (!names.add(t.name())) {
                throw GatewayError.badRequest("tools: two tools are named '" + t.name()
                        + "' for the upstream protocol (a namespace function's flat name is <namespace>__<name>)", "tools");
            }
        }
        return tools;
    }

    private static void function(JsonNode t, String at, Turn.Qualified qualified, List<Turn.Tool> out) {
        String type = t.path("type").asText("");
        if (!"function".equals(type)) {
            throw GatewayError.badRequest(at + ": built-in tool type '" + type
                    + "' has no equivalent on the upstream protocol", at + ".type");
        }
        out.add(new Turn.Tool(qualified == null ? Json.str(t, "name") : qualified.flatName(), Json.str(t, "description"),
                t.get("parameters"), qualified));
    }

    /** A call's name as the upstream protocol knows it: a namespace function's flat name. */
    private static String callName(JsonNode it) {
        String namespace = Json.str(it, "namespace");
        String name = Json.str(it, "name");
        return namespace == null || namespace.isEmpty() ? name : new Turn.Qualified(namespace, name).flatName();
    }

    private static void item(JsonNode it, String at, List<String> system, List<Turn.Message> messages) {
        String type = it.path("type").asText(it.has("role") ? "message" : "");
        switch (type) {
            case "message" -> {
                String role = it.path("role").asText("");
                switch (role) {
                    case "system", "developer" -> system.add(ChatRequests.plainText(it.get("content")));
                    case "user" -> messages.add(new Turn.Message(Turn.Role.USER,
                            Json.content(it.get("content"), at + ".content", ResponsesRequests::inputPart)));
                    case "assistant" -> messages.add(new Turn.Message(Turn.Role.ASSISTANT,
                            Json.content(it.get("content"), at + ".content", ResponsesRequests::outputPart)));
                    default -> throw GatewayError.badRequest(at + ".role: '" + role + "' cannot be translated",
                            at + ".role");
                }
            }
            case "function_call" -> messages.add(new Turn.Message(Turn.Role.ASSISTANT, List.of(new Turn.ToolUse(
                    Json.str(it, "call_id"), callName(it), it.path("arguments").asText("")))));
            case "function_call_output" -> {
                JsonNode out = it.get("output");
                List<Part> content = out != null && out.isArray()
                        ? Json.content(out, at + ".output", ResponsesRequests::inputPart)
                        : List.of(new Turn.Text(out == null || out.isNull() ? "" : out.asText()));
                messages.add(new Turn.Message(Turn.Role.USER,
                        List.of(new Turn.ToolResult(Json.str(it, "call_id"), content, false))));
            }
            case "reasoning" -> messages.add(new Turn.Message(Turn.Role.ASSISTANT,
                    List.of(new Turn.Thinking(reasoningText(it), signature(it)))));
            default -> throw GatewayError.badRequest(at + ": input item type '" + type
                    + "' cannot be translated to the upstream protocol", at + ".type");
        }
    }

    /** A reasoning item's visible text: its summary parts (OpenAI), else its raw content (open models). */
    static String reasoningText(JsonNode item) {
        StringBuilder sb = new StringBuilder();
        JsonNode parts = item.path("summary").isEmpty() ? item.path("content") : item.path("summary");
        for (JsonNode s : parts) {
            sb.append(sb.isEmpty() ? "" : "\n\n").append(s.path("text").asText(""));
        }
        return sb.toString();
    }

    /**
     * A caller's reasoning item as a signature: another vendor's marked signature when llmio put
     * one in {@code encrypted_content}, else OpenAI's own ({@code <id>.<encrypted_content>}).
     */
    private static String signature(JsonNode item) {
        String enc = Json.str(item, "encrypted_content");
        if (enc == null || enc.isEmpty()) {
            return null;
        }
        String sig = Signatures.fromCaller(Vendor.OPENAI, enc);
        return Signatures.forVendor(Vendor.OPENAI, sig) != null
                ? Signatures.of(Vendor.OPENAI, item.path("id").asText("") + "." + enc) : sig;
    }

    /** Consecutive items of one role make one turn (a call and its reasoning, parallel outputs). */
    private static List<Turn.Message> merge(List<Turn.Message> in) {
        List<Turn.Message> out = new ArrayList<>();
        for (Turn.Message m : in) {
            Turn.Message last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && last.role() == m.role()) {
                List<Part> parts = new ArrayList<>(last.parts());
                parts.addAll(m.parts());
                out.set(out.size() - 1, new Turn.Message(m.role(), parts));
            } else {
                out.add(m);
            }
        }
        return out;
    }

    private static Part inputPart(JsonNode p, String at) {
        String type = p.path("type").asText("");
        return switch (type) {
            case "input_text", "text" -> new Turn.Text(p.path("text").asText(""));
            case "input_image" -> {
                if (!Json.has(p, "image_url")) {
                    throw GatewayError.badRequest(at + ": an image by file_id cannot be translated; send image_url",
                            at + ".file_id");
                }
                yield ChatRequests.image(p.get("image_url").asText());
            }
            default -> throw GatewayError.badRequest(at + ": content part type '" + type
                    + "' cannot be translated to the upstream protocol", at + ".type");
        };
    }

    private static Part outputPart(JsonNode p, String at) {
        String type = p.path("type").asText("");
        return switch (type) {
            case "output_text", "input_text", "text" -> new Turn.Text(p.path("text").asText(""));
            case "refusal" -> new Turn.Text(p.path("refusal").asText(""));
            default -> throw GatewayError.badRequest(at + ": content part type '" + type
                    + "' cannot be translated to the upstream protocol", at + ".type");
        };
    }

    private static Turn.ToolChoice toolChoice(JsonNode tc) {
        if (tc == null || tc.isNull()) {
            return null;
        }
        if (tc.isTextual()) {
            return switch (tc.asText()) {
                case "required" -> new Turn.ToolChoice(Turn.ToolChoiceKind.ANY, null);
                case "none" -> new Turn.ToolChoice(Turn.ToolChoiceKind.NONE, null);
                default -> new Turn.ToolChoice(Turn.ToolChoiceKind.AUTO, null);
            };
        }
        if ("function".equals(Json.str(tc, "type"))) {
            return new Turn.ToolChoice(Turn.ToolChoiceKind.TOOL, callName(tc));
        }
        throw GatewayError.badRequest("tool_choice: type '" + Json.str(tc, "type")
                + "' cannot be translated to the upstream protocol", "tool_choice.type");
    }

    /** {@code text.format} as the model's {@code response_format} (OpenAI chat's shape); null for plain text. */
    private static JsonNode format(JsonNode f) {
        if (f == null || !f.isObject()) {
            return null;
        }
        return switch (f.path("type").asText("text")) {
            case "json_schema" -> {
                ObjectNode o = Json.object().put("type", "json_schema");
                ObjectNode s = o.putObject("json_schema");
                for (String k : List.of("name", "description", "schema", "strict")) {
                    if (Json.has(f, k)) {
                        s.set(k, f.get(k));
                    }
                }
                yield o;
            }
            case "json_object" -> Json.object().put("type", "json_object");
            default -> null;
        };
    }

    static ObjectNode encode(Turn.Request r, Target target) {
        ObjectNode b = Json.object();
        b.put("model", target.model());
        if (!r.system().isEmpty()) {
            b.put("instructions", String.join("\n\n", r.system()));
        }
        ArrayNode input = b.putArray("input");
        for (Turn.Message m : r.messages()) {
            if (m.role() == Turn.Role.ASSISTANT) {
                assistant(m, input);
            } else {
                user(m, input);
            }
        }
        if (!r.tools().isEmpty()) {
            ArrayNode tools = b.putArray("tools");
            for (Turn.Tool t : r.tools()) {
                ObjectNode o = tools.addObject().put("type", "function").put("name", t.name());
                if (t.description() != null) {
                    o.put("description", t.description());
                }
                o.set("parameters", t.schema() != null ? t.schema() : Json.object().put("type", "object"));
                o.put("strict", false); // Responses function tools are strict unless told otherwise
            }
        }
        if (r.toolChoice() != null) {
            switch (r.toolChoice().kind()) {
                case AUTO -> b.put("tool_choice", "auto");
                case ANY -> b.put("tool_choice", "required");
                case NONE -> b.put("tool_choice", "none");
                case TOOL -> b.putObject("tool_choice").put("type", "function").put("name", r.toolChoice().name());
            }
        }
        if (r.parallelToolCalls() != null && !r.tools().isEmpty()) {
            b.put("parallel_tool_calls", r.parallelToolCalls());
        }
        if (r.maxTokens() != null) {
            b.put("max_output_tokens", r.maxTokens());
        }
        if (r.temperature() != null) {
            b.put("temperature", r.temperature());
        }
        if (r.topP() != null) {
            b.put("top_p", r.topP());
        }
        if (r.responseFormat() != null) {
            b.putObject("text").set("format", textFormat(r.responseFormat()));
        }
        if (r.reasoning() != null) {
            String effort = r.reasoning().effort() != null ? r.reasoning().effort()
                    : ChatRequests.effortFor(r.reasoning().budgetTokens());
            b.putObject("reasoning").put("effort", effort).put("summary", "auto");
            // stateless: the reasoning comes back encrypted, to be handed back on the next turn
            b.putArray("include").add("reasoning.encrypted_content");
        }
        b.put("store", false);
        if (r.user() != null) {
            b.put("user", r.user());
        }
        if (r.stream()) {
            b.put("stream", true);
        }
        return b;
    }

    /** OpenAI chat's {@code response_format} as Responses' {@code text.format}. */
    static ObjectNode textFormat(JsonNode responseFormat) {
        if (!"json_schema".equals(Json.str(responseFormat, "type"))) {
            return Json.object().put("type", "json_object");
        }
        ObjectNode f = Json.object().put("type", "json_schema");
        JsonNode s = responseFormat.path("json_schema");
        f.put("name", s.path("name").asText("response"));
        for (String k : List.of("description", "schema", "strict")) {
            if (Json.has(s, k)) {
                f.set(k, s.get(k));
            }
        }
        return f;
    }

    private static void assistant(Turn.Message m, ArrayNode input) {
        StringBuilder text = new StringBuilder();
        for (Part p : m.parts()) {
            switch (p) {
                case Turn.Text t -> text.append(t.text());
                case Turn.Thinking t -> {
                    flush(text, input);
                    reasoning(t, input);
                }
                case Turn.ToolUse u -> {
                    flush(text, input);
                    input.addObject().put("type", "function_call").put("call_id", u.id()).put("name", u.name())
                            .put("arguments", u.arguments());
                }
                case Turn.RedactedThinking x -> {
                    // encrypted, meaningful only to Anthropic: dropped
                }
                case Turn.Image x -> {
                    // assistant images cannot be sent back: dropped
                }
                case Turn.ToolResult x -> {
                    // never in assistant turns
                }
            }
        }
        flush(text, input);
    }

    private static void flush(StringBuilder text, ArrayNode input) {
        if (!text.isEmpty()) {
            input.addObject().put("type", "message").put("role", "assistant").put("content", text.toString());
            text.setLength(0);
        }
    }

    /** Only OpenAI's own reasoning items go back (it rejects any other); other thinking is dropped. */
    private static void reasoning(Turn.Thinking t, ArrayNode input) {
        String sig = Signatures.forVendor(Vendor.OPENAI, t.signature());
        if (sig == null) {
            return;
        }
        int dot = sig.indexOf('.');
        ObjectNode o = input.addObject().put("type", "reasoning").put("id", dot < 0 ? "" : sig.substring(0, dot));
        ArrayNode summary = o.putArray("summary");
        if (!t.text().isEmpty()) {
            summary.addObject().put("type", "summary_text").put("text", t.text());
        }
        o.put("encrypted_content", dot < 0 ? sig : sig.substring(dot + 1));
    }

    private static void user(Turn.Message m, ArrayNode input) {
        List<Part> rest = new ArrayList<>();
        for (Part p : m.parts()) {
            if (p instanceof Turn.ToolResult r) {
                input.addObject().put("type", "function_call_output").put("call_id", r.toolUseId())
                        .put("output", ChatRequests.toolText(r, rest));
            } else {
                rest.add(p);
            }
        }
        if (rest.isEmpty()) {
            return;
        }
        ObjectNode o = input.addObject().put("type", "message").put("role", "user");
        ArrayNode parts = o.putArray("content");
        for (Part p : rest) {
            if (p instanceof Turn.Text t) {
                parts.addObject().put("type", "input_text").put("text", t.text());
            } else if (p instanceof Turn.Image i) {
                parts.addObject().put("type", "input_image").put("image_url", ChatRequests.imageUrl(i))
                        .put("detail", "auto");
            }
        }
    }
}
