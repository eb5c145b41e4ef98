package io.llmio.observe;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmio.store.AuthKeyStore;
import io.llmio.store.LogIds;
import io.llmio.store.LogStore;
import io.llmio.store.RequestBody;
import io.llmio.store.RequestLog;

/**
 * The request-log writer (SPEC §6): {@link #record} copies the attempt into an immutable row and
 * offers it to a bounded queue (never blocks; a full queue is counted as dropped); one writer
 * thread drains it in batches, folding a row's start and end into one insert when both are in the
 * same batch. A row still running at the end of a batch is held back for the next batches, up to
 * {@link #HOLD_NANOS}, so that most calls still become one insert instead of an insert and an
 * update; only longer ones (streams) get their running row written first. {@link #close()}
 * drains what is left.
 */
public final class LogQueue implements LogSink, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LogQueue.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BATCH = 512;
    /** how long a batch keeps collecting after its first op */
    private static final long GATHER_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long GATHER_STEP_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** how long a running row may wait for its end before it is written as running */
    private static final long HOLD_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final LogStore store;
    private final AuthKeyStore keys;
    private final LogIds ids;
    private final ToDoubleFunction<AttemptLog> cost;
    /** false: no request_logs rows, only the key usage counters (LLMIO_REQUEST_LOG=false) */
    private final boolean rows;
    private final BlockingQueue<Op> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Thread writer;
    private volatile boolean closing;
    private final List<java.util.function.Consumer<AttemptLog>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    private record Op(RequestLog row, RequestBody body, boolean first, Long keyId, boolean finished, long queuedAt) {
    }

    /** running rows not written yet (writer thread only), by id, oldest first */
    private final LinkedHashMap<Long, Op> held = new LinkedHashMap<>();

    public LogQueue(LogStore store, AuthKeyStore keys, LogIds ids, int capacity, ToDoubleFunction<AttemptLog> cost) {
        this(store, keys, ids, capacity, cost, true);
    }

    /** With {@code rows} false no attempt is written to request_logs; listeners and key usage still see every one. */
    public LogQueue(LogStore store, AuthKeyStore keys, LogIds ids, int capacity, ToDoubleFunction<AttemptLog> cost,
                    boolean rows) {
        this.rows = rows;
        this.store = store;
        this.keys = keys;
        this.ids = ids;
        this.cost = cost;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.writer = Thread.ofPlatform().name("llmio-log-writer").daemon(true).start(this::run);
    }

    /** Called with every finished attempt, on the request thread (metrics, health). Must be cheap. */
    public void onFinished(java.util.function.Consumer<AttemptLog> listener) {
        listeners.add(listener);
    }

    @Override
    public void record(AttemptLog log) {
        boolean first = log.id == 0;
        if (first) {
            log.id = ids.next();
        }
        boolean finished = log.finished();
        if (finished) {
            log.cost = cost.applyAsDouble(log);
            for (var l : listeners) {
                try {
                    l.accept(log);
                } catch (RuntimeException e) {
                    LOG.log(Level.FINE, "log listener failed", e);
                }
            }
        }
        if (!rows) {
            // only what the key usage counters need, and only when there is something to count
            if (finished && log.authKeyId != null && !(closing || queue.offer(
                    new Op(null, null, false, log.authKeyId, true, System.nanoTime())))) {
                dropped.incrementAndGet();
            }
            return;
        }
        RequestBody body = finished && log.hasBody ? body(log) : null;
        Op op = new Op(row(log), body, first, log.authKeyId, finished, System.nanoTime());
        if (closing || !queue.offer(op)) {
            dropped.incrementAndGet();
        }
    }

    public long dropped() {
        return dropped.get();
    }

    public long written() {
        return written.get();
    }

    public long failedWrites() {
        return failed.get();
    }

    public int depth() {
        return queue.size();
    }

    public int capacity() {
        return queue.size() + queue.remainingCapacity();
    }

    private void run() {
        List<Op> batch = new ArrayList<>(BATCH);
        while (true) {
            try {
                Op op = queue.poll(held.isEmpty() ? 200 : 50, TimeUnit.MILLISECONDS);
                if (op == null) {
                    if (closing) {
                        return;
                    }
                    if (!held.isEmpty()) {
                        write(batch, false);
                    }
                    continue;
                }
                batch.add(op);
                gather(batch);
                write(batch, false);
            } catch (InterruptedException e) {
                write(drainAll(batch), true);
                return;
            } catch (RuntimeException e) {
                failed.addAndGet(batch.size());
                LOG.log(Level.WARNING, "Writing " + batch.size() + " request log row(s) failed: " + e.getMessage());
            }
            batch.clear();
        }
    }

    /**
     * Keeps collecting for a short window after the first op, so that a short request's start and
     * end land in the same batch and become one insert, and one commit covers many rows.
     */
    private void gather(List<Op> batch) throws InterruptedException {
        long deadline = System.nanoTime() + GATHER_NANOS;
        queue.drainTo(batch, BATCH - batch.size());
        while (batch.size() < BATCH && !closing) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            // sleeps in steps rather than waiting on the queue: a writer waiting there is woken by
            // every record(), i.e. a thread wake-up (futex call) on the request path per request
            Thread.sleep(Duration.ofNanos(Math.min(left, GATHER_STEP_NANOS)));
            queue.drainTo(batch, BATCH - batch.size());
        }
    }

    /** Everything still to write: the batch being gathered and the queue. */
    private List<Op> drainAll(List<Op> batch) {
        queue.drainTo(batch);
        return batch;
    }

    /**
     * Writes a batch together with the held running rows; running rows younger than
     * {@link #HOLD_NANOS} whose end is not in the batch are held again (all are written when
     * {@code all}).
     */
    private void write(List<Op> batch, boolean all) {
        if (batch.isEmpty() && held.isEmpty()) {
            return;
        }
        Map<Long, RequestLog> inserts = new LinkedHashMap<>();
        Map<Long, Op> running = new LinkedHashMap<>(held);
        held.clear();
        for (Op op : running.values()) {
            inserts.put(op.row().id(), op.row());
        }
        Map<Long, RequestLog> updates = new LinkedHashMap<>();
        List<RequestBody> bodies = new ArrayList<>();
        Map<Long, AuthKeyStore.Usage> usage = new HashMap<>();
        for (Op op : batch) {
            if (op.row() == null) {
                usage.merge(op.keyId(), new AuthKeyStore.Usage(1, Instant.now()), LogQueue::sum);
                continue;
            }
            long id = op.row().id();
            if (op.first()) {
                inserts.put(id, op.row());
                if (!op.finished()) {
                    running.put(id, op);
                }
            } else if (inserts.containsKey(id)) {
                inserts.put(id, op.row());
                running.remove(id);
            } else {
                updates.put(id, op.row());
            }
            if (op.body() != null) {
                bodies.add(op.body());
            }
            if (op.finished() && op.keyId() != null) {
                usage.merge(op.keyId(), new AuthKeyStore.Usage(1, op.row().createdAt()), LogQueue::sum);
            }
        }
        long now = System.nanoTime();
        for (Op op : running.values()) {
            if (!all && now - op.queuedAt() < HOLD_NANOS) {
                inserts.remove(op.row().id());
                held.put(op.row().id(), op);
            }
        }
        if (!inserts.isEmpty()) {
            store.insert(new ArrayList<>(inserts.values()));
        }
        if (!updates.isEmpty()) {
            store.update(new ArrayList<>(updates.values()));
        }
        if (!bodies.isEmpty()) {
            store.insertBodies(bodies);
        }
        if (!usage.isEmpty()) {
            keys.recordUsage(usage);
        }
        written.addAndGet(inserts.size() + updates.size());
    }

    private static AuthKeyStore.Usage sum(AuthKeyStore.Usage a, AuthKeyStore.Usage b) {
        return new AuthKeyStore.Usage(a.count() + b.count(),
                                      a.lastUsedAt().isAfter(b.lastUsedAt()) ? a.lastUsedAt() : b.lastUsedAt());
    }

    @Override
    public void close() {
        closing = true;
        try {
            writer.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Op> rest = new ArrayList<>();
        queue.drainTo(rest);
        if (!rest.isEmpty() || !held.isEmpty()) {
            try {
                write(rest, true);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Writing the last " + rest.size() + " request log row(s) failed: " + e.getMessage());
            }
        }
    }

    private static RequestLog row(AttemptLog l) {
        return new RequestLog(l.id, l.traceId, l.createdAt, l.model, l.providerId, l.providerName, l.providerModel,
                              l.style, l.stream, l.authKeyId, l.clientIp, l.userAgent, l.attempt, l.status, l.httpStatus,
                              l.error, l.proxyMs, l.firstTokenMs, l.totalMs, l.promptTokens, l.completionTokens,
                              l.totalTokens, l.cachedTokens, l.reasoningTokens, l.usageSource,
                              l.tokensPerSecond == null ? 0 : l.tokensPerSecond, l.responseBytes,
                              l.cost == null ? 0 : l.cost, l.hasBody);
    }

    private static RequestBody body(AttemptLog l) {
        String request = l.requestBody == null ? null : new String(l.requestBody, StandardCharsets.UTF_8);
        String response;
        if (l.responseEvents != null) {
            try {
                response = JSON.writeValueAsString(Map.of("sse_events", l.responseEvents));
            } catch (Exception e) {
                response = null;
            }
        } else {
            response = l.responseBody == null ? null : new String(l.responseBody, StandardCharsets.UTF_8);
        }
        return new RequestBody(l.id, request, response, Instant.now());
    }
}
