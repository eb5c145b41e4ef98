package io.llmio.proxy.translate;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.llmio.proxy.translate.Turn.Part;

/** Anthropic Messages answers and errors to and from the {@link Turn} model. */
final class AnthropicResponses {
    private AnthropicResponses() {
    }

    static Turn.Response decode(JsonNode b) {
        List<Part> content = new ArrayList<>();
        for (JsonNode c : b.path("content")) {
            switch (c.path("type").asText("")) {
                case "text" -> content.add(new Turn.Text(c.path("text").asText("")));
                case "thinking" -> content.add(new Turn.Thinking(c.path("thinking").asText(""),
                        Signatures.ofAnthropic(Json.str(c, "signature"))));
                case "redacted_thinking" -> content.add(new Turn.RedactedThinking(Json.str(c, "data")));
                case "tool_use" -> content.add(new Turn.ToolUse(Json.str(c, "id"), Json.str(c, "name"),
                        Json.text(c.has("input") ? c.get("input") : Json.object())));
                default -> {
                    // server-tool blocks and other kinds have no place in the caller's protocol
                }
            }
        }
        return new Turn.Response(Json.str(b, "id"), Json.str(b, "model"), content,
                finish(Json.str(b, "stop_reason")), Json.str(b, "stop_sequence"), tokens(b.get("usage"), null));
    }

    static Turn.Finish finish(String reason) {
        if (reason == null) {
            return Turn.Finish.END_TURN;
        }
        return switch (reason) {
            case "max_tokens", "model_context_window_exceeded" -> Turn.Finish.MAX_TOKENS;
            case "stop_sequence" -> Turn.Finish.STOP_SEQUENCE;
            case "tool_use" -> Turn.Finish.TOOL_USE;
            case "refusal" -> Turn.Finish.REFUSAL;
            case "pause_turn" -> Turn.Finish.PAUSE_TURN;
            default -> Turn.Finish.END_TURN;
        };
    }

    static String reason(Turn.Finish f) {
        return switch (f) {
            case END_TURN -> "end_turn";
            case MAX_TOKENS -> "max_tokens";
            case STOP_SEQUENCE -> "stop_sequence";
            case TOOL_USE -> "tool_use";
            case REFUSAL -> "refusal";
            case PAUSE_TURN -> "pause_turn";
        };
    }

    /** Reads Anthropic usage; fields absent from {@code u} keep their value in {@code base}. */
    static Turn.Tokens tokens(JsonNode u, Turn.Tokens base) {
        Turn.Tokens b = base == null ? Turn.Tokens.ZERO : base;
        if (u == null || !u.isObject()) {
            return base;
        }
        return new Turn.Tokens(
                Json.has(u, "input_tokens") ? Json.num(u, "input_tokens") : b.input(),
                Json.has(u, "cache_read_input_tokens") ? Json.num(u, "cache_read_input_tokens") : b.cacheRead(),
                Json.has(u, "cache_creation_input_tokens") ? Json.num(u, "cache_creation_input_tokens") : b.cacheWrite(),
                Json.has(u, "output_tokens") ? Json.num(u, "output_tokens") : b.output(),
                b.reasoning());
    }

    /** The usage object in the order and shape Anthropic sends it. */
    static ObjectNode usage(Turn.Tokens t) {
        Turn.Tokens u = t == null ? Turn.Tokens.ZERO : t;
        ObjectNode o = Json.object();
        o.put("input_tokens", u.input());
        o.put("cache_creation_input_tokens", u.cacheWrite());
        o.put("cache_read_input_tokens", u.cacheRead());
        o.put("output_tokens", u.output());
        return o;
    }

    static String messageId(String id) {
        return id == null ? "msg_translated" : id.startsWith("msg_") ? id : "msg_" + Json.idSafe(id);
    }

    static ObjectNode encode(Turn.Response r, Reply reply) {
        ObjectNode b = Json.object();
        b.put("id", messageId(r.id()));
        b.put("type", "message");
        b.put("role", "assistant");
        b.put("model", reply.model());
        ArrayNode content = b.putArray("content");
        for (Part p : r.content()) {
            switch (p) {
                case Turn.Text t -> content.addObject().put("type", "text").put("text", t.text());
                case Turn.Thinking t -> content.addObject().put("type", "thinking").put("thinking", t.text())
                        .put("signature", Signatures.toAnthropicCaller(t.signature()));
                case Turn.RedactedThinking t -> content.addObject().put("type", "redacted_thinking").put("data", t.data());
                case Turn.ToolUse u -> content.addObject().put("type", "tool_use").put("id", u.id())
                        .put("name", u.name()).set("input", ChatResponses.argumentsObject(u.arguments()));
                case Turn.Image x -> {
                    // not produced by chat models
                }
                case Turn.ToolResult x -> {
                    // never in answers
                }
            }
        }
        b.put("stop_reason", reason(r.finish()));
        if (r.stopSequence() != null) {
            b.put("stop_sequence", r.stopSequence());
        } else {
            b.putNull("stop_sequence");
        }
        b.set("usage", usage(r.usage()));
        return b;
    }

    static Turn.Failure decodeError(int status, byte[] body) {
        return Failures.fromErrorObject(status, body, e -> Json.str(e, "type"));
    }

    static Translator.ErrorReply encodeError(Turn.Failure f) {
        int status = "overloaded_error".equals(f.kind()) ? 529 : f.status();
        return new Translator.ErrorReply(status, Json.bytes(errorBody(f)));
    }

    static ObjectNode errorBody(Turn.Failure f) {
        ObjectNode b = Json.object().put("type", "error");
        b.putObject("error").put("type", f.kind()).put("message", f.message());
        return b;
    }
}
