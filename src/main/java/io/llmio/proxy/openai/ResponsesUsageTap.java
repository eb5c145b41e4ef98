package io.llmio.proxy.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmio.proxy.protocol.Usage;
import io.llmio.proxy.protocol.UsageTap;
import io.llmio.proxy.sse.SseEvent;

/**
 * Responses API: {@code usage} of the response object, or of the {@code response.completed}
 * (also {@code response.incomplete} / {@code response.failed}) stream event.
 */
final class ResponsesUsageTap implements UsageTap {
    private String finalEvent;
    private JsonNode fields;

    @Override
    public void event(SseEvent event) {
        String type = event.event();
        if (type != null ? (type.equals("response.completed") || type.equals("response.incomplete")
                || type.equals("response.failed"))
                : event.dataContains("\"response.completed\"")) {
            finalEvent = event.data();
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
        JsonNode response;
        if (fields != null) {
            response = fields;
        } else {
            JsonNode ev = finalEvent == null ? null : UsageTap.parse(finalEvent);
            response = ev == null ? null : ev.get("response");
        }
        JsonNode u = response == null ? null : response.get("usage");
        if (u == null || !u.isObject()) {
            return null;
        }
        long in = UsageTap.num(u, "input_tokens");
        long out = UsageTap.num(u, "output_tokens");
        long total = UsageTap.num(u, "total_tokens");
        return new Usage(in, out, total == 0 ? in + out : total, UsageTap.num(u, "input_tokens_details", "cached_tokens"),
                         UsageTap.num(u, "output_tokens_details", "reasoning_tokens"));
    }
}
