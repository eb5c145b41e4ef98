package io.llmio.proxy.translate;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.llmio.proxy.translate.Turn.Part;

/** OpenAI chat-completions answers and errors to and from the {@link Turn} model. */
final class ChatResponses {
    private ChatResponses() {
    }

    static Turn.Response decode(JsonNode b) {
        String id = Json.str(b, "id");
        JsonNode choice = b.path("choices").path(0);
        JsonNode msg = choice.path("message");
        List<Part> content = new ArrayList<>();
        String reasoning = reasoningText(msg);
        if (reasoning != null && !reasoning.isEmpty()) {
            content.add(new Turn.Thinking(reasoning, null));
        }
        String text = Json.str(msg, "content");
        if (text != null && !text.isEmpty()) {
            content.add(new Turn.Text(text));
        }
        String refusal = Json.str(msg, "refusal");
        if (refusal != null && !refusal.isEmpty()) {
            content.add(new Turn.Text(refusal));
        }
        JsonNode calls = msg.path("tool_calls");
        for (int i = 0; i < calls.size(); i++) {
            JsonNode c = calls.get(i);
            JsonNode f = c.path("function");
            content.add(new Turn.ToolUse(toolId(Json.str(c, "id"), id, i), Json.str(f, "name"),
                    f.path("arguments").asText("")));
        }
        Turn.Finish finish = refusal != null && !refusal.isEmpty() ? Turn.Finish.REFUSAL
                : finish(Json.str(choice, "finish_reason"));
        return new Turn.Response(id, Json.str(b, "model"), content, finish, null, tokens(b.get("usage")));
    }

    /** {@code reasoning_content} (DeepSeek, vLLM, SGLang) or {@code reasoning} (newer vLLM, OpenRouter). */
    static String reasoningText(JsonNode msgOrDelta) {
        String r = Json.str(msgOrDelta, "reasoning_content");
        if (r == null && msgOrDelta.path("reasoning").isTextual()) {
            r = msgOrDelta.get("reasoning").asText();
        }
        return r;
    }

    /** The upstream tool call id made safe for Anthropic, or one derived from the answer id. */
    static String toolId(String id, String answerId, int index) {
        if (id != null && !id.isEmpty()) {
            return Json.idSafe(id);
        }
        return "toolu_" + Json.idSafe(answerId == null ? "call" : answerId) + "_" + index;
    }

    static Turn.Finish finish(String reason) {
        if (reason == null) {
            return Turn.Finish.END_TURN;
        }
        return switch (reason) {
            case "length" -> Turn.Finish.MAX_TOKENS;
            case "tool_calls", "function_call" -> Turn.Finish.TOOL_USE;
            case "content_filter" -> Turn.Finish.REFUSAL;
            default -> Turn.Finish.END_TURN; // stop, insufficient_system_resource, unknown
        };
    }

    static String reason(Turn.Finish f) {
        return switch (f) {
            case END_TURN, STOP_SEQUENCE, PAUSE_TURN -> "stop";
            case MAX_TOKENS -> "length";
            case TOOL_USE -> "tool_calls";
            case REFUSAL -> "content_filter";
        };
    }

    /** OpenAI counts cached tokens inside prompt_tokens; DeepSeek also reports prompt_cache_hit_tokens. */
    static Turn.Tokens tokens(JsonNode u) {
        if (u == null || !u.isObject()) {
            return null;
        }
        long prompt = Json.num(u, "prompt_tokens");
        long cached = Json.has(u.path("prompt_tokens_details"), "cached_tokens")
                ? Json.num(u.get("prompt_tokens_details"), "cached_tokens")
                : Json.num(u, "prompt_cache_hit_tokens");
        return new Turn.Tokens(Math.max(0, prompt - cached), cached, 0, Json.num(u, "completion_tokens"),
                Json.num(u.path("completion_tokens_details"), "reasoning_tokens"));
    }

