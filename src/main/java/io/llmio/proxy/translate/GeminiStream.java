package io.llmio.proxy.translate;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Gemini streamGenerateContent ({@code alt=sse}): each event is a whole GenerateContentResponse
 * holding the new parts; function calls arrive whole, never in fragments.
 */
final class GeminiStream {
    private GeminiStream() {
    }

    static final class Decoder implements Dialect.StreamDecoder {
        private boolean started;
        private String id;
        private int calls;

        @Override
        public void feed(String event, String data, List<Delta> out) {
            JsonNode c = Dialect.StreamDecoder.data(data, out);
            if (c == null) {
                return;
            }
            if (c.has("error")) {
                out.add(new Delta.Error(GeminiResponses.decodeError(c.path("error").path("code").asInt(500), Json.bytes(c))));
                return;
            }
            if (!started) {
                started = true;
                id = Json.str(c, "responseId");
                out.add(new Delta.Start(id, Json.str(c, "modelVersion"), Turn.Tokens.ZERO));
            }
            JsonNode cand = c.path("candidates").path(0);
            List<Turn.Part> parts = new ArrayList<>();
            GeminiResponses.parts(cand.path("content").path("parts"), id, calls, parts);
            for (Turn.Part p : parts) {
                switch (p) {
                    case Turn.Text t -> out.add(new Delta.Text(t.text()));
                    case Turn.Thinking t -> {
                        if (!t.text().isEmpty()) {
                            out.add(new Delta.Thinking(t.text()));
                        }
                        if (t.signature() != null) {
                            out.add(new Delta.Signature(t.signature()));
                        }
                    }
                    case Turn.ToolUse u -> {
                        int key = calls++;
                        out.add(new Delta.ToolStart(key, u.id(), u.name()));
                        out.add(new Delta.ToolArgs(key, u.arguments()));
                    }
                    default -> {
                        // parts() yields only text, thinking and calls
                    }
                }
            }
            if (Json.has(cand, "finishReason")) {
                out.add(new Delta.Stop(GeminiResponses.finish(Json.str(cand, "finishReason"), calls > 0), null));
            }
            Turn.Tokens usage = GeminiResponses.tokens(c.get("usageMetadata"));
            if (usage != null) {
                out.add(new Delta.Usage(usage));
            }
        }
    }

    /** Writes Gemini chunks; a tool call is held until its arguments are complete (Gemini sends calls whole). */
    static final class Encoder extends EncoderBase {
        private final Reply reply;
        private String id;
        private String signature;
        private String toolId;
        private String toolName;
        private StringBuilder toolArgs;
        private Turn.Finish finish;

        Encoder(Reply reply) {
            super(null);
            this.reply = reply;
        }

        @Override
        void content(Delta.Content delta, List<OutEvent> out) {
            switch (delta) {
                case Delta.Start s -> id = s.id();
                case Delta.Text t -> {
                    flushTool(out);
                    emit(out, new Turn.Text(t.text()));
                }
                case Delta.Thinking t -> {
                    flushTool(out);
                    emit(out, new Turn.Thinking(t.text(), null));
                }
                case Delta.Signature s -> signature = Signatures.toGeminiCaller(s.signature());
                case Delta.RedactedThinking r -> {
                    // Anthropic-only: dropped
                }
                case Delta.ToolStart t -> {
                    flushTool(out);
                    toolId = t.id();
                    toolName = t.name();
                    toolArgs = new StringBuilder();
                }
                case Delta.ToolArgs a -> {
                    if (toolArgs != null) {
                        toolArgs.append(a.fragment());
                    }
                }
                case Delta.Stop s -> {
                    flushTool(out);
                    finish = s.finish();
                }
            }
        }

        @Override
        OutEvent error(Turn.Failure failure) {
            int status = failure.status() == 529 ? 503 : failure.status();
            return new OutEvent(null, Json.text(GeminiResponses.errorBody(failure, status)));
        }

        @Override
        void finish(List<OutEvent> out) {
            flushTool(out);
            ObjectNode c = chunk(new Turn.Text(""));
            ObjectNode cand = (ObjectNode) c.get("candidates").get(0);
            cand.put("finishReason", GeminiResponses.reason(finish == null ? Turn.Finish.END_TURN : finish));
            if (usage != null) {
                c.set("usageMetadata", GeminiResponses.usage(usage));
            }
            out.add(new OutEvent(null, Json.text(c)));
        }

        private void flushTool(List<OutEvent> out) {
            if (toolArgs != null) {
                Turn.ToolUse u = new Turn.ToolUse(toolId, toolName, toolArgs.toString());
                toolArgs = null;
                emit(out, u);
            }
        }

        private void emit(List<OutEvent> out, Turn.Part part) {
            out.add(new OutEvent(null, Json.text(chunk(part))));
        }

        private ObjectNode chunk(Turn.Part part) {
            ObjectNode c = Json.object();
            ObjectNode cand = c.putArray("candidates").addObject();
            ObjectNode content = cand.putObject("content");
            ArrayNode parts = content.putArray("parts");
            signature = GeminiResponses.part(part, parts, signature);
            content.put("role", "model");
            cand.put("index", 0);
            c.put("modelVersion", reply.model());
            if (id != null) {
                c.put("responseId", id);
            }
            return c;
        }
    }
}
