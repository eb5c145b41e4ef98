package io.llmio.proxy.translate;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.llmio.errors.GatewayError;
import io.llmio.proxy.translate.Turn.Part;

/**
 * Gemini generateContent request body to and from {@link Turn.Request}. The model and the
 * streaming choice live in Gemini's URL, not its body: the caller's are set by
 * {@link Translator#request(byte[], Target, boolean)}, the upstream's chosen by the wiring.
 */
final class GeminiRequests {
    private GeminiRequests() {
    }

    static Turn.Request decode(JsonNode b) {
        List<String> system = new ArrayList<>();
        for (JsonNode p : b.path("systemInstruction").path("parts")) {
            system.add(p.path("text").asText(""));
        }
        List<Turn.Message> messages = new ArrayList<>();
        Map<String, Deque<String>> pending = new HashMap<>();
        int calls = 0;
        JsonNode contents = b.path("contents");
        for (int i = 0; i < contents.size(); i++) {
            JsonNode c = contents.get(i);
            boolean model = "model".equals(Json.str(c, "role"));
            List<Part> parts = new ArrayList<>();
            JsonNode ps = c.path("parts");
            for (int j = 0; j < ps.size(); j++) {
                JsonNode p = ps.get(j);
                String at = "contents[" + i + "].parts[" + j + "]";
                String sig = Signatures.fromGeminiCaller(Json.str(p, "thoughtSignature"));
                if (p.has("functionCall")) {
                    JsonNode f = p.get("functionCall");
                    String id = Json.str(f, "id") != null ? Json.str(f, "id") : "call_" + calls;
                    calls++;
                    pending.computeIfAbsent(Json.str(f, "name"), k -> new ArrayDeque<>()).add(id);
                    if (sig != null) {
                        parts.add(new Turn.Thinking("", sig));
                    }
                    parts.add(new Turn.ToolUse(id, Json.str(f, "name"),
                            Json.text(f.has("args") ? f.get("args") : Json.object())));
                } else if (p.has("functionResponse")) {
                    JsonNode f = p.get("functionResponse");
                    Deque<String> ids = pending.get(Json.str(f, "name"));
                    String id = Json.str(f, "id") != null ? Json.str(f, "id")
                            : ids != null && !ids.isEmpty() ? ids.poll() : "call_" + Json.str(f, "name");
                    parts.add(new Turn.ToolResult(id, List.of(new Turn.Text(Json.text(f.path("response")))), false));
                } else if (p.has("inlineData")) {
                    JsonNode d = p.get("inlineData");
                    parts.add(new Turn.Image(Json.str(d, "mimeType"), Json.str(d, "data"), null));
                } else if (p.has("fileData")) {
                    parts.add(new Turn.Image(null, null, Json.str(p.get("fileData"), "fileUri")));
                } else if (p.has("text")) {
                    // streamed thoughts come as several parts and the signature on the part after
                    // them: one thinking block, signed, as Anthropic needs it
                    int last = parts.size() - 1;
                    Turn.Thinking open = last >= 0 && parts.get(last) instanceof Turn.Thinking t
                            && t.signature() == null ? t : null;
                    if (p.path("thought").asBoolean(false)) {
                        if (open != null) {
                            parts.set(last, new Turn.Thinking(open.text() + p.get("text").asText(), sig));
                        } else {
                            parts.add(new Turn.Thinking(p.get("text").asText(), sig));
                        }
                    } else {
                        if (sig != null && model && open != null) {
                            parts.set(last, new Turn.Thinking(open.text(), sig));
                        } else if (sig != null && model) {
                            parts.add(new Turn.Thinking("", sig));
                        }
                        parts.add(new Turn.Text(p.get("text").asText()));
                    }
                } else {
                    throw GatewayError.badRequest(at + ": this part kind cannot be translated to the upstream protocol", at);
                }
            }
            messages.add(new Turn.Message(model ? Turn.Role.ASSISTANT : Turn.Role.USER, parts));
        }
        List<Turn.Tool> tools = new ArrayList<>();
        JsonNode ts = b.path("tools");
        for (int i = 0; i < ts.size(); i++) {
            JsonNode t = ts.get(i);
            if (!t.has("functionDeclarations")) {
                throw GatewayError.badRequest("tools[" + i + "]: only functionDeclarations can be translated",
                        "tools[" + i + "]");
            }
            for (JsonNode f : t.get("functionDeclarations")) {
                JsonNode schema = f.has("parametersJsonSchema") ? f.get("parametersJsonSchema")
                        : f.has("parameters") ? lowerTypes(f.get("parameters").deepCopy()) : null;
                tools.add(new Turn.Tool(Json.str(f, "name"), Json.str(f, "description"), schema));
            }
        }
        Turn.ToolChoice choice = null;
        JsonNode fc = b.path("toolConfig").path("functionCallingConfig");
        if (fc.has("mode")) {
            JsonNode allowed = fc.path("allowedFunctionNames");
            choice = switch (fc.get("mode").asText()) {
                case "ANY" -> allowed.size() == 1 ? new Turn.ToolChoice(Turn.ToolChoiceKind.TOOL, allowed.get(0).asText())
                        : new Turn.ToolChoice(Turn.ToolChoiceKind.ANY, null);
                case "NONE" -> new Turn.ToolChoice(Turn.ToolChoiceKind.NONE, null);
                default -> new Turn.ToolChoice(Turn.ToolChoiceKind.AUTO, null);
            };
        }
        JsonNode g = b.path("generationConfig");
        if (g.path("candidateCount").asInt(1) > 1) {
            throw GatewayError.badRequest("generationConfig.candidateCount: only one candidate can be translated",
                    "generationConfig.candidateCount");
        }
        List<String> stop = null;
        if (g.path("stopSequences").isArray()) {
            stop = new ArrayList<>();
            for (JsonNode s : g.get("stopSequences")) {
                stop.add(s.asText());
            }
        }
        JsonNode format = null;
        if ("application/json".equals(Json.str(g, "responseMimeType"))) {
            JsonNode schema = g.has("responseJsonSchema") ? g.get("responseJsonSchema") : g.get("responseSchema");
            if (schema == null) {
                format = Json.object().put("type", "json_object");
            } else {
                ObjectNode f = Json.object().put("type", "json_schema");
                f.putObject("json_schema").put("name", "response").set("schema", schema);
                format = f;
            }
        }
        Turn.Reasoning reasoning = null;
        JsonNode tc = g.path("thinkingConfig");
        if (tc.has("thinkingBudget")) {
            int budget = tc.get("thinkingBudget").asInt();
            reasoning = budget > 0 ? new Turn.Reasoning(budget, null) : budget < 0 ? new Turn.Reasoning(null, "medium") : null;
        } else if (tc.has("thinkingLevel")) {
            reasoning = new Turn.Reasoning(null, tc.get("thinkingLevel").asText().toLowerCase());
        }
        return new Turn.Request(null, system, messages, tools, choice, null,
                Json.has(g, "maxOutputTokens") ? g.get("maxOutputTokens").asInt() : null,
                Json.has(g, "temperature") ? g.get("temperature").asDouble() : null,
                Json.has(g, "topP") ? g.get("topP").asDouble() : null,
                Json.has(g, "topK") ? g.get("topK").asInt() : null,
                stop, false, true, format, reasoning, null);
    }

