package io.llmio.upstream;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keep-alive connections per {@link Endpoint}: the idle ones, and, when capped, a count of all
 * open ones (idle or busy) with a bounded queue of requests waiting for one. The most recently
 * used idle connection is taken first (it is the least likely to have been closed by the
 * upstream); connections idle longer than the idle timeout are closed, when taken or by a sweep
 * every few seconds, so a quiet gateway does not sit on sockets the upstream has long given up.
 */
final class ConnectionPool implements AutoCloseable {
    private final int maxIdlePerEndpoint;
    private final long idleNanos;
    private final UpstreamClient.Limits limits;
    private final Map<Endpoint, Slots> slots = new ConcurrentHashMap<>();
    private final Thread sweeper;
    private volatile boolean closed;

    /** One endpoint's connections. With a cap, {@code open}, {@code waiting} and the idle deque change under {@code lock}. */
    private static final class Slots {
        final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
        final AtomicInteger idleCount = new AtomicInteger();
        final ReentrantLock lock = new ReentrantLock();
        final Condition freed = lock.newCondition();
        int open;
        int waiting;
    }

    ConnectionPool(int maxIdlePerEndpoint, Duration idleTimeout, UpstreamClient.Limits limits) {
        this.maxIdlePerEndpoint = maxIdlePerEndpoint;
        this.idleNanos = idleTimeout.toNanos();
        this.limits = limits;
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

    private boolean capped() {
        return limits.maxConnections() > 0;
    }

    /**
     * An open idle connection to the endpoint, or null: then the caller opens one and hands it to
     * {@link #opened}, or calls {@link #openFailed} (with a cap the slot is reserved for it). With
     * a cap reached, waits in the endpoint's queue for a connection to come back or close, or for
     * {@code cancel}.
     *
     * @throws UpstreamException OVERLOADED when the queue is full or the wait is over, CANCELLED
     *                           when the call was cancelled meanwhile
     */
    Connection take(Endpoint e, Cancellation cancel) {
        Slots s = slots.computeIfAbsent(e, k -> new Slots());
        if (!capped()) {
            return pollIdle(s);
        }
        s.lock.lock();
        try {
            long deadline = 0;
            while (true) {
                if (cancel.cancelled()) {
                    s.freed.signal(); // a wake-up meant for this waiter goes to the next one
                    throw new UpstreamException(UpstreamException.Kind.CANCELLED, "while waiting for a connection to "
                            + e.where(), null);
                }
                Connection c = pollIdle(s);
                if (c != null) {
                    return c;
                }
                if (s.open < limits.maxConnections()) {
                    s.open++;
                    return null;
                }
                if (deadline == 0 && s.waiting >= limits.queue()) {
                    throw overloaded(e, limits.queue() == 0 ? "" : " and " + limits.queue() + " requests waiting");
                }
                long now = System.nanoTime();
                if (deadline == 0) {
                    deadline = now + limits.queueTimeout().toNanos();
                }
                if (deadline - now <= 0) {
                    s.freed.signal();
                    throw overloaded(e, ", waited " + limits.queueTimeout().toMillis() + " ms for one");
                }
                s.waiting++;
                cancel.waiting(() -> wakeAll(s));
                try {
                    // a cancel before the line above found no one to wake: seen here; one after it wakes the wait
                    if (!cancel.cancelled()) {
                        s.freed.awaitNanos(deadline - now);
                    }
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw new UpstreamException(UpstreamException.Kind.CANCELLED, "while waiting for a connection to "
                            + e.where(), null);
                } finally {
                    cancel.waiting(null);
                    s.waiting--;
                }
            }
        } finally {
            s.lock.unlock();
        }
    }

    /** A cancelled request among the waiters: every waiter looks (the others wait on). */
    private static void wakeAll(Slots s) {
        s.lock.lock();
        try {
            s.freed.signalAll();
        } finally {
            s.lock.unlock();
        }
    }

    private UpstreamException overloaded(Endpoint e, String waiting) {
        return new UpstreamException(UpstreamException.Kind.OVERLOADED, "all " + limits.maxConnections()
                + " connections to " + e.where() + " are busy" + waiting
                + " (LLMIO_UPSTREAM_MAX_CONNECTIONS, LLMIO_UPSTREAM_QUEUE)", null);
    }

    /** A connection opened after {@link #take} gave null: its slot is freed when it closes. */
    void opened(Connection c) {
        if (capped()) {
            Slots s = slots.get(c.endpoint);
            c.onClose(() -> free(s));
        }
    }

    /** Opening a connection after {@link #take} gave null failed: its slot is free again. */
    void openFailed(Endpoint e) {
        if (capped()) {
            free(slots.get(e));
        }
    }

    private void free(Slots s) {
        s.lock.lock();
        try {
            s.open--;
            s.freed.signal();
        } finally {
            s.lock.unlock();
        }
    }

    /** An open idle connection taken from the deque (stale ones closed on the way), or null. */
    private Connection pollIdle(Slots s) {
        long now = System.nanoTime();
        Connection c;
        while ((c = s.idle.pollFirst()) != null) {
            s.idleCount.decrementAndGet();
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
        Slots s = slots.computeIfAbsent(c.endpoint, k -> new Slots());
        if (capped()) {
            s.lock.lock();
            try {
                keep(s, c);
                s.freed.signal();
            } finally {
                s.lock.unlock();
            }
        } else {
            keep(s, c);
        }
        if (closed && s.idle.remove(c)) {
            c.close();
        }
    }

    private void keep(Slots s, Connection c) {
        if (s.idleCount.incrementAndGet() > maxIdlePerEndpoint) {
            s.idleCount.decrementAndGet();
            c.close();
            return;
        }
        s.idle.offerFirst(c);
    }

    /** Open, and idle for less than the idle timeout. */
    private boolean usable(Connection c, long now) {
        return c.isOpen() && now - c.idleSince < idleNanos;
    }

    int idleCount(Endpoint e) {
        Slots s = slots.get(e);
        return s == null ? 0 : s.idleCount.get();
    }

    /** Open connections to the endpoint, idle or busy (counted only with a cap). */
    int openCount(Endpoint e) {
        Slots s = slots.get(e);
        if (s == null) {
            return 0;
        }
        s.lock.lock();
        try {
            return s.open;
        } finally {
            s.lock.unlock();
        }
    }

    /** Requests waiting in the endpoint's queue (for tests). */
    int waitingCount(Endpoint e) {
        Slots s = slots.get(e);
        if (s == null) {
            return 0;
        }
        s.lock.lock();
        try {
            return s.waiting;
        } finally {
            s.lock.unlock();
        }
    }

    private void sweep() {
        long now = System.nanoTime();
        for (Slots s : slots.values()) {
            for (Connection c : s.idle) {
                if (!usable(c, now) && s.idle.removeFirstOccurrence(c)) {
                    s.idleCount.decrementAndGet();
                    c.close();
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        sweeper.interrupt();
        for (Slots s : slots.values()) {
            Connection c;
            while ((c = s.idle.pollFirst()) != null) {
                s.idleCount.decrementAndGet();
                c.close();
            }
        }
    }
}
