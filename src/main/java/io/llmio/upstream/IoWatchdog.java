package io.llmio.upstream;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The idle timeout of busy upstream connections, kept by one thread instead of by the socket. A
 * socket read with a timeout makes the parked virtual thread register a timer and cancel it
 * again, on every read, i.e. for every relayed event of every stream (the measured cost:
 * docs/design-notes.md); a socket write has no timeout at all. Here a connection that
 * has been in one read or write longer than its limit is closed, and the blocked call gets a
 * {@link java.net.SocketTimeoutException}.
 */
final class IoWatchdog {
    /** how often the busy connections are checked: a timeout fires up to this much late */
    static final long TICK_MILLIS = 50;
    static final IoWatchdog INSTANCE = new IoWatchdog();

    private final Set<Connection> watched = ConcurrentHashMap.newKeySet();

    private IoWatchdog() {
        Thread.ofPlatform().name("llmio-upstream-io-watchdog").daemon(true).start(this::run);
    }

    void watch(Connection c) {
        watched.add(c);
    }

    void unwatch(Connection c) {
        watched.remove(c);
    }

    int size() {
        return watched.size();
    }

    private void run() {
        while (true) {
            try {
                Thread.sleep(TICK_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Connection c : watched) {
                if (c.busyTooLong(now)) {
                    watched.remove(c);
                    // closing a TLS socket writes close_notify, which could block: not on this thread
                    Thread.ofVirtual().name("llmio-upstream-io-timeout").start(c::expire);
                }
            }
        }
    }
}
