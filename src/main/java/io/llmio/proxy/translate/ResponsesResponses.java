package io.llmio.proxy.translate;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.llmio.proxy.translate.Signatures.Vendor;
import io.llmio.proxy.translate.Turn.Part;

/**
 * OpenAI Responses answers ({@code object: "response"}) to and from the {@link Turn} model. Errors
 * are OpenAI's one envelope, shared with chat completions.
 */
final class ResponsesResponses {
    private ResponsesResponses() {
    }

    static Turn.Response decode(JsonNode b) {
        String id = Json.str(b, "id");
        List<Part> content = new ArrayList<>();
        boolean refusal = false;
        JsonNode output = b.path("output");
        for (int i = 0; i < output.size(); i++) {
            JsonNode it = output.get(i);
            switch (it.path("type").asText("")) {
                case "reasoning" -> content.add(new Turn.Thinking(ResponsesRequests.reasoningText(it), signature(it)));
                case "message" -> {
                    for (JsonNode c : it.path("content")) {
                        if ("refusal".equals(Json.str(c, "type"))) {
                            refusal = true;
                            content.add(new Turn.Text(c.path("refusal").asText("")));
                        } else if (Json.has(c, "text")) {
                            content.add(new Turn.Text(c.get("text").asText()));
                        }
                    }
                }
                case "function_call" -> content.add(new Turn.ToolUse(
                        ChatResponses.toolId(Json.str(it, "call_id"), id, i), Json.str(it, "name"),
                        it.path("arguments").asText("")));
                default -> {
                    // built-in tool calls (web_search_call, …) have no equivalent for other callers
                }
            }
        }
        boolean calls = content.stream().anyMatch(p -> p instanceof Turn.ToolUse);
        Turn.Finish finish = refusal ? Turn.Finish.REFUSAL
                : finish(Json.str(b, "status"), Json.str(b.path("incomplete_details"), "reason"), calls);
        return new Turn.Response(id, Json.str(b, "model"), content, finish, null, tokens(b.get("usage")));
    }

    /** An upstream reasoning item's id and encrypted content as an OpenAI signature (none when not encrypted). */
    static String signature(JsonNode item) {
        String enc = Json.str(item, "encrypted_content");
        return enc == null || enc.isEmpty() ? null
                : Signatures.of(Vendor.OPENAI, item.path("id").asText("") + "." + enc);
    }

    static Turn.Finish finish(String status, String incompleteReason, boolean toolCalls) {
        if ("incomplete".equals(status)) {
            return "content_filter".equals(incompleteReason) ? Turn.Finish.REFUSAL : Turn.Finish.MAX_TOKENS;
        }
        return toolCalls ? Turn.Finish.TOOL_USE : Turn.Finish.END_TURN;
    }

    /** {@code input_tokens} includes the cached ones; {@code output_tokens} includes reasoning. */
    static Turn.Tokens tokens(JsonNode u) {
        if (u == null || !u.isObject()) {
            return null;
        }
        long input = Json.num(u, "input_tokens");
        long cached = Json.num(u.path("input_tokens_details"), "cached_tokens");
        return new Turn.Tokens(Math.max(0, input - cached), cached, 0, Json.num(u, "output_tokens"),
                Json.num(u.path("output_tokens_details"), "reasoning_tokens"));
    }

    static ObjectNode usage(Turn.Tokens t) {
        ObjectNode u = Json.object();
        u.put("input_tokens", t.prompt());
        u.putObject("input_tokens_details").put("cached_tokens", t.cacheRead());
        u.put("output_tokens", t.output());
        u.putObject("output_tokens_details").put("reasoning_tokens", t.reasoning());
        u.put("total_tokens", t.prompt() + t.output());
        return u;
    }

    static String responseId(String id) {
        return id == null ? "resp_translated" : id.startsWith("resp_") ? id : "resp_" + Json.idSafe(id);
    }

    /** The item ids of one answer: {@code <prefix>_<answer id>_<output index>}. */
    static String itemId(String prefix, String responseId, int index) {
        return prefix + "_" + responseId.substring(responseId.indexOf('_') + 1) + "_" + index;
    }

