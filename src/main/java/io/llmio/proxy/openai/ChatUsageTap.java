package io.llmio.proxy.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmio.proxy.protocol.Usage;
import io.llmio.proxy.protocol.UsageTap;
import io.llmio.proxy.sse.SseEvent;

/**
 * Chat completions and embeddings: {@code usage} of the body, or of the final stream chunk
 * (sent when {@code stream_options.include_usage} is true, which the gateway merges in).
 */
final class ChatUsageTap implements UsageTap {
    private String lastUsageChunk;
    private JsonNode fields;

    @Override
    public void event(SseEvent event) {
        if (event.dataContains("\"usage\"") && !event.dataContains("\"usage\":null")) {
            lastUsageChunk = event.data();
        }
    }

    @Override
    public String[] usageFields() {
        return new String[] {"usage"};
    }

    @Override
    public void fields(JsonNode fields) {
        this.fields = fields;
    }

    @Override
    public Usage usage() {
        JsonNode root = fields != null ? fields : lastUsageChunk != null ? UsageTap.parse(lastUsageChunk) : null;
        JsonNode u = root == null ? null : root.get("usage");
        if (u == null || !u.isObject()) {
            return null;
        }
        long prompt = UsageTap.num(u, "prompt_tokens");
        long completion = UsageTap.num(u, "completion_tokens");
        long total = UsageTap.num(u, "total_tokens");
        return new Usage(prompt, completion, total == 0 ? prompt + completion : total,
                         UsageTap.num(u, "prompt_tokens_details", "cached_tokens"),
                         UsageTap.num(u, "completion_tokens_details", "reasoning_tokens"));
    }
}
