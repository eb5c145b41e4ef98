package io.llmio.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Semaphore;

/**
 * Bounds the request bytes held in memory by all requests together, so that a burst of large
 * (multimodal) bodies is answered 503 with Retry-After instead of exhausting the heap. A body
 * takes budget for its declared length up front, or as it is read when chunked, and gives it
 * back when its request ends.
 */
final class BodyBudget {
    /** first buffer for a body of unknown length (chunked); doubles as it fills */
    private static final int CHUNK = 8 * 1024;

    private final Semaphore kib;
    private final int maxBody;

    /**
     * @param totalBytes bytes all bodies together may hold
     * @param maxBody    largest single body (413 above it)
     */
    BodyBudget(long totalBytes, int maxBody) {
        this.kib = new Semaphore((int) Math.min(Integer.MAX_VALUE, totalBytes >> 10));
        this.maxBody = maxBody;
    }

    /** A body read under the budget; close it when the request is done. */
    final class Lease implements AutoCloseable {
        private final byte[] body;
        private int held;

        private Lease(byte[] body, int held) {
            this.body = body;
            this.held = held;
        }

        byte[] body() {
            return body;
        }

        @Override
        public void close() {
            int h = held;
            held = 0;
            kib.release(h);
        }
    }

    /**
     * Reads the whole body. With a declared length it is read straight into an array of exactly
     * that size (the budget taken up front), then the stream is read to its end, which also lets
     * the server reuse the connection; without one it grows in steps.
     */
    Lease read(InputStream in, long declaredLength) throws IOException {
        if (declaredLength > maxBody) {
            throw tooLarge();
        }
        if (declaredLength >= 0) {
            int len = (int) declaredLength;
            int held = take((len + 1023) / 1024);
            try {
                byte[] body = new byte[len];
                int off = 0;
                while (off < len) {
                    int n = in.read(body, off, len - off);
                    if (n < 0) {
                        throw new IOException("the body ended after " + off + " of its " + len + " declared bytes");
                    }
                    off += n;
                }
                if (in.read() >= 0) {
                    throw new IOException("the body is longer than its Content-Length");
                }
                return new Lease(body, held);
            } catch (IOException | RuntimeException e) {
                kib.release(held);
                throw e;
            }
        }
        byte[] body = new byte[CHUNK];
        int len = 0;
        int held = 0;
        try {
            int n;
            while ((n = in.read(body, len, body.length - len)) >= 0) {
                len += n;
                if (len > maxBody) {
                    throw tooLarge();
                }
                int need = (len + 1023) / 1024 - held;
                if (need > 0) {
                    held += take(need);
                }
                if (len == body.length) {
                    body = Arrays.copyOf(body, (int) Math.min((long) maxBody + 1, (long) body.length * 2));
                }
            }
            return new Lease(len == body.length ? body : Arrays.copyOf(body, len), held);
        } catch (IOException | RuntimeException e) {
            kib.release(held);
            throw e;
        }
    }

    private int take(int kibs) {
        if (kibs > 0 && !kib.tryAcquire(kibs)) {
            throw new GatewayError(503, "llmio is holding too many large request bodies right now; "
                    + "retry shortly.", Duration.ofSeconds(1), null);
        }
        return kibs;
    }

    int availableKib() {
        return kib.availablePermits();
    }

    private GatewayError tooLarge() {
        return new GatewayError(413, "Request body larger than " + (maxBody >> 20) + " MiB.");
    }
}
