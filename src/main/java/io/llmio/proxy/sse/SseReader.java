package io.llmio.proxy.sse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits an SSE byte stream into events, the one place where SSE framing is parsed. Lines may
 * end with {@code \n}, {@code \r\n} or {@code \r} (Google frames with CRLF); an event ends at a
 * blank line. Each event keeps its raw bytes so it can be forwarded byte for byte.
 * Not thread-safe; one reader per stream.
 */
public final class SseReader {
    private static final int MAX_EVENT = 16 * 1024 * 1024;

    private final InputStream in;
    /**
     * Read buffer: small, because one lives as long as each open stream and the upstream
     * connection below already buffers (an event is typically a few hundred bytes; a larger one
     * simply takes several reads).
     */
    private final byte[] buf = new byte[1024];
    private int pos;
    private int limit;
    private boolean eof;
    /** raw bytes of the event being read */
    private byte[] raw = new byte[512];
    private int rawLen;

    public SseReader(InputStream in) {
        this.in = in;
    }

    /**
     * The next event, or null at the end of the stream. Bytes after the last blank line (an
     * unterminated event) are returned as a final event so nothing is lost.
     */
    public SseEvent next() throws IOException {
        rawLen = 0;
        String event = null;
        StringBuilder data = null;
        while (true) {
            int lineStart = rawLen;
            int term = readLine();
            if (term < 0) {
                return rawLen == 0 ? null : build(event, data);
            }
            int contentLen = rawLen - lineStart - term;
            if (contentLen == 0) {
                if (lineStart == 0) {
                    // stray blank line before an event: keep it, forwarded with the next event
                    continue;
                }
                return build(event, data);
            }
            int colon = indexOf(raw, lineStart, lineStart + contentLen, (byte) ':');
            int fieldEnd = colon < 0 ? lineStart + contentLen : colon;
            int valueStart = colon < 0 ? fieldEnd : colon + 1;
            if (valueStart < lineStart + contentLen && raw[valueStart] == ' ') {
                valueStart++;
            }
            int fieldLen = fieldEnd - lineStart;
            if (fieldLen == 4 && raw[lineStart] == 'd' && raw[lineStart + 1] == 'a' && raw[lineStart + 2] == 't'
                    && raw[lineStart + 3] == 'a') {
                String value = new String(raw, valueStart, lineStart + contentLen - valueStart, StandardCharsets.UTF_8);
                if (data == null) {
                    data = new StringBuilder(value);
                } else {
                    data.append('\n').append(value);
                }
            } else if (fieldLen == 5 && new String(raw, lineStart, 5, StandardCharsets.US_ASCII).equals("event")) {
                event = new String(raw, valueStart, lineStart + contentLen - valueStart, StandardCharsets.UTF_8);
            }
        }
    }

    private SseEvent build(String event, StringBuilder data) {
        return new SseEvent(Arrays.copyOf(raw, rawLen), event, data == null ? null : data.toString());
    }

    /**
     * Appends one line with its terminator to {@link #raw}. Returns the terminator length (0 for an
     * unterminated last line), or -1 at end of stream with nothing read.
     */
    private int readLine() throws IOException {
        boolean any = false;
        while (true) {
            if (pos == limit && !fill()) {
                return any ? 0 : -1;
            }
            int i = pos;
            while (i < limit && buf[i] != '\n' && buf[i] != '\r') {
                i++;
            }
            append(pos, i - pos);
            any = true;
            if (i == limit) {
                pos = limit;
                continue;
            }
            byte b = buf[i];
            append(i, 1);
            pos = i + 1;
            if (b == '\n') {
                return 1;
            }
            // '\r': maybe followed by '\n'
            if (pos == limit && !fill()) {
                return 1;
            }
            if (buf[pos] == '\n') {
                append(pos, 1);
                pos++;
                return 2;
            }
            return 1;
        }
    }

    private void append(int from, int len) throws IOException {
        if (len == 0) {
            return;
        }
        if (rawLen + len > raw.length) {
            if (rawLen + len > MAX_EVENT) {
                throw new IOException("SSE event larger than " + MAX_EVENT + " bytes");
            }
            raw = Arrays.copyOf(raw, Math.max(raw.length * 2, rawLen + len));
        }
        System.arraycopy(buf, from, raw, rawLen, len);
        rawLen += len;
    }

    private static int indexOf(byte[] a, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            eof = true;
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }
}
