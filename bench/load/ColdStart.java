package io.llmio.bench;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Cold start of a server that was just launched: time from process start to its first 200, then
 * a closed loop of C connections until {@code seconds} after process start, counting answers per
 * second of the process's life and the median latency per second.
 *
 *   ColdStart URL BODY CONNECTIONS SECONDS PROCESS_START_EPOCH_MS [header ...]
 *
 * Prints one line {@code first200_ms <n>}, then per second {@code sec <s> <answers> <p50_ms>}.
 */
public final class ColdStart {
    private ColdStart() {
    }

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        List<String> headers = new ArrayList<>(Arrays.asList(args).subList(5, args.length));
        byte[] request = Http1.request(uri, args[1], headers);
        int connections = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        long startMs = Long.parseLong(args[4]);
        // nanoTime of the process start, from the wall clock offset now
        long startNs = System.nanoTime() - (System.currentTimeMillis() - startMs) * 1_000_000L;

        long first;
        while (true) {
            try (Http1 probe = new Http1(uri)) {
                if (probe.exchange(request, null) == 200) {
                    first = System.nanoTime();
                    break;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(5); // polling a process that is starting: there is nothing to wait on but its port
        }
        System.out.printf("first200_ms %d%n", (first - startNs) / 1_000_000L);

        long end = startNs + seconds * 1_000_000_000L;
        AtomicLongArray answers = new AtomicLongArray(seconds + 1);
        int[][] counts = new int[connections][seconds + 1];
        long[][][] lat = new long[connections][seconds + 1][64];
        Thread[] workers = new Thread[connections];
        for (int c = 0; c < connections; c++) {
            int id = c;
            workers[c] = Thread.ofPlatform().start(() -> {
                try (Http1 conn = new Http1(uri)) {
                    while (true) {
                        long t0 = System.nanoTime();
                        if (t0 >= end) {
                            return;
                        }
                        int status;
                        try {
                            status = conn.exchange(request, null);
                        } catch (IOException e) {
                            conn.close();
                            continue;
                        }
                        long t1 = System.nanoTime();
                        int sec = (int) ((t1 - startNs) / 1_000_000_000L);
                        if (status != 200 || sec > seconds) {
                            continue;
                        }
                        answers.incrementAndGet(sec);
                        int n = counts[id][sec]++;
                        if (n >= lat[id][sec].length) {
                            lat[id][sec] = Arrays.copyOf(lat[id][sec], n * 2);
                        }
                        lat[id][sec][n] = t1 - t0;
                    }
                }
            });
        }
        for (Thread w : workers) {
            w.join();
        }
        for (int s = 0; s < seconds; s++) {
            int total = 0;
            for (int c = 0; c < connections; c++) {
                total += counts[c][s];
            }
            long[] all = new long[total];
            int k = 0;
            for (int c = 0; c < connections; c++) {
                System.arraycopy(lat[c][s], 0, all, k, counts[c][s]);
                k += counts[c][s];
            }
            Arrays.sort(all);
            double p50 = all.length == 0 ? 0 : all[all.length / 2] / 1e6;
            System.out.printf("sec %d %d %.3f%n", s, answers.get(s), p50);
        }
    }
}
