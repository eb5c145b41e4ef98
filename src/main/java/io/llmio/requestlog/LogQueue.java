package io.llmio.requestlog;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.llmio.store.AuthKeyStore;

/**
 * The request-log writer (SPEC §6): {@link #record} copies the attempt into an immutable row (its
 * bodies cut to {@link Limits#bodyMaxBytes}) and offers it to a bounded queue (never blocks; a full
 * queue, or rows and bodies over {@link Limits#bufferMaxBytes}, are counted as dropped; over the byte
 * bound a row is kept without its bodies first). One writer thread drains it in batches, folding a
 * row's start and end into one insert when both are in the same batch. A row still running at the end
 * of a batch is held back for the next batches, up to {@link #HOLD_NANOS}, so that most calls still
 * become one insert instead of an insert and an update; only longer ones (streams) get their running
 * row written first.
 * <p>
 * The writer never dies: every exception or error of a batch is caught. When the database does not
 * answer, the batch is kept and retried with backoff (the queue buffers new rows within its bounds
 * meanwhile); when it answers, the rows are retried one by one and a row that fails alone is dropped
 * and counted, never its batch. {@link #close()} drains for at most {@link Limits#drainTimeout}, ends
 * the rows still running as {@code error} "server shutting down", then gives up and counts what was
 * lost.
 */