    static ObjectNode encode(Turn.Request r, Target target) {
        ObjectNode b = Json.object();
        Map<String, String> names = new HashMap<>();
        ArrayNode contents = b.putArray("contents");
        Turn.Role last = null;
        ArrayNode parts = null;
        for (Turn.Message m : r.messages()) {
            // consecutive turns of one role merge: Gemini wants all responses to parallel calls in one turn
            if (m.role() != last) {
                ObjectNode c = contents.addObject().put("role", m.role() == Turn.Role.USER ? "user" : "model");
                parts = c.putArray("parts");
                last = m.role();
            }
            String signature = null;
            for (Part p : m.parts()) {
                switch (p) {
                    case Turn.Text t -> {
                        if (!t.text().isEmpty()) {
                            ObjectNode o = parts.addObject().put("text", t.text());
                            signature = sign(o, signature);
                        }
                    }
                    case Turn.Thinking t -> {
                        if (!t.text().isEmpty()) {
                            ObjectNode o = parts.addObject().put("text", t.text()).put("thought", true);
                            if (Signatures.forGemini(t.signature()) != null) {
                                o.put("thoughtSignature", Signatures.forGemini(t.signature()));
                            }
                        } else if (Signatures.forGemini(t.signature()) != null) {
                            // goes on the next part, where Gemini had it; other vendors' are dropped
                            signature = Signatures.forGemini(t.signature());
                        }
                    }
                    case Turn.Image i -> {
                        if (i.data() != null) {
                            parts.addObject().putObject("inlineData").put("mimeType", i.mediaType()).put("data", i.data());
                        } else {
                            parts.addObject().putObject("fileData").put("mimeType", mimeOf(i.url())).put("fileUri", i.url());
                        }
                    }
                    case Turn.ToolUse u -> {
                        names.put(u.id(), u.name());
                        ObjectNode o = parts.addObject();
                        o.putObject("functionCall").put("name", u.name()).set("args", ChatResponses.argumentsObject(u.arguments()));
                        signature = sign(o, signature);
                    }
                    case Turn.ToolResult t -> {
                        StringBuilder text = new StringBuilder();
                        for (Part q : t.content()) {
                            if (q instanceof Turn.Text x) {
                                text.append(text.isEmpty() ? "" : "\n").append(x.text());
                            }
                        }
                        ObjectNode f = parts.addObject().putObject("functionResponse");
                        f.put("name", names.getOrDefault(t.toolUseId(), t.toolUseId()));
                        ObjectNode response = f.putObject("response");
                        response.put(t.error() ? "error" : "output", text.toString());
                    }
                    case Turn.RedactedThinking x -> {
                        // Anthropic-only encrypted thinking: dropped
                    }
                }
            }
        }
        if (!r.system().isEmpty()) {
            ArrayNode sys = b.putObject("systemInstruction").putArray("parts");
            r.system().forEach(s -> sys.addObject().put("text", s));
        }
        if (!r.tools().isEmpty()) {
            ArrayNode decl = b.putArray("tools").addObject().putArray("functionDeclarations");
            for (Turn.Tool t : r.tools()) {
                ObjectNode f = decl.addObject().put("name", t.name());
                if (t.description() != null) {
                    f.put("description", t.description());
                }
                f.set("parametersJsonSchema", t.schema() != null ? t.schema() : Json.object().put("type", "object"));
            }
        }
        if (r.toolChoice() != null) {
            ObjectNode fc = b.putObject("toolConfig").putObject("functionCallingConfig");
            switch (r.toolChoice().kind()) {
                case AUTO -> fc.put("mode", "AUTO");
                case ANY -> fc.put("mode", "ANY");
                case NONE -> fc.put("mode", "NONE");
                case TOOL -> fc.put("mode", "ANY").putArray("allowedFunctionNames").add(r.toolChoice().name());
            }
        }
        ObjectNode g = Json.object();
        if (r.maxTokens() != null) {
            g.put("maxOutputTokens", r.maxTokens());
        }
        if (r.temperature() != null) {
            g.put("temperature", r.temperature());
        }
        if (r.topP() != null) {
            g.put("topP", r.topP());
        }
        if (r.topK() != null) {
            g.put("topK", r.topK());
        }
        if (r.stop() != null && !r.stop().isEmpty()) {
            ArrayNode s = g.putArray("stopSequences");
            r.stop().forEach(s::add);
        }
        if (r.responseFormat() != null) {
            g.put("responseMimeType", "application/json");
            JsonNode schema = r.responseFormat().path("json_schema").get("schema");
            if (schema != null) {
                g.set("responseJsonSchema", schema);
            }
        }
        if (r.reasoning() != null) {
            Integer budget = r.reasoning().budgetTokens() != null ? r.reasoning().budgetTokens()
                    : AnthropicRequests.budgetFor(r.reasoning().effort());
            ObjectNode tc = g.putObject("thinkingConfig").put("includeThoughts", true);
            tc.put("thinkingBudget", budget == null ? -1 : budget);
        }
        if (!g.isEmpty()) {
            b.set("generationConfig", g);
        }
        return b;
    }

