package io.llmio.proxy.translate;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * OpenAI Responses streams: semantic events ({@code response.created}, {@code
 * response.output_item.added}, {@code response.output_text.delta}, …, {@code response.completed})
 * to deltas (upstream side) and deltas to events (caller side). There is no {@code [DONE]}: the
 * terminal event is {@code response.completed}, {@code response.incomplete} or {@code
 * response.failed}.
 */
final class ResponsesStream {
    private ResponsesStream() {
    }

    /** Reads a Responses event stream; each event gives its deltas at once. */
    static final class Decoder implements Dialect.StreamDecoder {
        private String id;
        private boolean toolCalls;
        private boolean refusal;
        /** output indexes of function calls, and those whose arguments were streamed */
        private final Set<Integer> calls = new HashSet<>();
        private final Set<Integer> streamedArgs = new HashSet<>();

        @Override
        public void feed(String event, String data, List<Delta> out) {
            JsonNode e = Dialect.StreamDecoder.data(data, out);
            if (e == null) {
                return;
            }
            String type = Json.str(e, "type");
            int index = e.path("output_index").asInt(0);
            switch (type == null ? "" : type) {
                case "response.created" -> {
                    JsonNode r = e.path("response");
                    id = Json.str(r, "id");
                    out.add(new Delta.Start(id, Json.str(r, "model"), Turn.Tokens.ZERO));
                }
                case "response.output_item.added" -> {
                    JsonNode it = e.path("item");
                    if ("function_call".equals(Json.str(it, "type"))) {
                        calls.add(index);
                        toolCalls = true;
                        out.add(new Delta.ToolStart(index, ChatResponses.toolId(Json.str(it, "call_id"), id, index),
                                Json.str(it, "name")));
                    }
                }
                case "response.output_text.delta", "response.refusal.delta" -> {
                    refusal |= type.startsWith("response.refusal");
                    text(e, out, false);
                }
                case "response.reasoning_summary_text.delta", "response.reasoning_text.delta" -> text(e, out, true);
                case "response.reasoning_summary_part.added" -> {
                    if (e.path("summary_index").asInt(0) > 0) {
                        out.add(new Delta.Thinking("\n\n"));
                    }
                }
                case "response.function_call_arguments.delta" -> {
                    String d = Json.str(e, "delta");
                    if (d != null && !d.isEmpty()) {
                        streamedArgs.add(index);
                        out.add(new Delta.ToolArgs(index, d));
                    }
                }
                case "response.output_item.done" -> itemDone(e.path("item"), index, out);
                case "response.completed", "response.incomplete" -> {
                    JsonNode r = e.path("response");
                    Turn.Tokens usage = ResponsesResponses.tokens(r.get("usage"));
                    if (usage != null) {
                        out.add(new Delta.Usage(usage));
                    }
                    Turn.Finish finish = refusal ? Turn.Finish.REFUSAL : ResponsesResponses.finish(
                            Json.str(r, "status"), Json.str(r.path("incomplete_details"), "reason"), toolCalls);
                    out.add(new Delta.Stop(finish, null));
                    out.add(new Delta.Done());
                }
                case "response.failed" -> {
                    JsonNode err = e.path("response").path("error");
                    out.add(new Delta.Error(failure(Json.str(err, "code"), Json.str(err, "message"))));
                }
                case "error" -> out.add(new Delta.Error(failure(Json.str(e, "code"), Json.str(e, "message"))));
                default -> {
                    // lifecycle and *.done events repeat what the deltas said
                }
            }
        }

        private static void text(JsonNode e, List<Delta> out, boolean thinking) {
            String d = Json.str(e, "delta");
            if (d != null && !d.isEmpty()) {
                out.add(thinking ? new Delta.Thinking(d) : new Delta.Text(d));
            }
        }

        private void itemDone(JsonNode item, int index, List<Delta> out) {
            switch (item.path("type").asText("")) {
                case "reasoning" -> {
                    String sig = ResponsesResponses.signature(item);
                    if (sig != null) {
                        out.add(new Delta.Signature(sig));
                    }
                }
                case "function_call" -> {
                    // a server that sends the arguments only whole, in the finished item
                    String args = Json.str(item, "arguments");
                    if (calls.contains(index) && !streamedArgs.contains(index) && args != null && !args.isEmpty()) {
                        out.add(new Delta.ToolArgs(index, args));
                    }
                }
                default -> {
                    // messages were streamed as text deltas
                }
            }
        }

