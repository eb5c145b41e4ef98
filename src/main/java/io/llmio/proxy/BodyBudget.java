package io.llmio.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.Semaphore;

/**
 * Bounds the request bytes held in memory by all requests together, so that a burst of large
 * (multimodal) bodies is answered 503 with Retry-After instead of exhausting the heap. Each body
 * takes budget as it is read, in 64 KiB steps, and gives it back when its request ends.
 */
final class BodyBudget {
    private static final int STEP = 64 * 1024;

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

    Lease read(InputStream in, long declaredLength) throws IOException {
        if (declaredLength > maxBody) {
            throw tooLarge();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(
                declaredLength > 0 ? (int) declaredLength : 8 * 1024);
        byte[] buf = new byte[STEP];
        int held = 0;
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                if (out.size() + n > maxBody) {
                    throw tooLarge();
                }
                int need = (out.size() + n + 1023) / 1024 - held;
                if (need > 0) {
                    if (!kib.tryAcquire(need)) {
                        throw new GatewayError(503, "llmio is holding too many large request bodies right now; "
                                + "retry shortly.", Duration.ofSeconds(1), null);
                    }
                    held += need;
                }
                out.write(buf, 0, n);
            }
            return new Lease(out.toByteArray(), held);
        } catch (IOException | RuntimeException e) {
            kib.release(held);
            throw e;
        }
    }

    int availableKib() {
        return kib.availablePermits();
    }

    private GatewayError tooLarge() {
        return new GatewayError(413, "Request body larger than " + (maxBody >> 20) + " MiB.");
    }
}
