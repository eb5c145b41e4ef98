package io.llmio.upstream;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.io.PushbackInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * An upstream answer whose status and headers have arrived; the body is read from
 * {@link #inputStream()} as it comes. Once the body has been read to its end the connection goes
 * back to the pool by itself; {@link #close()} before that aborts the exchange and closes the
 * connection (the way to stop an upstream call at once). A body the upstream compressed although
 * the request asked for {@code identity} (a CDN or a proxy may) is decoded as it is read when its
 * codings are gzip or deflate (the JDK's); another coding (br, zstd) is left as it came and named
 * by {@link #contentEncoding()}.
 */
public final class UpstreamResponse implements AutoCloseable {
    private static final int INFLATE_BUFFER = 8 * 1024;
    /** what may follow a compressed body inside its framing before the connection is dropped instead of drained */
    private static final int MAX_TRAILING_GARBAGE = 64 * 1024;

    private final ResponseHead head;
    private final Body body;
    /** the body as the caller reads it: {@link #body} itself, or its decoding */
    private final InputStream stream;
    private final String contentEncoding;

    UpstreamResponse(ResponseHead head, Connection connection, ConnectionPool pool, Cancellation cancel) {
        this.head = head;
        this.body = switch (head.framing()) {
            case NONE -> new Fixed(connection, pool, cancel, head.keepAlive(), 0);
            case LENGTH -> new Fixed(connection, pool, cancel, head.keepAlive(), head.length());
            case CHUNKED -> new Chunked(connection, pool, cancel, head.keepAlive());
            case CLOSE -> new UntilClose(connection, pool, cancel);
        };
        // Content-Encoding lists the codings in the order applied: undone from the last
        List<String> codings = new ArrayList<>();
        for (String value : head.all("content-encoding")) {
            for (String token : value.split(",")) {
                String t = token.trim().toLowerCase(Locale.ROOT);
                if (!t.isEmpty() && !t.equals("identity")) {
                    codings.add(t);
                }
            }
        }
        int keep = codings.size();
        while (keep > 0 && Decoder.decodes(codings.get(keep - 1))) {
            keep--;
        }
        this.contentEncoding = keep == 0 ? null : String.join(", ", codings.subList(0, keep));
        InputStream in = body;
        for (int i = codings.size() - 1; i >= keep; i--) {
            in = new Decoder(codings.get(i), in);
        }
        this.stream = keep == codings.size() ? body : new Decoded(body, in);
    }

    /**
     * The body's length as the upstream announced it (Content-Length), or -1 when it did not or
     * when the body is decoded (the decoded length is known only at its end).
     */
    public long declaredLength() {
        if (stream != body) {
            return -1;
        }
        return head.framing() == ResponseHead.Framing.LENGTH ? head.length() : head.framing() == ResponseHead.Framing.NONE ? 0 : -1;
    }

    /**
     * The content codings the body still has as {@link #inputStream()} gives it (a Content-Encoding
     * value for the caller), or null when it is plain: gzip and deflate are decoded, others not.
     */
    public String contentEncoding() {
        return contentEncoding;
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

    /** The body as it arrives (decoded, see {@link #contentEncoding()}); -1 at its end. */
    public InputStream inputStream() {
        return stream;
    }

    /**
     * The whole body. With a Content-Length it is read into an array of exactly that size.
     *
     * @throws IOException on a read error, or if the body is longer than {@code max}
     */
    public byte[] readBody(int max) throws IOException {
        if (stream == body && body instanceof Fixed f && !f.done) {
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
        while ((n = stream.read(b, len, b.length - len)) >= 0) {
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
        byte[] b = stream.readNBytes(max);
        return new String(b, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (stream != body) {
            try {
                stream.close(); // ends the inflaters
            } catch (IOException ignored) {
                // aborting anyway
            }
        }
        body.abort();
    }

    /** A stream read in blocks: the one-byte read is one of those. */
    private abstract static class BlockInput extends InputStream {
        @Override
        public final int read() throws IOException {
            byte[] one = new byte[1];
            int n;
            do {
                n = read(one, 0, 1);
            } while (n == 0);
            return n < 0 ? -1 : one[0] & 0xff;
        }
    }

    /**
     * One content coding undone, started at the first read (a HEAD or 204 answer may name a coding
     * and have no body): gzip ({@code x-gzip}), or deflate, which is zlib-wrapped by the RFC but
     * sent raw by some servers, so its first two bytes decide (as browsers and curl do).
     */
    private static final class Decoder extends BlockInput {
        private final String coding;
        private final InputStream raw;
        private InputStream inflating;
        private Inflater inflater;

        Decoder(String coding, InputStream raw) {
            this.coding = coding;
            this.raw = raw;
        }

        static boolean decodes(String coding) {
            return coding.equals("gzip") || coding.equals("x-gzip") || coding.equals("deflate");
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (inflating == null) {
                PushbackInputStream in = new PushbackInputStream(raw, 2);
                byte[] first = in.readNBytes(2);
                if (first.length == 0) {
                    return -1;
                }
                in.unread(first);
                if (coding.equals("deflate")) {
                    boolean zlib = first.length == 2 && (first[0] & 0x0f) == 8
                            && (((first[0] & 0xff) << 8) | (first[1] & 0xff)) % 31 == 0;
                    inflater = new Inflater(!zlib);
                    inflating = new InflaterInputStream(in, inflater, INFLATE_BUFFER);
                } else {
                    inflating = new GZIPInputStream(in, INFLATE_BUFFER);
                }
            }
            return inflating.read(b, off, len);
        }

        @Override
        public void close() throws IOException {
            if (inflater != null) {
                inflater.end();
            }
            (inflating != null ? inflating : raw).close();
        }
    }

    /**
     * The decoded body: at the end of the decoding the rest of the framed body is read (a chunked
     * body's last chunk), so the connection goes back to the pool; any failure aborts the exchange.
     */
    private static final class Decoded extends BlockInput {
        private final Body body;
        private final InputStream decoder;
        private boolean ended;

        Decoded(Body body, InputStream decoder) {
            this.body = body;
            this.decoder = decoder;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (ended) {
                return body.ended();
            }
            int n;
            try {
                n = decoder.read(b, off, len);
            } catch (IOException | RuntimeException e) {
                close();
                throw e;
            }
            if (n < 0) {
                ended = true;
                drain();
            }
            return n;
        }

        private void drain() throws IOException {
            byte[] skip = new byte[512];
            int total = 0;
            int k;
            while ((k = body.read(skip, 0, skip.length)) >= 0) {
                total += k;
                if (total > MAX_TRAILING_GARBAGE) {
                    break;
                }
            }
            close();
        }

        @Override
        public void close() throws IOException {
            try {
                decoder.close();
            } finally {
                body.abort();
            }
        }
    }

    /** A response body on a connection: hands the connection back (or closes it) exactly once. */
    private abstract static class Body extends BlockInput {
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
