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
 * @param translateMaxTokens  {@code max_tokens} sent to an Anthropic upstream when a caller of another
 *                            protocol gave no limit (Anthropic requires one; SPEC §11)
 */
public record RelayLimits(int responseBufferBytes, long responseMaxBytes, Duration clientWriteTimeout,
                          int translateMaxTokens) {
    public static final int DEFAULT_BUFFER_KB = 1024;
    public static final int DEFAULT_MAX_MB = 1024;
    public static final int DEFAULT_WRITE_TIMEOUT_SECONDS = 30;
    public static final int DEFAULT_TRANSLATE_MAX_TOKENS = 4096;
    public static final RelayLimits DEFAULTS = of(DEFAULT_BUFFER_KB, DEFAULT_MAX_MB, DEFAULT_WRITE_TIMEOUT_SECONDS,
                                                  DEFAULT_TRANSLATE_MAX_TOKENS);

    static RelayLimits of(int bufferKb, int maxMb, int writeTimeoutSeconds, int translateMaxTokens) {
        return new RelayLimits(bufferKb * 1024, maxMb * 1024L * 1024L, Duration.ofSeconds(writeTimeoutSeconds),
                               translateMaxTokens);
    }
}
