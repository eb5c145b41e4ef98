package io.llmio.proxy.sse;

import java.nio.charset.StandardCharsets;

/**
 * One server-sent event as it came off the wire.
 *
 * @param raw   the exact bytes of the event including its blank-line terminator, forwarded unchanged
 * @param event the {@code event:} field, or null
 * @param data  the {@code data:} field(s) joined with {@code \n}, or null when the event has none
 */
public record SseEvent(byte[] raw, String event, String data) {

    /** True when the event carries a data field with the given text. */
    public boolean dataContains(String s) {
        return data != null && data.contains(s);
    }

    public static byte[] frame(String event, String data) {
        StringBuilder sb = new StringBuilder();
        if (event != null) {
            sb.append("event: ").append(event).append('\n');
        }
        sb.append("data: ").append(data).append("\n\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
