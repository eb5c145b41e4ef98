package io.llmio.proxy.translate;

import io.llmio.proxy.sse.SseEvent;

/**
 * One translated server-sent event for the caller.
 *
 * @param event the {@code event:} name, or null (OpenAI frames carry none)
 * @param data  the {@code data:} payload
 */
public record OutEvent(String event, String data) {
    public byte[] bytes() {
        return SseEvent.frame(event, data);
    }
}