    /**
     * The response object around {@code output}; {@code finish} null while in progress. Fields the
     * translation does not know (sampling, tools) are OpenAI's defaults.
     */
    static ObjectNode envelope(String id, Reply reply, ArrayNode output, Turn.Finish finish, Turn.Tokens usage) {
        ObjectNode b = Json.object();
        b.put("id", id);
        b.put("object", "response");
        b.put("created_at", reply.created());
        boolean incomplete = finish == Turn.Finish.MAX_TOKENS || finish == Turn.Finish.REFUSAL;
        b.put("status", finish == null ? "in_progress" : incomplete ? "incomplete" : "completed");
        b.putNull("error");
        if (incomplete) {
            b.putObject("incomplete_details").put("reason",
                    finish == Turn.Finish.REFUSAL ? "content_filter" : "max_output_tokens");
        } else {
            b.putNull("incomplete_details");
        }
        b.putNull("instructions");
        b.putNull("max_output_tokens");
        b.put("model", reply.model());
        b.set("output", output);
        b.put("parallel_tool_calls", true);
        b.putNull("previous_response_id");
        b.putObject("reasoning").putNull("effort").putNull("summary");
        b.put("store", false);
        b.putNull("temperature");
        b.putObject("text").putObject("format").put("type", "text");
        b.put("tool_choice", "auto");
        b.putArray("tools");
        b.putNull("top_p");
        b.put("truncation", "disabled");
        if (usage == null) {
            b.putNull("usage");
        } else {
            b.set("usage", usage(usage));
        }
        b.putNull("user");
        b.putObject("metadata");
        return b;
    }

    static ObjectNode encode(Turn.Request request, Turn.Response r, Reply reply) {
        String id = responseId(r.id());
        ArrayNode output = Json.array();
        StringBuilder text = new StringBuilder();
        for (Part p : r.content()) {
            switch (p) {
                case Turn.Text t -> text.append(t.text());
                case Turn.Thinking t -> {
                    flush(id, text, output);
                    output.add(reasoningItem(itemId("rs", id, output.size()), t.text(), t.signature()));
                }
                case Turn.ToolUse u -> {
                    flush(id, text, output);
                    output.add(callItem(u.id(), u.name(), request.qualified(u.name()), u.arguments(), "completed"));
                }
                case Turn.RedactedThinking x -> {
                    // encrypted, meaningful only to Anthropic: dropped
                }
                case Turn.Image x -> {
                    // not produced by chat models in these protocols
                }
                case Turn.ToolResult x -> {
                    // never in answers
                }
            }
        }
        flush(id, text, output);
        return envelope(id, reply, output, r.finish(), r.usage() == null ? Turn.Tokens.ZERO : r.usage());
    }

    private static void flush(String id, StringBuilder text, ArrayNode output) {
        if (!text.isEmpty()) {
            output.add(messageItem(itemId("msg", id, output.size()), text.toString(), "completed"));
            text.setLength(0);
        }
    }

    static ObjectNode textPart(String text) {
        ObjectNode part = Json.object().put("type", "output_text");
        part.putArray("annotations");
        part.putArray("logprobs");
        return part.put("text", text);
    }

    static ObjectNode messageItem(String itemId, String text, String status) {
        ObjectNode o = Json.object().put("id", itemId).put("type", "message").put("status", status);
        ArrayNode content = o.putArray("content");
        if (text != null) {
            content.add(textPart(text));
        }
        return o.put("role", "assistant");
    }

    /** A reasoning item; another vendor's signature rides in {@code encrypted_content}, marked. */
    static ObjectNode reasoningItem(String itemId, String text, String signature) {
        ObjectNode o = Json.object().put("id", itemId).put("type", "reasoning");
        ArrayNode summary = o.putArray("summary");
        if (text != null && !text.isEmpty()) {
            summary.addObject().put("type", "summary_text").put("text", text);
        }
        String enc = Signatures.toCaller(Vendor.OPENAI, signature);
        if (enc != null) {
            o.put("encrypted_content", enc);
        }
        return o;
    }

    /**
     * A {@code function_call} item; a flattened namespace function ({@code qualified} non-null) gets
     * its {@code namespace} and own name back, as OpenAI writes a call of a namespace tool.
     */
    static ObjectNode callItem(String callId, String name, Turn.Qualified qualified, String arguments, String status) {
        ObjectNode o = Json.object().put("id", "fc_" + callId).put("type", "function_call").put("status", status)
                .put("arguments", arguments).put("call_id", callId);
        if (qualified != null) {
            o.put("namespace", qualified.namespace());
        }
        return o.put("name", qualified != null ? qualified.name() : name);
    }
}