        /** A stream error's code names its kind where OpenAI's codes say one; else a server error. */
        private static Turn.Failure failure(String code, String message) {
            int status = code != null && code.contains("rate_limit") ? 429
                    : code != null && code.startsWith("invalid") ? 400 : 500;
            return Failures.failure(status, null, message);
        }
    }

    /** Writes Responses events for a caller, each with its {@code sequence_number}. */
    static final class Encoder extends EncoderBase {
        private enum Kind { NONE, MESSAGE, REASONING, CALL }

        private final Reply reply;
        private String id = "resp_translated";
        private boolean started;
        private int seq;
        private Turn.Finish finish;
        private final ArrayNode output = Json.array();
        /** the open item: its kind, index in {@code output}, id, and text or arguments so far */
        private Kind open = Kind.NONE;
        private int openIndex = -1;
        private String openId;
        private final StringBuilder buffer = new StringBuilder();
        private boolean summaryOpen;
        private String signature;
        private String callId;
        private String callName;
        private final Turn.Request request;
        private final Map<Integer, Integer> callIndex = new HashMap<>();

        Encoder(Turn.Request request, Reply reply) {
            super(null);
            this.request = request;
            this.reply = reply;
        }

        @Override
        void content(Delta.Content delta, List<OutEvent> out) {
            switch (delta) {
                case Delta.Start s -> {
                    id = ResponsesResponses.responseId(s.id());
                    start(out);
                }
                case Delta.Text t -> {
                    if (!t.text().isEmpty()) {
                        if (open != Kind.MESSAGE) {
                            openItem(Kind.MESSAGE, "msg", out);
                            ObjectNode e = event("response.content_part.added");
                            item(e).put("content_index", 0).set("part", ResponsesResponses.textPart(""));
                            emit(e, out);
                        }
                        buffer.append(t.text());
                        ObjectNode e = item(event("response.output_text.delta")).put("content_index", 0)
                                .put("delta", t.text());
                        e.putArray("logprobs");
                        emit(e, out);
                    }
                }
                case Delta.Thinking t -> {
                    if (!t.text().isEmpty()) {
                        if (open != Kind.REASONING || signature != null) {
                            openItem(Kind.REASONING, "rs", out);
                        }
                        if (!summaryOpen) {
                            summaryOpen = true;
                            ObjectNode e = item(event("response.reasoning_summary_part.added")).put("summary_index", 0);
                            e.putObject("part").put("type", "summary_text").put("text", "");
                            emit(e, out);
                        }
                        buffer.append(t.text());
                        emit(item(event("response.reasoning_summary_text.delta")).put("summary_index", 0)
                                .put("delta", t.text()), out);
                    }
                }
                case Delta.Signature s -> {
                    // a signature ends its thinking: it travels in the reasoning item's encrypted_content
                    if (open != Kind.REASONING || signature != null) {
                        openItem(Kind.REASONING, "rs", out);
                    }
                    signature = s.signature();
                    close(out);
                }
                case Delta.RedactedThinking r -> {
                    // encrypted, meaningful only to Anthropic: dropped
                }
                case Delta.ToolStart t -> {
                    close(out);
                    callId = t.id();
                    callName = t.name();
                    openItem(Kind.CALL, null, out);
                    callIndex.put(t.key(), openIndex);
                }
                case Delta.ToolArgs a -> {
                    Integer index = callIndex.get(a.key());
                    if (index == null) {
                        accept(new Delta.ToolStart(a.key(), ChatResponses.toolId(null, id, a.key()), ""), out);
                        index = openIndex;
                    }
                    if (index == openIndex) {
                        buffer.append(a.fragment());
                    }
                    ObjectNode e = event("response.function_call_arguments.delta")
                            .put("item_id", output.get(index).path("id").asText()).put("output_index", index)
                            .put("delta", a.fragment());
                    emit(e, out);
                }
                case Delta.Stop s -> finish = s.finish();
            }
        }

        @Override
        OutEvent error(Turn.Failure failure) {
            ObjectNode e = Json.object().put("type", "error").put("sequence_number", seq++);
            e.put("code", failure.kind()).put("message", failure.message()).putNull("param");
            return new OutEvent("error", Json.text(e));
        }

