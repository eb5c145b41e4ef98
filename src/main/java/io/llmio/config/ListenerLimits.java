package io.llmio.config;

import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * What one client connection may hold and for how long (SPEC §12): a connection flood, a slowloris
 * or a stalled request body must neither exhaust file descriptors nor hold the server.
 *
 * @param maxConnections open client connections at most; one more is answered 503 and closed at once
 * @param headerTimeout  time from a request's first byte (or the connection's opening) to the end of its headers
 * @param bodyTimeout    longest wait for the next bytes of a request body
 * @param idleTimeout    longest a keep-alive connection may wait for its next request
 */
public record ListenerLimits(int maxConnections, Duration headerTimeout, Duration bodyTimeout, Duration idleTimeout) {
    /** the default cap never exceeds this: each open connection costs memory too (buffers, a thread) */
    static final int MAX_DEFAULT_CONNECTIONS = 10_000;
    /** descriptors kept for the database pool, log files, jars and connections being refused */
    private static final int RESERVED_FDS = 128;

    public static ListenerLimits defaults() {
        return new ListenerLimits(0, Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60));
    }

    /** {@link #maxConnections()}, or when it is 0 the default that the process's file descriptor limit allows. */
    public int effectiveMaxConnections() {
        return maxConnections > 0 ? maxConnections : fromFdLimit();
    }

    /**
     * Half of the descriptors still free after those open now and a reserve: each proxied client
     * connection may hold an upstream connection as well. 16 at least, {@value #MAX_DEFAULT_CONNECTIONS} at most.
     */
    static int fromFdLimit() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            long free = unix.getMaxFileDescriptorCount() - unix.getOpenFileDescriptorCount() - RESERVED_FDS;
            return (int) Math.max(16, Math.min(MAX_DEFAULT_CONNECTIONS, free / 2));
        }
        return MAX_DEFAULT_CONNECTIONS;
    }
}
