package io.llmio.proxy.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmio.proxy.Usage;
import io.llmio.proxy.UsageTap;
import io.llmio.proxy.sse.SseEvent;

/**
 * Gemini: the last {@code usageMetadata} of the answer (every stream chunk may carry one; the
 * last is final). For a JSON-array stream the whole array is the body. Thoughts count as
 * completion tokens, and as reasoning.
 */
final class GeminiUsageTap implements UsageTap {
    private String lastUsage;
    private byte[] body;

    @Override
    public void event(SseEvent event) {
        if (event.dataContains("\"usageMetadata\"")) {
            lastUsage = event.data();
        }
    }

    @Override
    public void body(byte[] body) {
        this.body = body;
    }

    @Override
    public Usage usage() {
        JsonNode root = body != null ? geminiBody(body) : lastUsage == null ? null : UsageTap.parse(lastUsage);
        if (root == null) {
            return null;
        }
        JsonNode u = null;
        if (root.isArray()) {
            for (JsonNode element : root) {
                if (element.has("usageMetadata")) {
                    u = element.get("usageMetadata");
                }
            }
        } else if (root.has("usageMetadata")) {
            u = root.get("usageMetadata");
        } else if (root.has("totalTokens")) {
            long total = UsageTap.num(root, "totalTokens");
            return new Usage(total, 0, total, UsageTap.num(root, "cachedContentTokenCount"), 0);
        }
        if (u == null || !u.isObject()) {
            return null;
        }
        long prompt = UsageTap.num(u, "promptTokenCount");
        long thoughts = UsageTap.num(u, "thoughtsTokenCount");
        long completion = UsageTap.num(u, "candidatesTokenCount") + thoughts;
        long total = UsageTap.num(u, "totalTokenCount");
        return new Usage(prompt, completion, total == 0 ? prompt + completion : total,
                         UsageTap.num(u, "cachedContentTokenCount"), thoughts);
    }

    /** A JSON-array stream is parsed whole; an object only for its usage fields. */
    private static JsonNode geminiBody(byte[] body) {
        JsonNode root = UsageTap.topLevel(body, "usageMetadata", "totalTokens", "cachedContentTokenCount");
        return root != null ? root : UsageTap.parse(body);
    }
}