        @Override
        void finish(List<OutEvent> out) {
            start(out);
            close(out);
            Turn.Finish f = finish == null ? Turn.Finish.END_TURN : finish;
            boolean incomplete = f == Turn.Finish.MAX_TOKENS || f == Turn.Finish.REFUSAL;
            String type = incomplete ? "response.incomplete" : "response.completed";
            ObjectNode e = event(type);
            e.set("response", ResponsesResponses.envelope(id, reply, output.deepCopy(), f,
                    usage == null ? Turn.Tokens.ZERO : usage));
            emit(e, out);
        }

        private void start(List<OutEvent> out) {
            if (started) {
                return;
            }
            started = true;
            for (String type : List.of("response.created", "response.in_progress")) {
                ObjectNode e = event(type);
                e.set("response", ResponsesResponses.envelope(id, reply, Json.array(), null, null));
                emit(e, out);
            }
        }

        private void openItem(Kind kind, String prefix, List<OutEvent> out) {
            start(out);
            close(out);
            open = kind;
            openIndex = output.size();
            ObjectNode item = switch (kind) {
                case MESSAGE -> ResponsesResponses.messageItem(
                        ResponsesResponses.itemId(prefix, id, openIndex), null, "in_progress");
                case REASONING -> ResponsesResponses.reasoningItem(
                        ResponsesResponses.itemId(prefix, id, openIndex), null, null);
                case CALL -> ResponsesResponses.callItem(callId, callName, request.qualified(callName), "", "in_progress");
                case NONE -> throw new IllegalStateException("no item kind");
            };
            openId = item.path("id").asText();
            output.add(item);
            ObjectNode e = event("response.output_item.added").put("output_index", openIndex);
            e.set("item", item.deepCopy());
            emit(e, out);
        }

        /** Writes the open item's closing events and its finished form. */
        private void close(List<OutEvent> out) {
            String text = buffer.toString();
            ObjectNode done = switch (open) {
                case NONE -> null;
                case MESSAGE -> {
                    ObjectNode e = item(event("response.output_text.done")).put("content_index", 0).put("text", text);
                    e.putArray("logprobs");
                    emit(e, out);
                    ObjectNode p = item(event("response.content_part.done")).put("content_index", 0);
                    p.set("part", ResponsesResponses.textPart(text));
                    emit(p, out);
                    yield ResponsesResponses.messageItem(openId, text, "completed");
                }
                case REASONING -> {
                    if (summaryOpen) {
                        emit(item(event("response.reasoning_summary_text.done")).put("summary_index", 0)
                                .put("text", text), out);
                        ObjectNode p = item(event("response.reasoning_summary_part.done")).put("summary_index", 0);
                        p.putObject("part").put("type", "summary_text").put("text", text);
                        emit(p, out);
                    }
                    yield ResponsesResponses.reasoningItem(openId, text, signature);
                }
                case CALL -> {
                    Turn.Qualified q = request.qualified(callName);
                    emit(item(event("response.function_call_arguments.done")).put("name", q != null ? q.name() : callName)
                            .put("arguments", text), out);
                    yield ResponsesResponses.callItem(callId, callName, q, text, "completed");
                }
            };
            if (done != null) {
                output.set(openIndex, done);
                ObjectNode e = event("response.output_item.done").put("output_index", openIndex);
                e.set("item", done.deepCopy());
                emit(e, out);
            }
            open = Kind.NONE;
            buffer.setLength(0);
            summaryOpen = false;
            signature = null;
        }

        /** The open item's {@code item_id} and {@code output_index}. */
        private ObjectNode item(ObjectNode e) {
            return e.put("item_id", openId).put("output_index", openIndex);
        }

        private ObjectNode event(String type) {
            return Json.object().put("type", type);
        }

        private void emit(ObjectNode e, List<OutEvent> out) {
            String type = e.get("type").asText();
            // sequence_number right after type, as OpenAI writes it
            ObjectNode o = Json.object().put("type", type).put("sequence_number", seq++);
            e.properties().forEach(f -> {
                if (!"type".equals(f.getKey())) {
                    o.set(f.getKey(), f.getValue());
                }
            });
            out.add(new OutEvent(type, Json.text(o)));
        }
    }
}