    static ObjectNode usage(Turn.Tokens t) {
        ObjectNode u = Json.object();
        u.put("prompt_tokens", t.prompt());
        u.put("completion_tokens", t.output());
        u.put("total_tokens", t.prompt() + t.output());
        u.putObject("prompt_tokens_details").put("cached_tokens", t.cacheRead());
        if (t.reasoning() > 0) {
            u.putObject("completion_tokens_details").put("reasoning_tokens", t.reasoning());
        }
        return u;
    }

    static String chatId(String id) {
        return id == null ? "chatcmpl-translated" : id.startsWith("chatcmpl-") ? id : "chatcmpl-" + id;
    }

    static ObjectNode encode(Turn.Response r, Reply reply) {
        ObjectNode b = Json.object();
        b.put("id", chatId(r.id()));
        b.put("object", "chat.completion");
        b.put("created", reply.created());
        b.put("model", reply.model());
        ObjectNode choice = b.putArray("choices").addObject().put("index", 0);
        ObjectNode msg = choice.putObject("message").put("role", "assistant");
        StringBuilder text = new StringBuilder();
        StringBuilder thinking = new StringBuilder();
        ArrayNode calls = Json.array();
        for (Part p : r.content()) {
            switch (p) {
                case Turn.Text t -> text.append(t.text());
                case Turn.Thinking t -> thinking.append(t.text());
                case Turn.ToolUse u -> {
                    ObjectNode c = calls.addObject().put("id", u.id()).put("type", "function");
                    c.putObject("function").put("name", u.name()).put("arguments", u.arguments());
                }
                case Turn.RedactedThinking x -> {
                    // encrypted: nothing an OpenAI client can show
                }
                case Turn.Image x -> {
                    // not produced by chat models in these protocols
                }
                case Turn.ToolResult x -> {
                    // never in answers
                }
            }
        }
        if (text.isEmpty() && !calls.isEmpty()) {
            msg.putNull("content");
        } else {
            msg.put("content", text.toString());
        }
        if (!thinking.isEmpty()) {
            msg.put("reasoning_content", thinking.toString());
        }
        if (!calls.isEmpty()) {
            msg.set("tool_calls", calls);
        }
        msg.putNull("refusal");
        choice.putNull("logprobs");
        choice.put("finish_reason", reason(r.finish()));
        if (r.usage() != null) {
            b.set("usage", usage(r.usage()));
        }
        return b;
    }

    /** The arguments text as an object for Anthropic's {@code input}; never loses what the model sent. */
    static JsonNode argumentsObject(String arguments) {
        if (arguments == null || arguments.isBlank()) {
            return Json.object();
        }
        try {
            JsonNode n = Json.parse(arguments);
            if (n != null && n.isObject()) {
                return n;
            }
        } catch (IOException e) {
            // falls through: kept verbatim below
        }
        return Json.object().put("_raw_arguments", arguments);
    }

    static Turn.Failure decodeError(int status, byte[] body) {
        String message = null;
        String kind = null;
        try {
            JsonNode b = Json.parse(body);
            JsonNode e = b.get("error");
            if (e != null && e.isObject()) {
                message = Json.str(e, "message");
                String type = Json.str(e, "type");
                if ("insufficient_quota".equals(type) || "insufficient_quota".equals(Json.str(e, "code"))) {
                    kind = "rate_limit_error";
                }
            } else if (e != null && e.isTextual()) {
                message = e.asText();
            } else {
                message = Json.str(b, "message");
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: the status alone speaks
        }
        return Failures.failure(status, kind, message);
    }

    static Translator.ErrorReply encodeError(Turn.Failure f) {
        int status = f.status() == 529 ? 503 : f.status();
        return new Translator.ErrorReply(status, Json.bytes(errorBody(f)));
    }

    static ObjectNode errorBody(Turn.Failure f) {
        ObjectNode b = Json.object();
        ObjectNode e = b.putObject("error");
        e.put("message", f.message());
        e.put("type", Failures.openAiType(f.kind()));
        e.putNull("param");
        e.put("code", f.kind());
        return b;
    }
}
