package io.llmio.requestlog;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Stored bodies (io_log) capped per body. A request or whole response longer than the cap keeps
 * its first bytes (cut at a character boundary) and ends with the marker
 * {@code \n…[llmio: truncated, kept K of N bytes]}; a streamed answer (the list of SSE data
 * payloads) keeps its first events up to the cap and is stored as
 * {@code {"sse_events":[…],"truncated":true,"events_total":N}}. {@link #truncated} tells the
 * API whether a stored text was cut.
 */
public final class LogBodies {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern MARKER = Pattern.compile("\n…\\[llmio: truncated, kept (\\d+) of (\\d+) bytes]$");

    private LogBodies() {
    }

    /** The body as text, cut to {@code max} bytes with the marker when longer. */
    public static String text(byte[] body, int max) {
        if (body == null) {
            return null;
        }
        if (body.length <= max) {
            return new String(body, StandardCharsets.UTF_8);
        }
        int end = max;
        // back off to the start of a UTF-8 sequence so that no character is cut in half
        while (end > 0 && (body[end] & 0xC0) == 0x80) {
            end--;
        }
        return new String(body, 0, end, StandardCharsets.UTF_8) + "\n…[llmio: truncated, kept " + end + " of "
                + body.length + " bytes]";
    }

    /** The stored form of a streamed answer: its data payloads up to {@code max} characters in all. */
    public static String events(List<String> events, int max) {
        List<String> kept = new ArrayList<>();
        long size = 0;
        int total = events.size();
        if (events instanceof Capped c) {
            total += c.dropped;
        }
        for (String e : events) {
            size += e.length();
            if (size > max) {
                break;
            }
            kept.add(e);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sse_events", kept);
        if (kept.size() < total) {
            out.put("truncated", true);
            out.put("events_total", total);
        }
        try {
            return JSON.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** True when a stored request or response text was cut by the cap. */
    public static boolean truncated(String stored) {
        return stored != null && stored.endsWith(" bytes]") && MARKER.matcher(stored).find();
    }

    /** The size of the whole body of a cut text (from its marker), or -1. */
    public static long originalBytes(String stored) {
        if (stored == null) {
            return -1;
        }
        Matcher m = MARKER.matcher(stored);
        return m.find() ? Long.parseLong(m.group(2)) : -1;
    }

    /** A list of SSE data payloads that stops growing at {@code max} characters and counts what it turned away. */
    public static List<String> capped(int max) {
        return new Capped(max);
    }

    private static final class Capped extends ArrayList<String> {
        private final int max;
        private long size;
        private int dropped;

        Capped(int max) {
            this.max = max;
        }

        @Override
        public boolean add(String s) {
            if (dropped > 0 || size + s.length() > max) {
                dropped++;
                return false;
            }
            size += s.length();
            return super.add(s);
        }
    }
}
