package io.llmio.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import io.llmio.errors.GatewayError;

/**
 * Bounds the request bytes held in memory by all requests together, so that a burst of large
 * (multimodal) bodies is answered 503 with Retry-After instead of exhausting the heap. A body
 * takes budget as its bytes arrive, never for a length it only declares (a client that sends
 * headers and stalls holds nothing), and gives it back when its request ends. The last eighth of
 * the budget is kept for small bodies, so that large ones never starve ordinary requests.
 */
final class BodyBudget {
    /** first buffer: a body grows from here as it arrives */
    private static final int FIRST = 8 * 1024;
    /** a body up to this size may use the reserve */
    static final int SMALL_KIB = 256;

    private final AtomicLong freeKib;
    private final long reserveKib;
    private final int maxBody;

    /**
     * @param totalBytes bytes all bodies together may hold
     * @param maxBody    largest single body (413 above it)
     */
    BodyBudget(long totalBytes, int maxBody) {
        long kib = totalBytes >> 10;
        this.freeKib = new AtomicLong(kib);
        this.reserveKib = kib / 8;
        this.maxBody = maxBody;
    }

    /** A body read under the budget; close it when the request is done. */
    final class Lease implements AutoCloseable {
        private final byte[] body;
        private long held;

        private Lease(byte[] body, long held) {
            this.body = body;
            this.held = held;
        }

        byte[] body() {
            return body;
        }

        @Override
        public void close() {
            long h = held;
            held = 0;
            freeKib.addAndGet(h);
        }
    }

    /**
     * Reads the whole body, taking budget for each KiB as it arrives; with a declared length the
     * buffer grows up to exactly that size and the body must match it.
     */
    Lease read(InputStream in, long declaredLength) throws IOException {
        if (declaredLength > maxBody) {
            throw tooLarge();
        }
        int limit = declaredLength >= 0 ? (int) declaredLength : maxBody + 1;
        byte[] body = new byte[Math.min(FIRST, Math.max(limit, 1))];
        int len = 0;
        long held = 0;
        try {
            while (true) {
                if (len == body.length) {
                    if (len == limit) {
                        if (declaredLength >= 0 && in.read() >= 0) {
                            throw new IOException("the body is longer than its Content-Length");
                        }
                        break;
                    }
                    body = Arrays.copyOf(body, (int) Math.min(limit, (long) body.length * 2));
                }
                int n = in.read(body, len, body.length - len);
                if (n < 0) {
                    break;
                }
                len += n;
                if (len > maxBody) {
                    throw tooLarge();
                }
                long need = (len + 1023) / 1024 - held;
                if (need > 0) {
                    take(need, Math.max(held + need, (declaredLength + 1023) / 1024));
                    held += need;
                }
            }
            if (declaredLength >= 0 && len < declaredLength) {
                throw new IOException("the body ended after " + len + " of its " + declaredLength + " declared bytes");
            }
            return new Lease(len == body.length ? body : Arrays.copyOf(body, len), held);
        } catch (IOException | RuntimeException e) {
            freeKib.addAndGet(held);
            throw e;
        }
    }

    /**
     * Takes {@code kib} more for a body of (at least) {@code sizeKib}; only a small body may use the
     * reserve. A body declares its size, or shows it as it arrives.
     */
    private void take(long kib, long sizeKib) {
        long floor = sizeKib <= SMALL_KIB ? 0 : reserveKib;
        long free;
        do {
            free = freeKib.get();
            if (free - kib < floor) {
                throw new GatewayError(503, "llmio is holding too many large request bodies right now; "
                        + "retry shortly.", Duration.ofSeconds(1), null);
            }
        } while (!freeKib.compareAndSet(free, free - kib));
    }

    int availableKib() {
        return (int) freeKib.get();
    }

    private GatewayError tooLarge() {
        return new GatewayError(413, "Request body larger than " + (maxBody >> 20) + " MiB.");
    }
}