public final class LogQueue implements LogSink, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LogQueue.class.getName());
    public static final String SHUTTING_DOWN = "server shutting down";
    private static final int BATCH = 512;
    /** how long a batch keeps collecting after its first op */
    private static final long GATHER_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long GATHER_STEP_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** how long a running row may wait for its end before it is written as running */
    private static final long HOLD_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    /** heap of a queued row besides its texts, for the byte bound */
    private static final long ROW_BYTES = 400;
    private static final long FIRST_BACKOFF_MS = 250;
    private static final long MAX_BACKOFF_MS = 30_000;
    /** ids of rows whose end was not seen yet, kept for the end at shutdown (oldest forgotten beyond this) */
    private static final int MAX_OPEN = 100_000;
    /** a write that takes longer than this makes the writer unhealthy */
    private static final long STUCK_MS = 60_000;

    /**
     * @param bodyMaxBytes   largest stored request or response body (io_log); longer ones are cut and marked
     * @param bufferMaxBytes bytes all rows and bodies waiting to be written may hold
     * @param drainTimeout   how long {@link #close()} keeps writing before it gives up
     */
    public record Limits(int bodyMaxBytes, long bufferMaxBytes, Duration drainTimeout) {
        public static final Limits DEFAULT = new Limits(256 * 1024, 32L << 20, Duration.ofSeconds(10));
    }

    /** The writer's state for health and metrics. */
    public record WriterStatus(boolean healthy, int consecutiveFailures, String lastError, Instant lastErrorAt,
                               Instant lastWriteAt, long rowsDropped, long bodiesDropped, long bodiesTruncated,
                               int queueDepth, long bufferedBytes, long bufferMaxBytes) {
    }

    private final LogStore store;
    private final AuthKeyStore keys;
    private final LogIds ids;
    private final ToDoubleFunction<AttemptLog> cost;
    /** false: no request_logs rows, only the key usage counters (LLMIO_REQUEST_LOG=false) */
    private final boolean rows;
    private final Limits limits;
    private final BlockingQueue<Op> queue;
    private final AtomicLong bufferedBytes = new AtomicLong();
    /** rows turned away: queue full, over the byte bound, or after close */
    private final AtomicLong dropped = new AtomicLong();
    /** rows still unwritten when close() gave up */
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong bodiesDropped = new AtomicLong();
    private final AtomicLong bodiesTruncated = new AtomicLong();
    private final WriterHealth health = new WriterHealth();
    /** rows the writer holds outside the queue (pending and held), for the count of what was lost */
    private volatile int backlog;
    private final Thread writer;
    private volatile boolean closing;
    private volatile boolean givenUp;
    private final Object wake = new Object();
    private final List<Consumer<AttemptLog>> listeners = new CopyOnWriteArrayList<>();

    /** {@code tokens} and {@code cost}: what a finished attempt adds to its key's usage */
    private record Op(RequestLog row, RequestBody body, boolean first, Long keyId, boolean finished, long queuedAt,
                      long bytes, long tokens, double cost) {
    }

    /** running rows not written yet (writer thread only), by id, oldest first */
    private final LinkedHashMap<Long, Op> held = new LinkedHashMap<>();
    /** ids of rows started but not seen ending (writer thread only) */
    private final LinkedHashSet<Long> open = new LinkedHashSet<>();
    private LogBatch pending;

    public LogQueue(LogStore store, AuthKeyStore keys, LogIds ids, int capacity, ToDoubleFunction<AttemptLog> cost) {
        this(store, keys, ids, capacity, cost, true, Limits.DEFAULT);
    }

    /** With {@code rows} false no attempt is written to request_logs; listeners and key usage still see every one. */
    public LogQueue(LogStore store, AuthKeyStore keys, LogIds ids, int capacity, ToDoubleFunction<AttemptLog> cost,
                    boolean rows) {
        this(store, keys, ids, capacity, cost, rows, Limits.DEFAULT);
    }

    public LogQueue(LogStore store, AuthKeyStore keys, LogIds ids, int capacity, ToDoubleFunction<AttemptLog> cost,
                    boolean rows, Limits limits) {
        this.rows = rows;
        this.store = store;
        this.keys = keys;
        this.ids = ids;
        this.cost = cost;
        this.limits = limits;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.writer = Thread.ofPlatform().name("llmio-log-writer").daemon(true).start(this::run);
    }

    /** Called with every finished attempt, on the request thread (metrics, health). Must be cheap. */
    public void onFinished(Consumer<AttemptLog> listener) {
        listeners.add(listener);
    }

    @Override
    public List<String> eventLog() {
        return LogBodies.capped(limits.bodyMaxBytes());
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
        if (closing) {
            dropped.incrementAndGet();
            return;
        }
        if (!rows) {
            // only what the key usage counters need, and only when there is something to count
            if (finished && log.authKeyId != null && !offer(new Op(null, null, false, log.authKeyId, true,
                                                                     System.nanoTime(), ROW_BYTES, tokens(log),
                                                                     log.cost == null ? 0 : log.cost))) {
                dropped.incrementAndGet();
            }
            return;
        }
        long bytes = ROW_BYTES + length(log.error) + length(log.userAgent);
        RequestBody body = null;
        if (finished && log.hasBody()) {
            body = body(log);
            long withBody = bytes + length(body.requestBody()) + length(body.responseBody());
            if (reserve(withBody)) {
                bytes = withBody;
            } else {
                body = null;
                bodiesDropped.incrementAndGet();
            }
        }
        if (body == null && !reserve(bytes)) {
            dropped.incrementAndGet();
            return;
        }
        Op op = new Op(row(log, body != null), body, first, log.authKeyId, finished, System.nanoTime(), bytes,
                       tokens(log), log.cost == null ? 0 : log.cost);
        if (!queue.offer(op)) {
            bufferedBytes.addAndGet(-bytes);
            dropped.incrementAndGet();
        }
    }

    private static long tokens(AttemptLog log) {
        return log.totalTokens;
    }

    private boolean offer(Op op) {
        if (!reserve(op.bytes())) {
            return false;
        }
        if (queue.offer(op)) {
            return true;
        }
        bufferedBytes.addAndGet(-op.bytes());
        return false;
    }

    private boolean reserve(long bytes) {
        if (bufferedBytes.addAndGet(bytes) > limits.bufferMaxBytes()) {
            bufferedBytes.addAndGet(-bytes);
            return false;
        }
        return true;
    }

    private static long length(String s) {
        return s == null ? 0 : s.length();
    }

    /** Rows turned away before the writer (queue full, byte bound, after close). */
    public long dropped() {
        return dropped.get();
    }

    public long written() {
        return health.written.get();
    }

    /** Rows the database rejected even when written alone. */
    public long failedWrites() {
        return health.failed.get();
    }

    /** Rows still unwritten when {@link #close()} gave up. */
    public long lost() {
        return lost.get();
    }

    /** Every row that will never be written: {@link #dropped}, {@link #failedWrites} and {@link #lost}. */
    public long rowsDropped() {
        return dropped.get() + health.failed.get() + lost.get();
    }

    /** Bodies not stored because the buffer was over its byte bound (their rows were kept, has_body false). */
    public long bodiesDropped() {
        return bodiesDropped.get();
    }

    /** Stored bodies cut to the per-body cap. */
    public long bodiesTruncated() {
        return bodiesTruncated.get();
    }

    public long bufferedBytes() {
        return bufferedBytes.get();
    }

    public long bufferMaxBytes() {
        return limits.bufferMaxBytes();
    }

    public int consecutiveFailures() {
        return health.consecutiveFailures;
    }

    /** Seconds since the epoch of the last failed write, 0 when none failed. */
    public double lastErrorEpochSeconds() {
        Instant at = health.lastErrorAt;
        return at == null ? 0 : at.toEpochMilli() / 1000.0;
    }

    public int depth() {
        return queue.size();
    }

    public int capacity() {
        return queue.size() + queue.remainingCapacity();
    }

    /**
     * Healthy unless the last three writes failed in a row, or a write has been under way for a minute (a
     * database that hangs), or the writer thread is gone.
     */
    public WriterStatus status() {
        long busy = health.busySince;
        boolean stuck = busy != 0 && System.currentTimeMillis() - busy > STUCK_MS;
        int failures = health.consecutiveFailures;
        boolean healthy = failures < 3 && !stuck && (writer.isAlive() || closing);
        String error = health.lastError;
        if (stuck) {
            error = "a write has been under way for " + (System.currentTimeMillis() - busy) / 1000 + " s"
                    + (error == null ? "" : "; last error: " + error);
        }
        return new WriterStatus(healthy, failures, error, health.lastErrorAt, health.lastWriteAt, rowsDropped(),
                                bodiesDropped.get(), bodiesTruncated.get(), queue.size(), bufferedBytes.get(),
                                limits.bufferMaxBytes());
    }

    private void run() {
        List<Op> batch = new ArrayList<>(BATCH);
        long backoff = FIRST_BACKOFF_MS;
        while (!givenUp) {
            try {
                if (pending != null) {
                    if (pending.write(store, keys, health)) {
                        bufferedBytes.addAndGet(-pending.bytes);
                        pending = null;
                        backoff = FIRST_BACKOFF_MS;
                    } else {
                        // closing: retry often within the drain time; otherwise back off up to MAX_BACKOFF_MS
                        pause(closing ? Math.min(backoff, 500) : backoff);
                        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
                    }
                    continue;
                }
                if (closing && queue.isEmpty()) {
                    if (!held.isEmpty()) {
                        pending = plan(batch, true);
                    } else if (!open.isEmpty()) {
                        pending = new LogBatch(List.of(), List.of(), List.of(), List.of(), new ArrayList<>(open), 0);
                        open.clear();
                    } else {
                        return;
                    }
                    continue;
                }
                Op op = queue.poll(held.isEmpty() ? 200 : 50, TimeUnit.MILLISECONDS);
                if (op == null) {
                    if (!held.isEmpty()) {
                        pending = plan(batch, false);
                    }
                    continue;
                }
                batch.add(op);
                gather(batch);
                pending = plan(batch, closing);
            } catch (InterruptedException e) {
                // nobody interrupts the writer (an interrupt inside an H2 file write can close the database);
                // the loop condition decides
            } catch (Throwable t) {
                // planning failed (e.g. out of memory): the batch is lost, the writer lives on
                long n = batch.stream().filter(o -> o.row() != null).count();
                health.failed.addAndGet(n);
                bufferedBytes.addAndGet(-batch.stream().mapToLong(Op::bytes).sum());
                health.failure(t);
                LOG.log(Level.WARNING, "Preparing " + n + " request log row(s) failed; they are dropped: " + t);
            } finally {
                batch.clear();
                LogBatch p = pending;
                backlog = held.size() + (p == null ? 0 : p.left());
            }
        }
    }

    /** Sleeps {@code ms} or until {@link #close()} wakes the writer. */
    private void pause(long ms) throws InterruptedException {
        synchronized (wake) {
            wake.wait(ms);
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

    /**
     * What to write for a batch together with the held running rows; running rows younger than
     * {@link #HOLD_NANOS} whose end is not in the batch are held again (none when {@code all}).
     */
    private LogBatch plan(List<Op> batch, boolean all) {
        Map<Long, RequestLog> inserts = new LinkedHashMap<>();
        Map<Long, Op> running = new LinkedHashMap<>(held);
        long bytes = 0;
        for (Op op : held.values()) {
            bytes += op.bytes();
        }
        held.clear();
        for (Op op : running.values()) {
            inserts.put(op.row().id(), op.row());
        }
        Map<Long, RequestLog> updates = new LinkedHashMap<>();
        List<RequestBody> bodies = new ArrayList<>();
        Map<AuthKeyStore.UsageKey, AuthKeyStore.Usage> usage = new HashMap<>();
        for (Op op : batch) {
            bytes += op.bytes();
            if (op.row() == null) {
                Instant at = Instant.now();
                usage.merge(AuthKeyStore.UsageKey.of(op.keyId(), at),
                            new AuthKeyStore.Usage(1, at, op.tokens(), op.cost()), AuthKeyStore.Usage::plus);
                continue;
            }
            long id = op.row().id();
            if (op.first()) {
                inserts.put(id, op.row());
                if (!op.finished()) {
                    running.put(id, op);
                    remember(id);
                }
            } else if (inserts.containsKey(id)) {
                inserts.put(id, op.row());
                running.remove(id);
            } else {
                updates.put(id, op.row());
            }
            if (op.finished()) {
                open.remove(id);
            }
            if (op.body() != null) {
                bodies.add(op.body());
            }
            if (op.finished() && op.keyId() != null) {
                Instant at = op.row().createdAt();
                usage.merge(AuthKeyStore.UsageKey.of(op.keyId(), at),
                            new AuthKeyStore.Usage(1, at, op.tokens(), op.cost()), AuthKeyStore.Usage::plus);
            }
        }
        long now = System.nanoTime();
        for (Op op : running.values()) {
            if (!all && now - op.queuedAt() < HOLD_NANOS) {
                inserts.remove(op.row().id());
                held.put(op.row().id(), op);
                bytes -= op.bytes();
            }
        }
        return new LogBatch(new ArrayList<>(inserts.values()), new ArrayList<>(updates.values()), bodies,
                         new ArrayList<>(usage.entrySet()), List.of(), bytes);
    }

    private void remember(long id) {
        open.add(id);
        if (open.size() > MAX_OPEN) {
            Iterator<Long> oldest = open.iterator();
            oldest.next();
            oldest.remove();
        }
    }

    /**
     * Stops taking rows, writes what is queued and ends the rows still running as {@code error}
     * "server shutting down", for at most {@link Limits#drainTimeout}; then gives up and counts the rows
     * not written as lost. Always returns within the drain time (plus a second); the writer is not
     * interrupted (an interrupt inside an H2 file write can close the database).
     */
    @Override
    public void close() {
        closing = true;
        synchronized (wake) {
            wake.notifyAll(); // out of a backoff pause: the drain starts now
        }
        try {
            writer.join(Math.max(1, limits.drainTimeout().toMillis()));
            if (writer.isAlive()) {
                // not interrupted: a writer stuck in the database stays there (a daemon thread); one in a pause ends
                givenUp = true;
                synchronized (wake) {
                    wake.notifyAll();
                }
                writer.join(1_000);
            }
        } catch (InterruptedException e) {
            givenUp = true;
            Thread.currentThread().interrupt();
        }
        if (givenUp) {
            List<Op> rest = new ArrayList<>();
            queue.drainTo(rest);
            long n = rest.stream().filter(o -> o.row() != null).count() + backlog;
            lost.addAndGet(n);
            LOG.warning("Request log: gave up writing after " + limits.drainTimeout().toSeconds() + " s at shutdown; "
                                + n + " row(s) not written" + (health.lastError == null ? "" : " (last error: " + health.lastError + ")"));
        }
    }

    private static RequestLog row(AttemptLog l, boolean hasBody) {
        return new RequestLog(l.id, l.traceId, l.createdAt, l.model, l.providerId, l.providerName, l.providerModel,
                              l.style, l.stream, l.authKeyId, l.clientIp, l.userAgent, l.attempt, l.status.wire(), l.httpStatus,
                              l.error, l.proxyMs, l.firstTokenMs, l.totalMs, l.promptTokens, l.completionTokens,
                              l.totalTokens, l.cachedTokens, l.reasoningTokens, l.usageSource.wire(),
                              l.tokensPerSecond == null ? 0 : l.tokensPerSecond, l.responseBytes,
                              l.cost == null ? 0 : l.cost, hasBody, l.upstreamStyle);
    }

    /** The stored bodies, each cut to the cap (the request thread pays the copy, once, of at most the cap). */
    private RequestBody body(AttemptLog l) {
        int max = limits.bodyMaxBytes();
        String request = LogBodies.text(l.requestBody, max);
        String response = l.responseEvents != null ? LogBodies.events(l.responseEvents, max)
                : LogBodies.text(l.responseBody, max);
        if ((l.requestBody != null && l.requestBody.length > max) || (l.responseBody != null && l.responseBody.length > max)
                || (response != null && l.responseEvents != null && response.contains("\"truncated\":true"))) {
            bodiesTruncated.incrementAndGet();
        }
        return new RequestBody(l.id, request, response, Instant.now());
    }
}