    /** Gemini's OpenAPI-style schemas spell types in capitals ({@code OBJECT}); JSON Schema wants lower case. */
    private static JsonNode lowerTypes(JsonNode schema) {
        if (schema instanceof ObjectNode o) {
            JsonNode type = o.get("type");
            if (type != null && type.isTextual()) {
                o.put("type", type.asText().toLowerCase(java.util.Locale.ROOT));
            }
            o.properties().forEach(e -> lowerTypes(e.getValue()));
        } else if (schema != null && schema.isArray()) {
            schema.forEach(GeminiRequests::lowerTypes);
        }
        return schema;
    }

    private static String sign(ObjectNode part, String signature) {
        if (signature != null) {
            part.put("thoughtSignature", signature);
        }
        return null;
    }

    /** Gemini's fileData needs a MIME type; it is guessed from the URL's extension. */
    static String mimeOf(String url) {
        String u = url.toLowerCase();
        int q = u.indexOf('?');
        u = q < 0 ? u : u.substring(0, q);
        if (u.endsWith(".png")) {
            return "image/png";
        }
        if (u.endsWith(".webp")) {
            return "image/webp";
        }
        if (u.endsWith(".gif")) {
            return "image/gif";
        }
        if (u.endsWith(".heic")) {
            return "image/heic";
        }
        return "image/jpeg";
    }
}
