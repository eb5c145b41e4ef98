package io.llmio.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns one bench/run output directory into Markdown tables.
 * {@code Report DIR} prints the tables; {@code Report --splice FILE RESULTS.md} puts FILE between
 * the generated-section markers of RESULTS.md, keeping everything written by hand around them.
 */
public final class Report {
    private static final String BEGIN = "<!-- bench/run: generated section begins -->";
    private static final String END = "<!-- bench/run: generated section ends -->";
    private final Path dir;
    private final StringBuilder md = new StringBuilder();

    private Report(Path dir) {
        this.dir = dir;
    }

    public static void main(String[] args) throws IOException {
        Locale.setDefault(Locale.ROOT);
        if (args[0].equals("--splice")) {
            splice(Path.of(args[1]), Path.of(args[2]));
            return;
        }
        System.out.print(new Report(Path.of(args[0])).build());
    }

    private String build() throws IOException {
        md.append("## Latest run\n\nMachine:\n\n```\n").append(text("machine.txt")).append("```\n\n");
        String skipped = text("skipped.txt");
        if (!skipped.isBlank()) md.append("Skipped:\n\n```\n").append(skipped).append("```\n\n");
        List<String[]> ns = rows("nonstream.tsv");
        List<String[]> ov = rows("overhead.tsv");
        overhead(ov);
        nonStream(ns);
        saturation(ns, rows("wrk.tsv"));
        streaming(rows("stream.tsv"));
        memory(rows("memory.tsv"));
        logging(rows("logging.tsv"), rows("logging-stream.tsv"));
        cpu(rows("cpu.tsv"));
        shared(rows("shared.tsv"));
        coldStart(rows("coldstart.tsv"));
        targets(ov, ns, rows("stream.tsv"), rows("memory.tsv"), rows("logging.tsv"));
        md.append("### Exact command lines\n\n```\n").append(text("commands.txt")).append("```\n");
        return md.toString();
    }

    private void overhead(List<String[]> ov) {
        if (ov.isEmpty()) return;
        md.append("### Overhead vs direct, non-streaming, all targets interleaved in one window\n\n")
                .append("Request i goes to target i mod k, each target at the rate shown, so every target sees the same ")
                .append("machine noise. Open loop: latency counts from the scheduled send time.\n\n");
        table(ov);
    }

    private void nonStream(List<String[]> ns) {
        md.append("### Rate ladder, non-streaming, one target at a time (open loop, targets alternate per step)\n\n");
        table(ns);
    }

    private void table(List<String[]> ns) {
        md.append("| rate req/s | target | achieved req/s | p50 ms | p90 ms | p99 ms | max ms | errors | late | p50 vs direct | p99 vs direct |\n")
                .append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
        Map<String, String[]> direct = new LinkedHashMap<>();
        for (String[] r : ns) if (r[0].equals("direct")) direct.put(r[1], r);
        for (String[] r : ns) {
            String[] d = direct.get(r[1]);
            md.append(String.format("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", r[1], r[0], r[2], r[3], r[4],
                    r[5], r[6], r[7], r[8], d == null || r[0].equals("direct") ? "" : diff(r[3], d[3]),
                    d == null || r[0].equals("direct") ? "" : diff(r[5], d[5])));
        }
        md.append("\n");
    }

    private void saturation(List<String[]> ns, List<String[]> wrk) {
        md.append("### Saturation\n\n\"Sustained\" = highest ladder rate with achieved ≥ 95 % of target, p99 < 10 ms, no errors.\n")
                .append("wrk = closed loop, 2 threads, 64 connections (its latency is not comparable to open loop).\n\n")
                .append("| target | highest sustained rate req/s | vs nginx | wrk peak req/s | wrk p50 ms | wrk p99 ms | wrk errors |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|\n");
        Map<String, Double> best = sustained(ns);
        Double nginx = best.get("nginx");
        for (var e : best.entrySet()) {
            String[] w = wrk.stream().filter(r -> r[0].equals(e.getKey())).findFirst().orElse(new String[]{"", "", "", "", ""});
            md.append(String.format("| %s | %.0f | %s | %s | %s | %s | %s |%n", e.getKey(), e.getValue(),
                    nginx == null || nginx == 0 ? "" : String.format("%.2f", e.getValue() / nginx), w[1], w[2], w[3], w[4]));
        }
        md.append("\n");
    }

