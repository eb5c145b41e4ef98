package io.llmio.proxy.translate;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.llmio.proxy.translate.Turn.Part;

/** Gemini generateContent answers and errors to and from the {@link Turn} model. */
final class GeminiResponses {
    private GeminiResponses() {
    }

    static Turn.Response decode(JsonNode b) {
        String id = Json.str(b, "responseId");
        JsonNode cand = b.path("candidates").path(0);
        List<Part> content = new ArrayList<>();
        boolean calls = parts(cand.path("content").path("parts"), id, 0, content);
        return new Turn.Response(id, Json.str(b, "modelVersion"), content,
                finish(Json.str(cand, "finishReason"), calls), null, tokens(b.get("usageMetadata")));
    }

    /** Appends the parts; returns whether any was a function call. {@code first} numbers derived call ids. */
    static boolean parts(JsonNode ps, String answerId, int first, List<Part> out) {
        boolean calls = false;
        int n = first;
        for (JsonNode p : ps) {
            String sig = Signatures.ofGemini(Json.str(p, "thoughtSignature"));
            if (p.has("functionCall")) {
                JsonNode f = p.get("functionCall");
                if (sig != null) {
                    out.add(new Turn.Thinking("", sig));
                }
                out.add(new Turn.ToolUse(callId(Json.str(f, "id"), answerId, n++), Json.str(f, "name"),
                        Json.text(f.has("args") ? f.get("args") : Json.object())));
                calls = true;
            } else if (p.has("text") && p.path("thought").asBoolean(false)) {
                out.add(new Turn.Thinking(p.get("text").asText(), sig));
            } else if (p.has("text")) {
                if (sig != null) {
                    // Gemini signs the part after its thoughts: the signature closes that thinking block
                    int last = out.size() - 1;
                    if (last >= 0 && out.get(last) instanceof Turn.Thinking t && t.signature() == null) {
                        out.set(last, new Turn.Thinking(t.text(), sig));
                    } else {
                        out.add(new Turn.Thinking("", sig));
                    }
                }
                out.add(new Turn.Text(p.get("text").asText()));
            }
        }
        return calls;
    }

    static String callId(String id, String answerId, int n) {
        return id != null && !id.isEmpty() ? Json.idSafe(id) : "toolu_" + Json.idSafe(answerId == null ? "gemini" : answerId) + "_" + n;
    }

    /** Gemini says STOP after function calls too; a call makes it a tool-use finish. */
    static Turn.Finish finish(String reason, boolean calls) {
        if (reason == null) {
            return calls ? Turn.Finish.TOOL_USE : Turn.Finish.END_TURN;
        }
        return switch (reason) {
            case "MAX_TOKENS" -> Turn.Finish.MAX_TOKENS;
            case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY" -> Turn.Finish.REFUSAL;
            default -> calls ? Turn.Finish.TOOL_USE : Turn.Finish.END_TURN;
        };
    }

    static String reason(Turn.Finish f) {
        return switch (f) {
            case END_TURN, STOP_SEQUENCE, TOOL_USE, PAUSE_TURN -> "STOP";
            case MAX_TOKENS -> "MAX_TOKENS";
            case REFUSAL -> "SAFETY";
        };
    }

    /** promptTokenCount includes cached tokens; candidatesTokenCount excludes thoughts. */
    static Turn.Tokens tokens(JsonNode u) {
        if (u == null || !u.isObject()) {
            return null;
        }
        long prompt = Json.num(u, "promptTokenCount");
        long cached = Json.num(u, "cachedContentTokenCount");
        long thoughts = Json.num(u, "thoughtsTokenCount");
        return new Turn.Tokens(Math.max(0, prompt - cached), cached, 0,
                Json.num(u, "candidatesTokenCount") + thoughts, thoughts);
    }

    static ObjectNode usage(Turn.Tokens t) {
        ObjectNode u = Json.object();
        u.put("promptTokenCount", t.prompt());
        u.put("candidatesTokenCount", t.output() - t.reasoning());
        u.put("totalTokenCount", t.prompt() + t.output());
        if (t.cacheRead() > 0) {
            u.put("cachedContentTokenCount", t.cacheRead());
        }
        if (t.reasoning() > 0) {
            u.put("thoughtsTokenCount", t.reasoning());
        }
        return u;
    }

    static ObjectNode encode(Turn.Response r, Reply reply) {
        ObjectNode b = Json.object();
        ObjectNode cand = b.putArray("candidates").addObject();
        ObjectNode content = cand.putObject("content");
        ArrayNode parts = content.putArray("parts");
        String signature = null;
        for (Part p : r.content()) {
            signature = part(p, parts, signature);
        }
        content.put("role", "model");
        cand.put("finishReason", reason(r.finish()));
        cand.put("index", 0);
        if (r.usage() != null) {
            b.set("usageMetadata", usage(r.usage()));
        }
        b.put("modelVersion", reply.model());
        if (r.id() != null) {
            b.put("responseId", r.id());
        }
        return b;
    }

    /** Writes one part; returns a signature still waiting for the part it belongs to. */
    static String part(Part p, ArrayNode parts, String signature) {
        ObjectNode o = null;
        switch (p) {
            case Turn.Text t -> o = parts.addObject().put("text", t.text());
            case Turn.Thinking t -> {
                if (t.text().isEmpty()) {
                    return Signatures.toGeminiCaller(t.signature());
                }
                o = parts.addObject().put("text", t.text()).put("thought", true);
                if (t.signature() != null) {
                    o.put("thoughtSignature", Signatures.toGeminiCaller(t.signature()));
                }
                return null;
            }
            case Turn.ToolUse u -> {
                o = parts.addObject();
                ObjectNode f = o.putObject("functionCall").put("name", u.name());
                f.set("args", ChatResponses.argumentsObject(u.arguments()));
            }
            case Turn.RedactedThinking x -> {
                return signature;
            }
            case Turn.Image x -> {
                return signature;
            }
            case Turn.ToolResult x -> {
                return signature;
            }
        }
        if (signature != null && !signature.isEmpty()) {
            o.put("thoughtSignature", signature);
        }
        return null;
    }

    static Turn.Failure decodeError(int status, byte[] body) {
        return Failures.fromErrorObject(status, body, e -> {
            String s = Json.str(e, "status");
            if ("RESOURCE_EXHAUSTED".equals(s)) {
                return "rate_limit_error";
            }
            return "UNAVAILABLE".equals(s) ? "overloaded_error" : null;
        });
    }

    static Translator.ErrorReply encodeError(Turn.Failure f) {
        int status = f.status() == 529 ? 503 : f.status();
        return new Translator.ErrorReply(status, Json.bytes(errorBody(f, status)));
    }

    static ObjectNode errorBody(Turn.Failure f, int status) {
        ObjectNode b = Json.object();
        b.putObject("error").put("code", status).put("message", f.message()).put("status", statusName(f.kind(), status));
        return b;
    }

    private static String statusName(String kind, int status) {
        return switch (kind) {
            case "authentication_error" -> "UNAUTHENTICATED";
            case "permission_error", "billing_error" -> "PERMISSION_DENIED";
            case "not_found_error" -> "NOT_FOUND";
            case "rate_limit_error" -> "RESOURCE_EXHAUSTED";
            case "overloaded_error" -> "UNAVAILABLE";
            case "api_error" -> status == 504 ? "DEADLINE_EXCEEDED" : "INTERNAL";
            default -> "INVALID_ARGUMENT";
        };
    }
}
