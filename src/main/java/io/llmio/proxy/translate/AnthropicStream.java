package io.llmio.proxy.translate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Anthropic Messages streams: events to deltas (upstream side) and deltas to events (caller side). */
final class AnthropicStream {
    private AnthropicStream() {
    }

    /** Reads Anthropic events; the data payload carries the type, the event name is not needed. */
    static final class Decoder implements Dialect.StreamDecoder {
        private Turn.Tokens usage = Turn.Tokens.ZERO;

        @Override
        public void feed(String event, String data, List<Delta> out) {
            JsonNode e = Dialect.StreamDecoder.data(data, out);
            if (e == null) {
                return;
            }
            int index = e.path("index").asInt(0);
            switch (e.path("type").asText("")) {
                case "message_start" -> {
                    JsonNode m = e.path("message");
                    usage = AnthropicResponses.tokens(m.get("usage"), usage);
                    out.add(new Delta.Start(Json.str(m, "id"), Json.str(m, "model"), usage));
                }
                case "content_block_start" -> {
                    JsonNode b = e.path("content_block");
                    switch (b.path("type").asText("")) {
                        case "text" -> {
                            String t = b.path("text").asText("");
                            if (!t.isEmpty()) {
                                out.add(new Delta.Text(t));
                            }
                        }
                        case "thinking" -> {
                            String t = b.path("thinking").asText("");
                            if (!t.isEmpty()) {
                                out.add(new Delta.Thinking(t));
                            }
                        }
                        case "redacted_thinking" -> out.add(new Delta.RedactedThinking(Json.str(b, "data")));
                        case "tool_use" -> {
                            out.add(new Delta.ToolStart(index, Json.str(b, "id"), Json.str(b, "name")));
                            JsonNode input = b.get("input");
                            if (input != null && input.isObject() && !input.isEmpty()) {
                                out.add(new Delta.ToolArgs(index, Json.text(input)));
                            }
                        }
                        default -> {
                            // server-tool blocks: no equivalent for the caller
                        }
                    }
                }
                case "content_block_delta" -> {
                    JsonNode d = e.path("delta");
                    switch (d.path("type").asText("")) {
                        case "text_delta" -> out.add(new Delta.Text(d.path("text").asText("")));
                        case "thinking_delta" -> out.add(new Delta.Thinking(d.path("thinking").asText("")));
                        case "signature_delta" -> {
                            String sig = Signatures.ofAnthropic(d.path("signature").asText(""));
                            if (sig != null) {
                                out.add(new Delta.Signature(sig));
                            }
                        }
                        case "input_json_delta" -> {
                            String p = d.path("partial_json").asText("");
                            if (!p.isEmpty()) {
                                out.add(new Delta.ToolArgs(index, p));
                            }
                        }
                        default -> {
                            // citations and future delta kinds: dropped
                        }
                    }
                }
                case "message_delta" -> {
                    JsonNode d = e.path("delta");
                    if (Json.has(d, "stop_reason")) {
                        out.add(new Delta.Stop(AnthropicResponses.finish(Json.str(d, "stop_reason")),
                                Json.str(d, "stop_sequence")));
                    }
                    usage = AnthropicResponses.tokens(e.get("usage"), usage);
                    out.add(new Delta.Usage(usage));
                }
                case "message_stop" -> out.add(new Delta.Done());
                case "error" -> out.add(new Delta.Error(new Turn.Failure(500,
                        e.path("error").path("type").asText("api_error"),
                        e.path("error").path("message").asText("upstream stream failed"))));
                default -> {
                    // ping, content_block_stop: the encoder manages blocks itself
                }
            }
        }
    }

    /** Writes Anthropic events; opens a block lazily when its first content arrives. */
    static final class Encoder extends EncoderBase {
        private enum Block { NONE, TEXT, THINKING, TOOL }

        private final Reply reply;
        private String id = "msg_translated";
        private boolean started;
        private Block open = Block.NONE;
        private int openKey = -1;
        private int next;
        private final Map<Integer, Integer> toolBlock = new HashMap<>();
        private Turn.Finish finish;
        private String stopSequence;

        Encoder(Reply reply) {
            super(Turn.Tokens.ZERO);
            this.reply = reply;
        }