    static Map<String, Double> sustained(List<String[]> ns) {
        Map<String, Double> best = new LinkedHashMap<>();
        for (String[] r : ns) {
            best.putIfAbsent(r[0], 0.0);
            double rate = d(r[1]);
            boolean ok = d(r[2]) >= 0.95 * rate && d(r[5]) < 10 && d(r[7]) == 0 && d(r[8]) == 0;
            if (ok && rate > best.get(r[0])) best.put(r[0], rate);
        }
        return best;
    }

    private void streaming(List<String[]> st) {
        md.append("### Streaming (SSE: 20 chunks 10 ms apart + usage chunk + [DONE]; targets interleaved; ")
                .append("ttfb = request sent → first body byte)\n\n")
                .append("| target | streams | errors | ttfb p50 ms | ttfb p99 ms | total p50 ms | total p99 ms | events/stream | coalesced events | ttfb p50 vs direct |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        String[] d = find(st, "direct");
        for (String[] r : st) {
            md.append(String.format("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", r[0], r[1], r[2], r[3], r[4], r[5],
                    r[6], r[7], r[8], d == null || r == d ? "" : diff(r[3], d[3])));
        }
        md.append("\n");
    }

    private void memory(List<String[]> mem) {
        md.append("### Concurrent open streams (each 250 ms between events; RSS/threads of the serving process, summed over nginx's)\n\n")
                .append("| target | concurrent | completed | errors | peak open | idle RSS MB | peak RSS MB | idle threads | peak threads | coalesced |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (String[] r : mem) {
            md.append(String.format("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", r[0], r[1], r[2], r[3], r[4], r[8],
                    r[5], r[9], r[6], r[7]));
        }
        md.append("\n");
    }

    private void logging(List<String[]> lg, List<String[]> ls) {
        List<String[]> ll = llmioRows(lg);
        if (ll.isEmpty()) return;
        md.append("### llmio request-logging variants (1,000 req/s non-streaming, each interleaved with direct)\n\n")
                .append("nolog = request logging off (LLMIO_REQUEST_LOG=false), embedded = rows in the embedded database, ")
                .append("pg = in PostgreSQL; -iolog = the model has io-log (bodies stored too). ")
                .append("\"normalised\" divides by direct's p50 of the same window to cancel machine noise.\n\n")
                .append("| variant | achieved | p50 ms | p99 ms | errors | direct p50 ms | p50 vs ").append(ll.get(0)[0])
                .append(" | normalised p50 vs ").append(ll.get(0)[0]).append(" | stream ttfb p50 ms (direct) | stream total p50 ms |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        String[] base = ll.get(0);
        for (String[] r : ll) {
            String[] s = find(ls, r[0]);
            String[] sd = find(ls, "direct-for-" + r[0].substring("llmio-".length()));
            md.append(String.format("| %s | %s | %s | %s | %.0f | %s | %s | %s | %s | %s |%n", r[0], r[2], r[3], r[5],
                    d(r[7]) + d(r[8]), directP50(lg, r), r == base ? "" : String.format("%+.1f %%", 100 * (d(r[3]) / d(base[3]) - 1)),
                    r == base ? "" : String.format("%+.1f %%", normalisedChange(lg, r, base)),
                    s == null ? "" : s[3] + (sd == null ? "" : " (" + sd[3] + ")"), s == null ? "" : s[5]));
        }
        md.append("\n");
    }

    private static List<String[]> llmioRows(List<String[]> lg) {
        return lg.stream().filter(r -> r[0].startsWith("llmio-")).toList();
    }

    private static String directP50(List<String[]> lg, String[] llmioRow) {
        String[] d = find(lg, "direct-for-" + llmioRow[0].substring("llmio-".length()));
        return d == null ? "" : d[3];
    }

    private void cpu(List<String[]> rows) {
        if (rows.isEmpty()) return;
        md.append("### CPU per request (each target alone, 1,000 req/s; and per relayed stream event), from /proc\n\n")
                .append("| target | requests | CPU µs per request | CPU µs per stream event |\n|---|---|---|---|\n");
        for (String[] r : rows) md.append("| ").append(String.join(" | ", r)).append(" |\n");
        md.append("\n");
    }

    private void shared(List<String[]> rows) {
        if (rows.isEmpty()) return;
        md.append("### Shared core: target and mock pinned to CPU 0, wrk -t1 on CPU 1 (closed loop)\n\n")
                .append("| target | connections | req/s | p50 ms | p99 ms | share of direct | vs nginx |\n|---|---|---|---|---|---|---|\n");
        for (String[] r : rows) {
            String[] dir = sharedRow(rows, "direct", r[1]);
            String[] ngx = sharedRow(rows, "nginx", r[1]);
            md.append(String.format("| %s | %s | %s | %s | %s | %s | %s |%n", r[0], r[1], r[2], r[3], r[4],
                    dir == null ? "" : String.format("%.2f", d(r[2]) / d(dir[2])),
                    ngx == null ? "" : String.format("%.2f", d(r[2]) / d(ngx[2]))));
        }
        md.append("\n");
    }

    private static String[] sharedRow(List<String[]> rows, String target, String connections) {
        return rows.stream().filter(r -> r[0].equals(target) && r[1].equals(connections)).findFirst().orElse(null);
    }

    private void coldStart(List<String[]> rows) {
        if (rows.isEmpty()) return;
        md.append("### Cold start (bench/coldstart: from process start, 4 connections closed loop)\n\n")
                .append("| llmio | first 200 ms | req/s in s 0-10 | req/s in s 10-20 | req/s in the last 10 s (warm reference) | s 0-10 vs warm |\n")
                .append("|---|---|---|---|---|---|\n");
        for (String[] r : rows) {
            md.append(String.format("| %s | %s | %s | %s | %s | %.0f %% |%n", r[0], r[1], r[2], r[3], r[4],
                    100 * d(r[2]) / d(r[4])));
        }
        md.append("\n");
    }

    private static double normalisedChange(List<String[]> lg, String[] r, String[] base) {
        return 100 * ((d(r[3]) / d(directP50(lg, r))) / (d(base[3]) / d(directP50(lg, base))) - 1);
    }

    private void targets(List<String[]> ov, List<String[]> ns, List<String[]> st, List<String[]> mem, List<String[]> lg) {
        String[] l1k = ov.stream().filter(r -> r[0].equals("llmio") && r[1].equals("1000")).findFirst().orElse(null);
        String[] d1k = ov.stream().filter(r -> r[0].equals("direct") && r[1].equals("1000")).findFirst().orElse(null);
        if (l1k == null || d1k == null) return;
        md.append("### Targets (issue \"Benchmark and speed\")\n\n| target | measured | met |\n|---|---|---|\n");
        double dp50 = d(l1k[3]) - d(d1k[3]);
        double dp99 = d(l1k[5]) - d(d1k[5]);
        row("1,000 req/s: p50 ≤ +0.5 ms, p99 ≤ +2 ms over direct, no errors",
                String.format("p50 %+.3f ms, p99 %+.3f ms, errors %.0f", dp50, dp99, d(l1k[7]) + d(l1k[8])),
                dp50 <= 0.5 && dp99 <= 2 && d(l1k[7]) + d(l1k[8]) == 0);
        Map<String, Double> best = sustained(ns);
        if (best.containsKey("nginx") && best.containsKey("llmio")) {
            row("sustained rate (p99 < 10 ms) ≥ ½ nginx", String.format("%.0f vs %.0f req/s", best.get("llmio"), best.get("nginx")),
                    best.get("llmio") >= 0.5 * best.get("nginx"));
        }
        String[] sl = find(st, "llmio");
        String[] sd = find(st, "direct");
        if (sl != null && sd != null) {
            double t = d(sl[3]) - d(sd[3]);
            row("streaming ttfb p50 within 1 ms of direct, events never coalesced",
                    String.format("%+.3f ms; coalesced %s (direct %s)", t, sl[8], sd[8]), t <= 1 && d(sl[8]) <= d(sd[8]));
        }
        for (String[] m : mem) {
            if (m[0].equals("llmio") && m[1].equals("5000")) {
                row("5,000 concurrent streams served, RSS < 512 MB",
                        String.format("%s/5000 completed, %s errors, peak RSS %s MB, peak threads %s", m[2], m[3], m[5], m[6]),
                        d(m[2]) == 5000 && d(m[5]) < 512);
            }
        }
        String[] cold = find(rowsQuiet("coldstart.tsv"), "cache");
        if (cold != null) {
            row("cold start (startup cache): first 200 ≤ 1 s after process start", cold[1] + " ms", d(cold[1]) <= 1000);
            row("cold start: rate in the first 10 s ≥ 60 % of warm", String.format("%.0f %%", 100 * d(cold[2]) / d(cold[4])),
                    d(cold[4]) > 0 && d(cold[2]) >= 0.6 * d(cold[4]));
        }
        List<String[]> sh = rowsQuiet("shared.tsv");
        String[] sl32 = sharedRow(sh, "llmio", "32");
        String[] sn32 = sharedRow(sh, "nginx", "32");
        if (sl32 != null && sn32 != null) {
            row("shared core, 32 connections: llmio ≥ 0.8 × nginx", String.format("%.2f", d(sl32[2]) / d(sn32[2])),
                    d(sl32[2]) >= 0.8 * d(sn32[2]));
        }
        List<String[]> ll = llmioRows(lg);
        for (String[] r : ll.subList(Math.min(1, ll.size()), ll.size())) {
            double ch = normalisedChange(lg, r, ll.get(0));
            row(r[0] + ": p50 change < 10 % vs " + ll.get(0)[0] + " (normalised)", String.format("%+.1f %%", ch), ch < 10);
        }
        md.append("\n");
    }

    private void row(String what, String measured, boolean met) {
        md.append("| ").append(what).append(" | ").append(measured).append(" | ").append(met ? "yes" : "**no**").append(" |\n");
    }

    private static String diff(String v, String base) {
        double a = d(v);
        double b = d(base);
        return String.format("%+.3f ms (×%.2f)", a - b, b == 0 ? Double.NaN : a / b);
    }

    private static String[] find(List<String[]> rows, String label) {
        return rows.stream().filter(r -> r[0].equals(label)).findFirst().orElse(null);
    }

    private static double d(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private List<String[]> rows(String name) throws IOException {
        List<String[]> out = new ArrayList<>();
        for (String line : text(name).split("\n")) if (!line.isBlank()) out.add(line.split("\t"));
        return out;
    }

    private List<String[]> rowsQuiet(String name) {
        try {
            return rows(name);
        } catch (IOException e) {
            return List.of();
        }
    }

    private String text(String name) throws IOException {
        Path p = dir.resolve(name);
        return Files.exists(p) ? Files.readString(p) : "";
    }

    private static void splice(Path generated, Path results) throws IOException {
        String gen = BEGIN + "\n" + Files.readString(generated) + END + "\n";
        String old = Files.exists(results) ? Files.readString(results) : "# Benchmark results\n\nRun `bench/run` (see bench/README.md).\n\n";
        int b = old.indexOf(BEGIN);
        int e = old.indexOf(END);
        String next = b >= 0 && e > b ? old.substring(0, b) + gen + old.substring(e + END.length()).replaceFirst("^\n", "")
                : old + "\n" + gen;
        Files.writeString(results, next);
    }
}
