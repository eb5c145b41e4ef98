package io.llmio.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * SSE streaming client for benchmarks, on virtual threads.
 *
 * <pre>
 * StreamBench latency URLS CONCURRENCY STREAMS EVENTS DELAY_MS LABELS BODY [HEADER...]
 *   per target: label streams errors ttfb_p50 ttfb_p99 total_p50 total_p99 (ms) min_events coalesced
 * StreamBench hold URL CONCURRENCY EVENTS DELAY_MS LABEL BODY PIDS [HEADER...]
 *   label concurrency completed errors peak_open peak_rss_mb peak_threads coalesced
 * </pre>
 * ttfb = request sent to first body byte; total = request sent to end of the response. An event
 * is "coalesced" when it arrived less than DELAY_MS/2 after the previous one although the
 * upstream sent them DELAY_MS apart (the proxy buffered); the EVENTS chunks and the usage chunk
 * are checked, not [DONE], which the mock sends right after the usage chunk as OpenAI does.
 * In latency mode URLS and LABELS may be comma-separated lists: stream i goes to target i mod k,
 * so all targets are measured in the same time window (see LoadGen). Hold mode opens CONCURRENCY streams at
 * once (ramped at 2,000/s, one connection each), and samples VmRSS and Threads of the given comma-separated pids
 * (summed) every 100 ms while they are open.
 */
public final class StreamBench {
    private record Result(boolean ok, long ttfb, long total, int events, int coalesced) {
    }

    private StreamBench() {
    }

    public static void main(String[] args) throws Exception {
        boolean hold = args[0].equals("hold");
        String[] urls = args[1].split(",");
        int k = urls.length;
        URI[] uris = new URI[k];
        for (int t = 0; t < k; t++) uris[t] = URI.create(urls[t]);
        int concurrency = Integer.parseInt(args[2]);
        int a = 3;
        int streams = hold ? concurrency : Integer.parseInt(args[a++]);
        int events = Integer.parseInt(args[a++]);
        long delayNs = Long.parseLong(args[a++]) * 1_000_000L;
        String[] labels = args[a++].split(",");
        String body = args[a++];
        String pids = hold ? args[a++] : "";
        byte[][] requests = new byte[k][];
        for (int t = 0; t < k; t++) requests[t] = Http1.request(uris[t], body, Arrays.asList(args).subList(a, args.length));

        Result[] results = new Result[streams];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger open = new AtomicInteger();
        AtomicInteger peakOpen = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(concurrency);
        String[] firstError = new String[1];
        long rampNs = hold ? 500_000L : 0L;
        long t0 = System.nanoTime();
        for (int c = 0; c < concurrency; c++) {
            long startAt = t0 + c * rampNs;
            Thread.ofVirtual().start(() -> {
                try {
                    long now;
                    while ((now = System.nanoTime()) < startAt) Thread.sleep(Math.max(1, (startAt - now) / 1_000_000));
                    int i;
                    Http1[] conns = new Http1[k]; // keep-alive across this worker's streams, as SDK clients do
                    for (int t = 0; t < k; t++) conns[t] = new Http1(uris[t]);
                    while ((i = next.getAndIncrement()) < streams) {
                        results[i] = one(conns[i % k], requests[i % k], delayNs, events, open, peakOpen, firstError);
                    }
                    for (Http1 conn : conns) conn.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            });
        }
        long[] peak = {0, 0};
        while (!done.await(100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            if (hold) sample(pids, peak);
        }
        for (int t = 0; t < k; t++) report(hold, labels[t], t, k, results, events, concurrency, peakOpen.get(), peak);
        if (firstError[0] != null) System.err.println("first error: " + firstError[0]);
    }

    private static void report(boolean hold, String label, int target, int k, Result[] results, int events,
                               int concurrency, int peakOpen, long[] peak) {
        int errors = 0;
        int coalesced = 0;
        int minEvents = Integer.MAX_VALUE;
        long[] ttfb = new long[results.length];
        long[] total = new long[results.length];
        int n = 0;
        int streams = 0;
        for (int i = target; i < results.length; i += k) {
            Result r = results[i];
            streams++;
            if (r == null || !r.ok || r.events < events + 2) {
                errors++;
                continue;
            }
            ttfb[n] = r.ttfb;
            total[n++] = r.total;
            coalesced += r.coalesced;
            minEvents = Math.min(minEvents, r.events);
        }
        ttfb = Arrays.copyOf(ttfb, n);
        total = Arrays.copyOf(total, n);
        Arrays.sort(ttfb);
        Arrays.sort(total);
        if (hold) {
            System.out.printf("%s\t%d\t%d\t%d\t%d\t%.1f\t%d\t%d%n", label, concurrency, n, errors, peakOpen,
                    peak[0] / 1024.0, peak[1], coalesced);
        } else {
            System.out.printf("%s\t%d\t%d\t%.3f\t%.3f\t%.3f\t%.3f\t%d\t%d%n", label, streams, errors, pct(ttfb, .5),
                    pct(ttfb, .99), pct(total, .5), pct(total, .99), n == 0 ? 0 : minEvents, coalesced);
        }
    }

    private static Result one(Http1 conn, byte[] request, long delayNs, int expected, AtomicInteger open, AtomicInteger peakOpen,
                              String[] firstError) {
        long start = System.nanoTime();
        long[] firstByte = {0};
        long[] lastEvent = {0};
        int[] counts = {0, 0};
        boolean[] prevNl = {false};
        try {
            int o = open.incrementAndGet();
            peakOpen.accumulateAndGet(o, Math::max);
            int status = conn.exchange(request, (buf, off, len, t) -> {
                if (firstByte[0] == 0) firstByte[0] = t;
                for (int i = off; i < off + len; i++) {
                    byte b = buf[i];
                    if (b == '\r') continue;
                    if (b == '\n' && prevNl[0]) {
                        if (counts[0] > 0 && counts[0] <= expected && delayNs >= 4_000_000L
                                && t - lastEvent[0] < delayNs / 2) counts[1]++;
                        counts[0]++;
                        lastEvent[0] = t;
                        prevNl[0] = false;
                    } else {
                        prevNl[0] = b == '\n';
                    }
                }
            });
            long end = System.nanoTime();
            if (status != 200 && firstError[0] == null) firstError[0] = "HTTP " + status;
            return new Result(status == 200, firstByte[0] - start, end - start, counts[0], counts[1]);
        } catch (IOException e) {
            conn.close();
            if (firstError[0] == null) firstError[0] = e.toString();
            return new Result(false, 0, 0, counts[0], counts[1]);
        } finally {
            open.decrementAndGet();
        }
    }

    /** Adds up VmRSS (kB) and Threads of the pids; keeps the peaks in peak[0], peak[1]. */
    private static void sample(String pids, long[] peak) {
        long rss = 0;
        long threads = 0;
        for (String pid : pids.split(",")) {
            if (pid.isBlank()) continue;
            try {
                List<String> lines = Files.readAllLines(Path.of("/proc", pid.trim(), "status"));
                for (String l : lines) {
                    if (l.startsWith("VmRSS:")) rss += Long.parseLong(l.replaceAll("[^0-9]", ""));
                    if (l.startsWith("Threads:")) threads += Long.parseLong(l.replaceAll("[^0-9]", ""));
                }
            } catch (IOException | NumberFormatException ignored) {
                // process gone: nothing to add
            }
        }
        peak[0] = Math.max(peak[0], rss);
        peak[1] = Math.max(peak[1], threads);
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) return Double.NaN;
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }
}