        @Override
        void content(Delta.Content delta, List<OutEvent> out) {
            switch (delta) {
                case Delta.Start s -> {
                    id = AnthropicResponses.messageId(s.id());
                    if (s.usage() != null) {
                        usage = s.usage();
                    }
                    start(out);
                }
                case Delta.Text t -> {
                    if (!t.text().isEmpty()) {
                        open(Block.TEXT, -1, out, Json.object().put("type", "text").put("text", ""));
                        delta(out, Json.object().put("type", "text_delta").put("text", t.text()));
                    }
                }
                case Delta.Thinking t -> {
                    if (!t.text().isEmpty()) {
                        openThinking(out);
                        delta(out, Json.object().put("type", "thinking_delta").put("thinking", t.text()));
                    }
                }
                case Delta.Signature s -> {
                    openThinking(out);
                    String sig = Signatures.toAnthropicCaller(s.signature());
                    delta(out, Json.object().put("type", "signature_delta").put("signature", sig));
                }
                case Delta.RedactedThinking r -> {
                    close(out);
                    open = Block.NONE;
                    start(out);
                    ObjectNode e = event("content_block_start").put("index", next++);
                    e.putObject("content_block").put("type", "redacted_thinking").put("data", r.data());
                    out.add(new OutEvent("content_block_start", Json.text(e)));
                    out.add(new OutEvent("content_block_stop", Json.text(event("content_block_stop").put("index", next - 1))));
                }
                case Delta.ToolStart t -> {
                    ObjectNode block = Json.object().put("type", "tool_use").put("id", t.id()).put("name", t.name());
                    block.putObject("input");
                    open(Block.TOOL, t.key(), out, block);
                    toolBlock.put(t.key(), next - 1);
                }
                case Delta.ToolArgs a -> {
                    Integer index = toolBlock.get(a.key());
                    if (index == null) {
                        // arguments before any name/id: open the call with a derived id
                        accept(new Delta.ToolStart(a.key(), ChatResponses.toolId(null, id, a.key()), ""), out);
                        index = toolBlock.get(a.key());
                    }
                    ObjectNode e = event("content_block_delta").put("index", index);
                    e.putObject("delta").put("type", "input_json_delta").put("partial_json", a.fragment());
                    out.add(new OutEvent("content_block_delta", Json.text(e)));
                }
                case Delta.Stop s -> {
                    finish = s.finish();
                    stopSequence = s.stopSequence();
                }
            }
        }

        @Override
        OutEvent error(Turn.Failure failure) {
            return new OutEvent("error", Json.text(AnthropicResponses.errorBody(failure)));
        }

        @Override
        void finish(List<OutEvent> out) {
            start(out);
            close(out);
            ObjectNode e = event("message_delta");
            ObjectNode d = e.putObject("delta");
            d.put("stop_reason", AnthropicResponses.reason(finish == null ? Turn.Finish.END_TURN : finish));
            if (stopSequence != null) {
                d.put("stop_sequence", stopSequence);
            } else {
                d.putNull("stop_sequence");
            }
            e.set("usage", AnthropicResponses.usage(usage));
            out.add(new OutEvent("message_delta", Json.text(e)));
            out.add(new OutEvent("message_stop", Json.text(event("message_stop"))));
        }

        private void start(List<OutEvent> out) {
            if (started) {
                return;
            }
            started = true;
            ObjectNode e = event("message_start");
            ObjectNode m = e.putObject("message");
            m.put("id", id);
            m.put("type", "message");
            m.put("role", "assistant");
            m.put("model", reply.model());
            m.putArray("content");
            m.putNull("stop_reason");
            m.putNull("stop_sequence");
            m.set("usage", AnthropicResponses.usage(usage));
            out.add(new OutEvent("message_start", Json.text(e)));
        }

        private void openThinking(List<OutEvent> out) {
            open(Block.THINKING, -1, out, Json.object().put("type", "thinking").put("thinking", "").put("signature", ""));
        }

        private void open(Block kind, int key, List<OutEvent> out, ObjectNode block) {
            start(out);
            if (open == kind && (kind != Block.TOOL || openKey == key)) {
                return;
            }
            close(out);
            open = kind;
            openKey = key;
            ObjectNode e = event("content_block_start").put("index", next++);
            e.set("content_block", block);
            out.add(new OutEvent("content_block_start", Json.text(e)));
        }

        private void close(List<OutEvent> out) {
            if (open != Block.NONE) {
                out.add(new OutEvent("content_block_stop", Json.text(event("content_block_stop").put("index", next - 1))));
                open = Block.NONE;
            }
        }

        private void delta(List<OutEvent> out, ObjectNode delta) {
            ObjectNode e = event("content_block_delta").put("index", next - 1);
            e.set("delta", delta);
            out.add(new OutEvent("content_block_delta", Json.text(e)));
        }

        private static ObjectNode event(String type) {
            return Json.object().put("type", type);
        }
    }
}
