package io.llmio.bench;

import java.io.IOException;
import java.net.URI;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop (constant-rate) load generator in the manner of wrk2: request i is due at
 * {@code start + i/rate}; its latency is measured from that due time, so a stalled server is
 * charged for the requests it held up (no coordinated omission).
 *
 * <pre>
 * LoadGen URL RATE DURATION_S WARMUP_S CONNECTIONS LABEL BODY [HEADER...]
 * </pre>
 * Prints one tab-separated line: label target_rps achieved_rps p50 p90 p99 max (ms) errors late count.
 * achieved = responses completed inside the measured window / its length; late = requests due in
 * the window that could not even be sent within 2 s after it (the server fell that far behind).
 */
public final class LoadGen {
    private LoadGen() {
    }

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        double rate = Double.parseDouble(args[1]);
        double duration = Double.parseDouble(args[2]);
        double warmup = Double.parseDouble(args[3]);
        int connections = Integer.parseInt(args[4]);
        String label = args[5];
        String body = args[6];
        byte[] request = Http1.request(uri, body, Arrays.asList(args).subList(7, args.length));

        long period = (long) (1e9 / rate);
        long start = System.nanoTime() + 50_000_000L;
        long measureFrom = start + (long) (warmup * 1e9);
        long end = measureFrom + (long) (duration * 1e9);
        AtomicLong next = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong completed = new AtomicLong();
        AtomicLong late = new AtomicLong();
        long[][] results = new long[connections][];
        String[] firstError = new String[1];
        Thread[] threads = new Thread[connections];
        for (int c = 0; c < connections; c++) {
            final int idx = c;
            threads[c] = Thread.ofPlatform().daemon().start(() -> results[idx] = worker(uri, request, next, period, start,
                    measureFrom, end, errors, completed, late, firstError));
        }
        for (Thread t : threads) t.join();
        int total = 0;
        for (long[] s : results) total += (int) s[0];
        long[] all = new long[total];
        int pos = 0;
        for (long[] s : results) {
            System.arraycopy(s, 1, all, pos, (int) s[0]);
            pos += (int) s[0];
        }
        Arrays.sort(all);
        double achieved = completed.get() / duration;
        System.out.printf("%s\t%.0f\t%.0f\t%.3f\t%.3f\t%.3f\t%.3f\t%d\t%d\t%d%n", label, rate, achieved,
                pct(all, 0.50), pct(all, 0.90), pct(all, 0.99), all.length == 0 ? Double.NaN : all[all.length - 1] / 1e6,
                errors.get(), late.get(), all.length);
        if (firstError[0] != null) System.err.println("first error: " + firstError[0]);
    }

    /** Returns {count, latency...} of the measured requests this connection completed. */
    private static long[] worker(URI uri, byte[] request, AtomicLong next, long period, long start, long measureFrom,
                                 long end, AtomicLong errors, AtomicLong completed, AtomicLong late, String[] firstError) {
        long[] lat = new long[1024];
        int n = 0;
        long giveUp = end + 2_000_000_000L;
        try (Http1 conn = new Http1(uri)) {
            while (true) {
                long due = start + next.getAndIncrement() * period;
                if (due >= end) break;
                long now;
                while ((now = System.nanoTime()) < due) LockSupport.parkNanos(due - now);
                if (now > giveUp) {
                    if (due >= measureFrom) late.incrementAndGet();
                    continue;
                }
                boolean ok;
                try {
                    int status = conn.exchange(request, null);
                    ok = status >= 200 && status < 300;
                    if (!ok && firstError[0] == null) firstError[0] = "HTTP " + status;
                } catch (IOException e) {
                    ok = false;
                    conn.close();
                    if (firstError[0] == null) firstError[0] = e.toString();
                }
                long done = System.nanoTime();
                if (done >= measureFrom && done <= end) completed.incrementAndGet();
                if (due < measureFrom) continue;
                if (!ok) {
                    errors.incrementAndGet();
                    continue;
                }
                if (n + 1 >= lat.length) lat = Arrays.copyOf(lat, lat.length * 2);
                lat[++n] = done - due;
            }
        }
        lat[0] = n;
        return lat;
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) return Double.NaN;
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }
}
