package io.llmio.requestlog;

import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Logger;

import io.llmio.store.AuthKeyStore;

/**
 * One write of the request-log writer, stage by stage (inserts, updates, bodies, key usage, rows
 * ended at shutdown), holding what is left of it. Each stage is one batch; if that fails while the
 * database answers, its items are written one by one and an item that fails alone is dropped and
 * counted, never its batch; if the database does not answer, the rest is kept for a retry.
 */
final class LogBatch {
    private static final Logger LOG = Logger.getLogger(LogBatch.class.getName());

    private final List<RequestLog> inserts;
    private final List<RequestLog> updates;
    private final List<RequestBody> bodies;
    private final List<Map.Entry<AuthKeyStore.UsageKey, AuthKeyStore.Usage>> usage;
    private final List<Long> ended;
    /** bytes of the queue's byte bound this batch holds until it is written */
    final long bytes;
    private final int rows;

    LogBatch(List<RequestLog> inserts, List<RequestLog> updates, List<RequestBody> bodies,
             List<Map.Entry<AuthKeyStore.UsageKey, AuthKeyStore.Usage>> usage, List<Long> ended, long bytes) {
        this.inserts = inserts;
        this.updates = updates;
        this.bodies = bodies;
        this.usage = usage;
        this.ended = ended;
        this.bytes = bytes;
        this.rows = inserts.size() + updates.size();
    }

    /** Rows not written yet. */
    int left() {
        return inserts.size() + updates.size();
    }

    private enum Stage {
        /** all written */
        DONE,
        /** written except items the database rejected alone (dropped) */
        PARTLY,
        /** the database is out of reach: nothing more written, the rest kept */
        OUT
    }

    private interface Writer<T> {
        void write(List<T> items);
    }

    /** Writes what is left; false when the database is out of reach (the rest is kept for a retry). */
    boolean write(LogStore store, AuthKeyStore keys, WriterHealth health) {
        health.busySince = System.currentTimeMillis();
        boolean troubled = false;
        try {
            List<Supplier<Stage>> stages = List.of(
                    () -> stage(inserts, store::insert, "request log row", store, health),
                    () -> stage(updates, store::update, "request log row", store, health),
                    () -> stage(bodies, store::insertBodies, "request body", store, health),
                    () -> stage(usage, list -> {
                        Map<AuthKeyStore.UsageKey, AuthKeyStore.Usage> m = new HashMap<>();
                        list.forEach(e -> m.put(e.getKey(), e.getValue()));
                        keys.recordUsageByDay(m);
                    }, "API key usage", store, health),
                    () -> stage(ended, list -> store.endRunning(list, LogQueue.SHUTTING_DOWN), "running row", store,
                                health));
            for (Supplier<Stage> next : stages) {
                Stage s = next.get();
                if (s == Stage.OUT) {
                    return false;
                }
                troubled |= s == Stage.PARTLY;
            }
        } finally {
            health.busySince = 0;
        }
        health.written.addAndGet(rows);
        health.lastWriteAt = Instant.now();
        health.consecutiveFailures = troubled ? health.consecutiveFailures + 1 : 0;
        return true;
    }

    private static <T> Stage stage(List<T> items, Writer<T> w, String what, LogStore store, WriterHealth health) {
        if (items.isEmpty()) {
            return Stage.DONE;
        }
        try {
            w.write(items);
            items.clear();
            return Stage.DONE;
        } catch (Throwable t) {
            health.failure(t);
            if (!reachable(store)) {
                health.consecutiveFailures++;
                LOG.warning("Request log: the database is out of reach (" + WriterHealth.describe(t) + "); "
                                    + items.size() + " item(s) kept for a retry");
                return Stage.OUT;
            }
        }
        Stage result = Stage.DONE;
        for (Iterator<T> it = items.iterator(); it.hasNext(); ) {
            T item = it.next();
            try {
                w.write(List.of(item));
            } catch (Throwable t) {
                health.failure(t);
                if (!reachable(store)) {
                    health.consecutiveFailures++;
                    return Stage.OUT;
                }
                if (item instanceof RequestLog || item instanceof RequestBody) {
                    health.failed.incrementAndGet();
                }
                result = Stage.PARTLY;
                LOG.warning("Request log: one " + what + " was rejected and dropped: " + WriterHealth.describe(t));
            }
            it.remove();
        }
        return result;
    }

    private static boolean reachable(LogStore store) {
        try {
            return store.reachable();
        } catch (Throwable t) {
            return false;
        }
    }
}
