package io.llmio.config;

/**
 * Bounds of the request-log pipeline (hardening items 2 and 8).
 *
 * @param bodyMaxBytes          largest stored request or response body (io_log); longer ones are cut and marked
 * @param bufferMaxBytes        bytes all log rows and bodies waiting for the writer may hold together
 * @param drainSeconds          how long shutdown keeps writing queued rows before it gives up (and counts them)
 * @param sweepRunningMinutes   on a shared database (PostgreSQL, MySQL): rows still {@code running} this much
 *                              older than the start are ended as interrupted; the embedded database sweeps every
 *                              row older than the start (one process owns it)
 * @param shutdownGraceSeconds  how long requests in flight may finish after SIGTERM before streams still open
 *                              are ended with the protocol's error event
 */
public record LogLimits(int bodyMaxBytes, int bufferMaxBytes, int drainSeconds, int sweepRunningMinutes,
                        int shutdownGraceSeconds) {
    public static final LogLimits DEFAULT = new LogLimits(256 * 1024, 32 << 20, 10, 120, 30);
}
