package io.llmio.proxy.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmio.proxy.protocol.Usage;
import io.llmio.proxy.protocol.UsageTap;
import io.llmio.proxy.sse.SseEvent;

/**
 * Gemini: the last {@code usageMetadata} of the answer (every stream chunk may carry one; the
 * last is final). For a JSON-array stream the whole array is the body. Thoughts count as
 * completion tokens, and as reasoning.
 */
final class GeminiUsageTap implements UsageTap {
    private String lastUsage;
    private JsonNode fields;

    @Override
    public void event(SseEvent event) {
        if (event.dataContains("\"usageMetadata\"")) {
            lastUsage = event.data();
        }
    }

    @Override
    public String[] usageFields() {
        return new String[] {"usageMetadata", "totalTokens", "cachedContentTokenCount"};
    }

    /** An object body is read for its usage fields only; a JSON-array stream element by element. */
    @Override
    public void body(byte[] body) {
        int i = 0;
        while (i < body.length && Character.isWhitespace(body[i])) {
            i++;
        }
        fields(i < body.length && body[i] == '[' ? UsageTap.fieldsOfEach(body, usageFields())
                       : UsageTap.topLevel(body, usageFields()));
    }

    @Override
    public void fields(JsonNode fields) {
        this.fields = fields;
    }

    @Override
    public Usage usage() {
        JsonNode root = fields != null ? fields : lastUsage == null ? null : UsageTap.parse(lastUsage);
        if (root == null) {
            return null;
        }
        JsonNode u = null;
        if (root.has("usageMetadata")) {
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

}
