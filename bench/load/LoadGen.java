package io.llmio.bench;

import java.io.IOException;
import java.net.URI;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop (constant-rate) load generator in the manner of wrk2: request i is due at
 * {@code start + i/rate}; its latency is measured from that due time, so a stalled server is
 * charged for the requests it held up (no coordinated omission).
 *
 * <pre>
 * LoadGen URLS RATE DURATION_S WARMUP_S CONNECTIONS LABELS BODY [HEADER...]
 * </pre>
 * URLS and LABELS are comma-separated. With several targets, each gets RATE req/s from its own
 * CONNECTIONS connections, their schedules interleaved in the same time window (target t's request
 * j is due at start + (j*k + t)/(k*RATE)): on a shared, noisy machine all targets then suffer the
 * same disturbances, which keeps their difference meaningful, and a slow target cannot hold up
 * another's requests.
 * Prints one tab-separated line per target: label target_rps achieved_rps p50 p90 p99 max (ms)
 * errors late count. achieved = responses completed inside the measured window / its length;
 * late = requests due in the window that could not even be sent within 2 s after it.
 */
public final class LoadGen {
    private LoadGen() {
    }

    public static void main(String[] args) throws Exception {
        String[] urls = args[0].split(",");
        int k = urls.length;
        double rate = Double.parseDouble(args[1]);
        double duration = Double.parseDouble(args[2]);
        double warmup = Double.parseDouble(args[3]);
        int connections = Integer.parseInt(args[4]);
        String[] labels = args[5].split(",");
        var headers = Arrays.asList(args).subList(7, args.length);
        URI[] uris = new URI[k];
        byte[][] requests = new byte[k][];
        for (int t = 0; t < k; t++) {
            uris[t] = URI.create(urls[t]);
            requests[t] = Http1.request(uris[t], args[6], headers);
        }
        long period = (long) (1e9 / (rate * k));
        long start = System.nanoTime() + 50_000_000L;
        long measureFrom = start + (long) (warmup * 1e9);
        long end = measureFrom + (long) (duration * 1e9);
        var run = new Run(uris, requests, period, start, measureFrom, end);
        long[][][] results = new long[connections * k][][];
        Thread[] threads = new Thread[connections * k];
        for (int c = 0; c < connections * k; c++) {
            final int idx = c;
            threads[c] = Thread.ofPlatform().daemon().start(() -> results[idx] = run.worker(idx % k));
        }
        for (Thread t : threads) t.join();
        for (int t = 0; t < k; t++) {
            int total = 0;
            for (long[][] r : results) total += (int) r[t][0];
            long[] all = new long[total];
            int pos = 0;
            for (long[][] r : results) {
                System.arraycopy(r[t], 1, all, pos, (int) r[t][0]);
                pos += (int) r[t][0];
            }
            Arrays.sort(all);
            System.out.printf("%s\t%.0f\t%.0f\t%.3f\t%.3f\t%.3f\t%.3f\t%d\t%d\t%d%n", labels[t], rate,
                    run.completed.get(t) / duration, pct(all, 0.50), pct(all, 0.90), pct(all, 0.99),
                    all.length == 0 ? Double.NaN : all[all.length - 1] / 1e6, run.errors.get(t), run.late.get(t), all.length);
        }
        if (run.firstError != null) System.err.println("first error: " + run.firstError);
    }

    private static final class Run {
        final URI[] uris;
        final byte[][] requests;
        final long period;
        final long start;
        final long measureFrom;
        final long end;
        final AtomicLongArray next;
        final AtomicLongArray errors;
        final AtomicLongArray completed;
        final AtomicLongArray late;
        volatile String firstError;

        Run(URI[] uris, byte[][] requests, long period, long start, long measureFrom, long end) {
            this.uris = uris;
            this.requests = requests;
            this.period = period;
            this.start = start;
            this.measureFrom = measureFrom;
            this.end = end;
            this.errors = new AtomicLongArray(uris.length);
            this.completed = new AtomicLongArray(uris.length);
            this.late = new AtomicLongArray(uris.length);
            this.next = new AtomicLongArray(uris.length);
        }

        /** Sends target t's requests; returns per target {count, latency...} (only t's filled). */
        long[][] worker(int t) {
            int k = uris.length;
            long[][] lat = new long[k][1024];
            int[] n = new int[k];
            Http1 conn = new Http1(uris[t]);
            long giveUp = end + 2_000_000_000L;
            while (true) {
                long j = next.getAndIncrement(t);
                long due = start + (j * k + t) * period;
                if (due >= end) break;
                long now;
                while ((now = System.nanoTime()) < due) LockSupport.parkNanos(due - now);
                if (now > giveUp) {
                    if (due >= measureFrom) late.incrementAndGet(t);
                    continue;
                }
                boolean ok = send(conn, requests[t]);
                long done = System.nanoTime();
                if (done >= measureFrom && done <= end) completed.incrementAndGet(t);
                if (due < measureFrom) continue;
                if (!ok) {
                    errors.incrementAndGet(t);
                    continue;
                }
                if (n[t] + 1 >= lat[t].length) lat[t] = Arrays.copyOf(lat[t], lat[t].length * 2);
                lat[t][++n[t]] = done - due;
            }
            conn.close();
            for (int i = 0; i < k; i++) lat[i][0] = n[i];
            return lat;
        }

        private boolean send(Http1 conn, byte[] request) {
            try {
                int status = conn.exchange(request, null);
                if (status >= 200 && status < 300) return true;
                if (firstError == null) firstError = "HTTP " + status;
            } catch (IOException e) {
                conn.close();
                if (firstError == null) firstError = e.toString();
            }
            return false;
        }
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) return Double.NaN;
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }
}
