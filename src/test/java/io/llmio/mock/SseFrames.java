package io.llmio.mock;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an SSE byte stream into events. An event ends at a blank line, written as
 * {@code \n\n}, {@code \r\n\r\n} or {@code \r\r}. Used by the mock to replay fixtures one event
 * at a time, and by tests to parse what came back.
 */
public final class SseFrames {

    private SseFrames() {
    }

    /** The raw events, each including its terminating blank line. */
    public static List<String> splitRaw(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < text.length()) {
            int end = terminatorEnd(text, i);
            if (end > 0) {
                out.add(text.substring(start, end));
                start = end;
                i = end;
            } else {
                i++;
            }
        }
        if (start < text.length() && !text.substring(start).isBlank()) {
            out.add(text.substring(start));
        }
        return out;
    }

    /** Parsed events. */
    public static List<Event> parse(byte[] bytes) {
        return parse(new String(bytes, StandardCharsets.UTF_8));
    }

    public static List<Event> parse(String text) {
        List<Event> out = new ArrayList<>();
        for (String raw : splitRaw(text)) {
            String name = null;
            StringBuilder data = null;
            for (String line : raw.split("\r\n|\r|\n")) {
                if (line.isEmpty() || line.startsWith(":")) {
                    continue;
                }
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1);
                if (value.startsWith(" ")) {
                    value = value.substring(1);
                }
                if (field.equals("event")) {
                    name = value;
                } else if (field.equals("data")) {
                    data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                }
            }
            if (data != null || name != null) {
                out.add(new Event(name, data == null ? "" : data.toString(), raw));
            }
        }
        return out;
    }

    /** Index just past a blank-line terminator starting at {@code i}, or -1. */
    private static int terminatorEnd(String t, int i) {
        if (t.startsWith("\r\n\r\n", i)) {
            return i + 4;
        }
        if (t.startsWith("\n\n", i) || t.startsWith("\r\r", i)) {
            return i + 2;
        }
        return -1;
    }

    /** One SSE event: {@code event} may be null; {@code raw} is the exact text incl. its delimiter. */
    public record Event(String event, String data, String raw) {
    }
}
