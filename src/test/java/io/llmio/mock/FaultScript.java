package io.llmio.mock;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Per-instance fault programme: a FIFO consumed one entry per request, then the default
 * (normally {@link Fault#none()}). Thread-safe.
 */
public final class FaultScript {

    private final Deque<Fault> queue = new ArrayDeque<>();
    private Fault fallback = Fault.none();

    /** Queue a fault for the next request not yet scripted. */
    public synchronized FaultScript next(Fault fault) {
        queue.addLast(fault);
        return this;
    }

    /** Queue the same fault {@code times} times. */
    public synchronized FaultScript next(Fault fault, int times) {
        for (int i = 0; i < times; i++) {
            queue.addLast(fault);
        }
        return this;
    }

    /** What every request gets once the queue is empty. */
    public synchronized FaultScript otherwise(Fault fault) {
        fallback = fault;
        return this;
    }

    /** Empties the queue and restores the default to {@link Fault#none()}. */
    public synchronized FaultScript clear() {
        queue.clear();
        fallback = Fault.none();
        return this;
    }

    public synchronized int pending() {
        return queue.size();
    }

    synchronized Fault take() {
        Fault f = queue.pollFirst();
        return f != null ? f : fallback;
    }
}
