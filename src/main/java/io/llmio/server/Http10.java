package io.llmio.server;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataWriter;

/**
 * HTTP/1.0 clients (nginx's default {@code proxy_http_version}) on Helidon, which answers 1.0
 * with 505: the request line is handed on as HTTP/1.1 with {@code Connection: close} added, and
 * the answer, written by Helidon as HTTP/1.1 (RFC 9110 §2.5: a server answers with its own
 * version), loses its chunked framing: its body is delimited by the closing of the connection,
 * which follows every answer to a 1.0 request. Streams (SSE) thus reach a 1.0 client as they are
 * written.
 */
final class Http10 {
    private static final byte[] VERSION = "HTTP/1.0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLOSE = "Connection: close\r\n".getBytes(StandardCharsets.US_ASCII);

    private Http10() {
    }

    /**
     * {@code buf} with its first line (ending at {@code nl}) rewritten when it is an HTTP/1.0
     * request line; {@code buf} itself otherwise.
     */
    static byte[] rewriteRequest(byte[] buf, int nl) {
        int end = nl > 0 && buf[nl - 1] == '\r' ? nl - 1 : nl;
        int v = end - VERSION.length;
        if (v <= 0 || buf[v - 1] != ' ') {
            return buf;
        }
        for (int i = 0; i < VERSION.length; i++) {
            if (buf[v + i] != VERSION[i]) {
                return buf;
            }
        }
        byte[] out = new byte[buf.length + CLOSE.length];
        System.arraycopy(buf, 0, out, 0, nl + 1);
        out[end - 1] = '1';
        System.arraycopy(CLOSE, 0, out, nl + 1, CLOSE.length);
        System.arraycopy(buf, nl + 1, out, nl + 1 + CLOSE.length, buf.length - nl - 1);
        return out;
    }

    /** Helidon's writer; while the answer goes to a 1.0 client, its chunked framing is taken off. */
    static final class Writer implements DataWriter {
        private static final int HEAD = 0;
        private static final int SIZE = 1;
        private static final int DATA = 2;
        private static final int DATA_END = 3;
        private static final int TRAILER = 4;
        private static final int PLAIN = 5;
        private static final int DONE = 6;
        private static final int BLANK_LINE = '\r' << 24 | '\n' << 16 | '\r' << 8 | '\n';

        private final DataWriter out;
        private boolean active;
        private int state;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        private long chunkLeft;
        /** the last four bytes of the head or trailer, to see its blank line */
        private int tail;
        private int lineLength;

        Writer(DataWriter out) {
            this.out = out;
        }

        void http10(boolean on) {
            active = on;
            state = HEAD;
            tail = 0;
            pending.reset();
        }

        @Override
        public void write(BufferData... buffers) {
            if (!active) {
                out.write(buffers);
                return;
            }
            for (BufferData b : buffers) {
                write(b);
            }
        }

        @Override
        public void write(BufferData buffer) {
            if (!active) {
                out.write(buffer);
                return;
            }
            BufferData t = transform(buffer);
            if (t != null) {
                out.write(t);
            }
        }

        @Override
        public void writeNow(BufferData... buffers) {
            if (!active) {
                out.writeNow(buffers);
                return;
            }
            for (BufferData b : buffers) {
                writeNow(b);
            }
        }

        @Override
        public void writeNow(BufferData buffer) {
            if (!active) {
                out.writeNow(buffer);
                return;
            }
            BufferData t = transform(buffer);
            if (t != null) {
                out.writeNow(t);
            }
        }

        @Override
        public void flush() {
            out.flush();
        }

        @Override
        public void close() {
            out.close();
        }

        private BufferData transform(BufferData buffer) {
            byte[] in = buffer.readBytes();
            ByteArrayOutputStream res = new ByteArrayOutputStream(in.length);
            int i = 0;
            while (i < in.length) {
                switch (state) {
                    case HEAD -> {
                        byte b = in[i++];
                        pending.write(b);
                        tail = tail << 8 | b & 0xff;
                        if (tail == BLANK_LINE) {
                            res.writeBytes(head(pending.toString(StandardCharsets.ISO_8859_1)));
                            pending.reset();
                        }
                    }
                    case SIZE -> {
                        byte b = in[i++];
                        if (b == '\n') {
                            String line = pending.toString(StandardCharsets.ISO_8859_1).trim();
                            pending.reset();
                            int semi = line.indexOf(';');
                            chunkLeft = Long.parseLong(semi < 0 ? line : line.substring(0, semi).trim(), 16);
                            state = chunkLeft == 0 ? TRAILER : DATA;
                            lineLength = 0;
                        } else {
                            pending.write(b);
                        }
                    }
                    case DATA -> {
                        int n = (int) Math.min(chunkLeft, in.length - i);
                        res.write(in, i, n);
                        i += n;
                        chunkLeft -= n;
                        if (chunkLeft == 0) {
                            state = DATA_END;
                        }
                    }
                    case DATA_END -> {
                        if (in[i++] == '\n') {
                            state = SIZE;
                        }
                    }
                    case TRAILER -> {
                        // trailer lines up to an empty one; none are passed on
                        byte b = in[i++];
                        if (b == '\n') {
                            if (lineLength == 0) {
                                state = DONE;
                            }
                            lineLength = 0;
                        } else if (b != '\r') {
                            lineLength++;
                        }
                    }
                    case PLAIN -> {
                        res.write(in, i, in.length - i);
                        i = in.length;
                    }
                    default -> i = in.length;
                }
            }
            return res.size() == 0 ? null : BufferData.create(res.toByteArray());
        }

        /** The response head without Transfer-Encoding, with Connection: close. */
        private byte[] head(String head) {
            StringBuilder sb = new StringBuilder(head.length());
            boolean chunked = false;
            boolean close = false;
            for (String line : head.split("\r\n")) {
                String lower = line.toLowerCase(Locale.ROOT);
                if (lower.startsWith("transfer-encoding:")) {
                    chunked = lower.contains("chunked");
                    continue;
                }
                if (lower.startsWith("connection:")) {
                    close = true;
                    line = "Connection: close";
                }
                if (!line.isEmpty()) {
                    sb.append(line).append("\r\n");
                }
            }
            if (!close) {
                sb.append("Connection: close\r\n");
            }
            sb.append("\r\n");
            state = chunked ? SIZE : PLAIN;
            return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        }
    }
}
