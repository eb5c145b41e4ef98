package io.llmio.proxy.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmio.proxy.protocol.Usage;
import io.llmio.proxy.protocol.UsageTap;
import io.llmio.proxy.sse.SseEvent;

/**
 * Messages: {@code usage} of the body; in a stream, {@code message_start.message.usage} merged with
 * the last {@code message_delta.usage} (whose counts are cumulative). count_tokens answers
 * {@code {"input_tokens": n}}. Prompt tokens include cache reads and cache writes.
 */
final class AnthropicUsageTap implements UsageTap {
    private String start;
    private String lastDelta;
    private JsonNode fields;

    @Override
    public void event(SseEvent event) {
        String type = event.event();
        if ("message_start".equals(type)) {
            start = event.data();
        } else if ("message_delta".equals(type)) {
            lastDelta = event.data();
        }
    }

    @Override
    public String[] usageFields() {
        return new String[] {"usage", "input_tokens"};
    }

    @Override
    public void fields(JsonNode fields) {
        this.fields = fields;
    }

    @Override
    public Usage usage() {
        JsonNode u;
        if (fields != null) {
            JsonNode root = fields;
            if (root == null) {
                return null;
            }
            u = root.has("usage") ? root.get("usage") : root.has("input_tokens") ? root : null;
        } else {
            JsonNode s = start == null ? null : UsageTap.parse(start);
            JsonNode su = s == null ? null : s.path("message").get("usage");
            JsonNode d = lastDelta == null ? null : UsageTap.parse(lastDelta);
            JsonNode du = d == null ? null : d.get("usage");
            if (su == null && du == null) {
                return null;
            }
            com.fasterxml.jackson.databind.node.ObjectNode merged = UsageTap.JSON.createObjectNode();
            if (su != null && su.isObject()) {
                merged.setAll((com.fasterxml.jackson.databind.node.ObjectNode) su);
            }
            if (du != null && du.isObject()) {
                du.fields().forEachRemaining(e -> {
                    if (!e.getValue().isNull()) {
                        merged.set(e.getKey(), e.getValue());
                    }
                });
            }
            u = merged;
        }
        if (u == null || !u.isObject()) {
            return null;
        }
        long cacheRead = UsageTap.num(u, "cache_read_input_tokens");
        long prompt = UsageTap.num(u, "input_tokens") + UsageTap.num(u, "cache_creation_input_tokens") + cacheRead;
        long completion = UsageTap.num(u, "output_tokens");
        return new Usage(prompt, completion, prompt + completion, cacheRead, 0);
    }
}
