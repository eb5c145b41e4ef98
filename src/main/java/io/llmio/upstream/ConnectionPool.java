package io.llmio.upstream;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Idle keep-alive connections per {@link Endpoint}. The most recently used connection is taken
 * first (it is the least likely to have been closed by the upstream); connections idle longer
 * than the idle timeout are closed, when taken or by a sweep every few seconds, so a quiet
 * gateway does not sit on sockets the upstream has long given up.
 */
final class ConnectionPool implements AutoCloseable {
    private final int maxIdlePerEndpoint;
    private final long idleNanos;
    private final Map<Endpoint, Idle> idle = new ConcurrentHashMap<>();
    private final Thread sweeper;
    private volatile boolean closed;

    private static final class Idle {
        final ConcurrentLinkedDeque<Connection> connections = new ConcurrentLinkedDeque<>();
        final AtomicInteger count = new AtomicInteger();
    }

    ConnectionPool(int maxIdlePerEndpoint, Duration idleTimeout) {
        this.maxIdlePerEndpoint = maxIdlePerEndpoint;
        this.idleNanos = idleTimeout.toNanos();
        long sweepMillis = Math.max(100, Math.min(5_000, idleTimeout.toMillis() / 2));
        this.sweeper = Thread.ofVirtual().name("llmio-upstream-pool-sweeper").start(() -> {
            while (!closed) {
                try {
                    Thread.sleep(sweepMillis);
                } catch (InterruptedException e) {
                    return;
                }
                sweep();
            }
        });
    }

    /** An open idle connection to the endpoint, or null. */
    Connection take(Endpoint e) {
        Idle pool = idle.get(e);
        if (pool == null) {
            return null;
        }
        long now = System.nanoTime();
        Connection c;
        while ((c = pool.connections.pollFirst()) != null) {
            pool.count.decrementAndGet();
            if (usable(c, now)) {
                return c;
            }
            c.close();
        }
        return null;
    }

    /** A connection whose exchange ended cleanly: kept for the next one, or closed if the pool is full. */
    void release(Connection c) {
        c.unwatch();
        if (closed || !c.isOpen() || c.buffered() != 0) {
            c.close();
            return;
        }
        c.idleSince = System.nanoTime();
        Idle pool = idle.computeIfAbsent(c.endpoint, k -> new Idle());
        if (pool.count.incrementAndGet() > maxIdlePerEndpoint) {
            pool.count.decrementAndGet();
            c.close();
            return;
        }
        pool.connections.offerFirst(c);
        if (closed && pool.connections.remove(c)) {
            c.close();
        }
    }

    /** Open, and idle for less than the idle timeout. */
    private boolean usable(Connection c, long now) {
        return c.isOpen() && now - c.idleSince < idleNanos;
    }

    int idleCount(Endpoint e) {
        Idle pool = idle.get(e);
        return pool == null ? 0 : pool.count.get();
    }

    private void sweep() {
        long now = System.nanoTime();
        for (Idle pool : idle.values()) {
            for (Connection c : pool.connections) {
                if (!usable(c, now) && pool.connections.removeFirstOccurrence(c)) {
                    pool.count.decrementAndGet();
                    c.close();
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        sweeper.interrupt();
        for (Idle pool : idle.values()) {
            Connection c;
            while ((c = pool.connections.pollFirst()) != null) {
                pool.count.decrementAndGet();
                c.close();
            }
        }
    }
}
