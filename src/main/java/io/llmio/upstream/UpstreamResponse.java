package io.llmio.upstream;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.BiConsumer;

/**
 * An upstream answer whose status and headers have arrived; the body is read from
 * {@link #inputStream()} as it comes. Once the body has been read to its end the connection goes
 * back to the pool by itself; {@link #close()} before that aborts the exchange and closes the
 * connection (the way to stop an upstream call at once).
 */
public final class UpstreamResponse implements AutoCloseable {
    private final ResponseHead head;
    private final Body body;

    UpstreamResponse(ResponseHead head, Connection connection, ConnectionPool pool, Cancellation cancel) {
        this.head = head;
        this.body = switch (head.framing()) {
            case NONE -> new Fixed(connection, pool, cancel, head.keepAlive(), 0);
            case LENGTH -> new Fixed(connection, pool, cancel, head.keepAlive(), head.length());
            case CHUNKED -> new Chunked(connection, pool, cancel, head.keepAlive());
            case CLOSE -> new UntilClose(connection, pool, cancel);
        };
    }

    /** The body's length as the upstream announced it (Content-Length), or -1 when it did not. */
    public long declaredLength() {
        return head.framing() == ResponseHead.Framing.LENGTH ? head.length() : head.framing() == ResponseHead.Framing.NONE ? 0 : -1;
    }

    public int status() {
        return head.status();
    }

    /** The first value of the header, case-insensitive, or null. */
    public String header(String name) {
        return head.first(name);
    }

    /** Every header field in the order received (a repeated name is given once per field). */
    public void forEachHeader(BiConsumer<String, String> action) {
        var f = head.fields();
        for (int i = 0; i < f.size(); i += 2) {
            action.accept(f.get(i), f.get(i + 1));
        }
    }

    /** The Content-Type's media type in lower case without parameters (e.g. {@code text/event-stream}), or "". */
    public String mediaType() {
        String ct = head.first("content-type");
        if (ct == null) {
            return "";
        }
        int semi = ct.indexOf(';');
        return (semi < 0 ? ct : ct.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    /** The body as it arrives; -1 at its end. */
    public InputStream inputStream() {
        return body;
    }

    /**
     * The whole body. With a Content-Length it is read into an array of exactly that size.
     *
     * @throws IOException on a read error, or if the body is longer than {@code max}
     */
    public byte[] readBody(int max) throws IOException {
        if (body instanceof Fixed f && !f.done) {
            if (f.remaining > max) {
                throw new IOException("upstream body of " + f.remaining + " bytes is larger than " + max);
            }
            byte[] b = new byte[(int) f.remaining];
            int off = 0;
            while (off < b.length) {
                off += f.read(b, off, b.length - off); // throws at a premature end
            }
            return b;
        }
        // room for one byte over max, so a longer body shows whatever the chunk sizes
        long limit = Math.min((long) max + 1, Integer.MAX_VALUE - 8);
        byte[] b = new byte[(int) Math.min(8 * 1024, limit)];
        int len = 0;
        int n;
        while ((n = body.read(b, len, b.length - len)) >= 0) {
            len += n;
            if (len > max) {
                throw new IOException("upstream body is larger than " + max + " bytes");
            }
            if (len == b.length) {
                b = Arrays.copyOf(b, (int) Math.min(limit, (long) b.length * 2));
            }
        }
        return len == b.length ? b : Arrays.copyOf(b, len);
    }

    /** The body as UTF-8 text, at most {@code max} bytes of it. */
    public String text(int max) throws IOException {
        byte[] b = body.readNBytes(max);
        return new String(b, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        body.abort();
    }

    /** A response body on a connection: hands the connection back (or closes it) exactly once. */
    private abstract static class Body extends InputStream {
        final Connection connection;
        private final ConnectionPool pool;
        private final Cancellation cancel;
        private final boolean keepAlive;
        boolean done;
        private boolean aborted;

        Body(Connection connection, ConnectionPool pool, Cancellation cancel, boolean keepAlive) {
            this.connection = connection;
            this.pool = pool;
            this.cancel = cancel;
            this.keepAlive = keepAlive;
        }

        /** The body ended as framed: the connection may carry the next exchange. */
        final void finish() {
            if (!done) {
                done = true;
                cancel.detach();
                if (keepAlive) {
                    pool.release(connection);
                } else {
                    connection.close();
                }
            }
        }

        final void abort() {
            if (!done) {
                done = true;
                aborted = true;
                cancel.detach();
                connection.close();
            }
        }

        /** What a read past the end gives: -1 after a complete body, an error after an abort. */
        final int ended() throws IOException {
            if (aborted) {
                throw new IOException("the upstream exchange was aborted before the end of its body");
            }
            return -1;
        }

        final IOException truncated(String what) {
            abort();
            return new EOFException("upstream closed the connection " + what);
        }

        @Override
        public final int read() throws IOException {
            byte[] one = new byte[1];
            int n;
            do {
                n = read(one, 0, 1);
            } while (n == 0);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public final void close() {
            abort();
        }
    }

    private static final class Fixed extends Body {
        long remaining;

        Fixed(Connection connection, ConnectionPool pool, Cancellation cancel, boolean keepAlive, long length) {
            super(connection, pool, cancel, keepAlive);
            this.remaining = length;
            if (length == 0) {
                finish();
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return ended();
            }
            if (len == 0) {
                return 0;
            }
            int n;
            try {
                n = connection.read(b, off, (int) Math.min(len, remaining));
            } catch (IOException e) {
                abort();
                throw e;
            }
            if (n < 0) {
                throw truncated(remaining + " bytes before the end of the body");
            }
            remaining -= n;
            if (remaining == 0) {
                finish();
            }
            return n;
        }
    }

    private static final class Chunked extends Body {
        /** bytes left in the current chunk; 0 = a chunk header comes next */
        private long left;
        private boolean started;

        Chunked(Connection connection, ConnectionPool pool, Cancellation cancel, boolean keepAlive) {
            super(connection, pool, cancel, keepAlive);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return ended();
            }
            if (len == 0) {
                return 0;
            }
            try {
                if (left == 0) {
                    if (started && !connection.readLine().isEmpty()) {
                        throw new ProtocolException("upstream sent a chunk longer than its size");
                    }
                    started = true;
                    left = chunkSize(connection.readLine());
                    if (left == 0) {
                        while (!connection.readLine().isEmpty()) {
                            // trailer fields: not relayed
                        }
                        finish();
                        return -1;
                    }
                }
                int n = connection.read(b, off, (int) Math.min(len, left));
                if (n < 0) {
                    throw truncated("in the middle of a chunk");
                }
                left -= n;
                return n;
            } catch (IOException e) {
                abort();
                throw e;
            }
        }

        private static long chunkSize(String line) throws ProtocolException {
            int end = line.indexOf(';');
            String hex = (end < 0 ? line : line.substring(0, end)).trim();
            if (hex.isEmpty() || hex.length() > 15 || Character.digit(hex.charAt(0), 16) < 0) {
                throw new ProtocolException("upstream sent an invalid chunk size");
            }
            try {
                return Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                throw new ProtocolException("upstream sent an invalid chunk size");
            }
        }
    }

    private static final class UntilClose extends Body {
        UntilClose(Connection connection, ConnectionPool pool, Cancellation cancel) {
            super(connection, pool, cancel, false);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return ended();
            }
            int n;
            try {
                n = connection.read(b, off, len);
            } catch (IOException e) {
                abort();
                throw e;
            }
            if (n < 0) {
                finish();
            }
            return n;
        }
    }
}
