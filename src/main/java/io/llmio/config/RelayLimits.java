package io.llmio.config;

import java.time.Duration;

/**
 * Limits of the relay between upstream answers and callers (SPEC §12).
 *
 * @param responseBufferBytes a non-stream answer up to this size is held whole before the caller
 *                            gets a byte (error_matcher on the whole body, failover, usage, io_log);
 *                            a larger one is relayed as it arrives after this much
 * @param responseMaxBytes    the largest non-stream answer relayed at all: above it the caller gets
 *                            a 502 if nothing was sent yet, else the answer is cut off
 * @param clientWriteTimeout  the longest one write to a caller may block (a client that stops
 *                            reading); then its connection and the upstream call are closed
 */
public record RelayLimits(int responseBufferBytes, long responseMaxBytes, Duration clientWriteTimeout) {
    public static final int DEFAULT_BUFFER_KB = 1024;
    public static final int DEFAULT_MAX_MB = 1024;
    public static final int DEFAULT_WRITE_TIMEOUT_SECONDS = 30;
    public static final RelayLimits DEFAULTS = of(DEFAULT_BUFFER_KB, DEFAULT_MAX_MB, DEFAULT_WRITE_TIMEOUT_SECONDS);

    static RelayLimits of(int bufferKb, int maxMb, int writeTimeoutSeconds) {
        return new RelayLimits(bufferKb * 1024, maxMb * 1024L * 1024L, Duration.ofSeconds(writeTimeoutSeconds));
    }
}
