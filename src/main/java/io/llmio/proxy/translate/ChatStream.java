package io.llmio.proxy.translate;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** OpenAI chat-completions streams: chunks to deltas (upstream side) and deltas to chunks (caller side). */
final class ChatStream {
    private ChatStream() {
    }

    /** Reads an OpenAI-compatible chunk stream; one chunk may yield several deltas, in order. */
    static final class Decoder implements Dialect.StreamDecoder {
        private boolean started;
        private String id;
        private final Set<Integer> tools = new HashSet<>();
        /** upstream index → the call id seen there, and the key now standing for that index */
        private final Map<Integer, String> idAt = new HashMap<>();
        private final Map<Integer, Integer> keyAt = new HashMap<>();
        private int extra = 1 << 16;

        /**
         * Some OpenAI-compatible servers give every parallel call index 0 and tell them apart only
         * by id: a new id at a known index is a new call.
         */
        private int key(int index, String callId) {
            String seen = idAt.get(index);
            if (callId != null && seen != null && !seen.equals(callId)) {
                keyAt.put(index, extra++);
            }
            if (callId != null) {
                idAt.put(index, callId);
            }
            return keyAt.getOrDefault(index, index);
        }

        @Override
        public void feed(String event, String data, List<Delta> out) {
            if (data != null && "[DONE]".equals(data.strip())) {
                out.add(new Delta.Done());
                return;
            }
            JsonNode c = Dialect.StreamDecoder.data(data, out);
            if (c == null) {
                return;
            }
            if (c.has("error") && !c.get("error").isNull()) {
                out.add(new Delta.Error(ChatResponses.decodeError(500, Json.bytes(c))));
                return;
            }
            if (!started) {
                started = true;
                id = Json.str(c, "id");
                out.add(new Delta.Start(id, Json.str(c, "model"), Turn.Tokens.ZERO));
            }
            for (JsonNode choice : c.path("choices")) {
                if (choice.path("index").asInt(0) != 0) {
                    continue;
                }
                JsonNode d = choice.path("delta");
                // reasoning first, then text: a chunk carrying both is split, never merged into one block
                String reasoning = ChatResponses.reasoningText(d);
                if (reasoning != null && !reasoning.isEmpty()) {
                    out.add(new Delta.Thinking(reasoning));
                }
                String text = Json.str(d, "content");
                if (text != null && !text.isEmpty()) {
                    out.add(new Delta.Text(text));
                }
                String refusal = Json.str(d, "refusal");
                if (refusal != null && !refusal.isEmpty()) {
                    out.add(new Delta.Text(refusal));
                }
                JsonNode calls = d.path("tool_calls");
                for (int i = 0; i < calls.size(); i++) {
                    JsonNode call = calls.get(i);
                    int key = key(call.path("index").asInt(i), Json.str(call, "id"));
                    JsonNode f = call.path("function");
                    if (tools.add(key)) {
                        out.add(new Delta.ToolStart(key, ChatResponses.toolId(Json.str(call, "id"), id, key),
                                Json.str(f, "name")));
                    }
                    String args = Json.str(f, "arguments");
                    if (args != null && !args.isEmpty()) {
                        out.add(new Delta.ToolArgs(key, args));
                    }
                }
                String finish = Json.str(choice, "finish_reason");
                if (finish != null) {
                    out.add(new Delta.Stop(ChatResponses.finish(finish), null));
                }
            }
            Turn.Tokens usage = ChatResponses.tokens(c.get("usage"));
            if (usage != null) {
                out.add(new Delta.Usage(usage));
            }
        }
    }

    /** Writes chunks for an OpenAI chat caller. */
    static final class Encoder extends EncoderBase {
        private final Reply reply;
        private final boolean includeUsage;
        private String id = "chatcmpl-translated";
        private boolean started;
        private boolean finished;
        private final Map<Integer, Integer> toolIndex = new HashMap<>();

        Encoder(Reply reply, boolean includeUsage) {
            super(null);
            this.reply = reply;
            this.includeUsage = includeUsage;
        }

        @Override
        void content(Delta.Content delta, List<OutEvent> out) {
            switch (delta) {
                case Delta.Start s -> {
                    id = ChatResponses.chatId(s.id());
                    start(out);
                }
                case Delta.Text t -> {
                    start(out);
                    emit(out, Json.object().put("content", t.text()), null);
                }
                case Delta.Thinking t -> {
                    start(out);
                    emit(out, Json.object().put("reasoning_content", t.text()), null);
                }
                case Delta.Signature s -> {
                    // OpenAI chat has no place for a thinking signature: dropped
                }
                case Delta.RedactedThinking r -> {
                    // encrypted thinking: dropped
                }
                case Delta.ToolStart t -> {
                    start(out);
                    int index = toolIndex.size();
                    toolIndex.put(t.key(), index);
                    ObjectNode call = Json.object().put("index", index).put("id", t.id()).put("type", "function");
                    call.putObject("function").put("name", t.name()).put("arguments", "");
                    ObjectNode d = Json.object();
                    d.putArray("tool_calls").add(call);
                    emit(out, d, null);
                }
                case Delta.ToolArgs a -> {
                    start(out);
                    Integer index = toolIndex.get(a.key());
                    ObjectNode call = Json.object().put("index", index == null ? 0 : index);
                    call.putObject("function").put("arguments", a.fragment());
                    ObjectNode d = Json.object();
                    d.putArray("tool_calls").add(call);
                    emit(out, d, null);
                }
                case Delta.Stop s -> {
                    start(out);
                    finished = true;
                    emit(out, Json.object(), ChatResponses.reason(s.finish()));
                }
            }
        }

        @Override
        OutEvent error(Turn.Failure failure) {
            return new OutEvent(null, Json.text(ChatResponses.errorBody(failure)));
        }

        @Override
        void finish(List<OutEvent> out) {
            start(out);
            if (!finished) {
                finished = true;
                emit(out, Json.object(), "stop");
            }
            if (includeUsage && usage != null) {
                ObjectNode c = frame();
                c.putArray("choices");
                c.set("usage", ChatResponses.usage(usage));
                out.add(new OutEvent(null, Json.text(c)));
            }
            out.add(new OutEvent(null, "[DONE]"));
        }

        private void start(List<OutEvent> out) {
            if (!started) {
                started = true;
                emit(out, Json.object().put("role", "assistant").put("content", ""), null);
            }
        }

        private ObjectNode frame() {
            ObjectNode c = Json.object();
            c.put("id", id);
            c.put("object", "chat.completion.chunk");
            c.put("created", reply.created());
            c.put("model", reply.model());
            return c;
        }

        private void emit(List<OutEvent> out, ObjectNode delta, String finish) {
            ObjectNode c = frame();
            ObjectNode choice = c.putArray("choices").addObject().put("index", 0);
            choice.set("delta", delta);
            choice.putNull("logprobs");
            if (finish == null) {
                choice.putNull("finish_reason");
            } else {
                choice.put("finish_reason", finish);
            }
            out.add(new OutEvent(null, Json.text(c)));
        }
    }
}
