package io.llmio.legacy;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an import did (or, in a dry run, would do), per table of the original: rows created, updated,
 * unchanged, soft-deleted (never imported) and skipped, each skipped row listed with the reason, and notes
 * for rows imported with something left behind.
 */
final class ImportReport {
    /** The outcome of one row. */
    enum Outcome { CREATED, UPDATED, UNCHANGED }

    /** Counts of one table. */
    static final class Tally {
        long created;
        long updated;
        long unchanged;
        long deleted;
        long skipped;
        boolean absent;

        void count(Outcome o) {
            switch (o) {
                case CREATED -> created++;
                case UPDATED -> updated++;
                case UNCHANGED -> unchanged++;
            }
        }
    }

    /** Lines listed per table and kind; the rest are counted ("… and N more"). */
    static final int LISTED = 50;

    private final boolean dryRun;
    private final Map<String, Tally> tables = new LinkedHashMap<>();
    private final Map<String, List<String>> skippedLines = new LinkedHashMap<>();
    private final Map<String, List<String>> noteLines = new LinkedHashMap<>();
    private final Map<String, Long> moreSkipped = new LinkedHashMap<>();
    private final Map<String, Long> moreNotes = new LinkedHashMap<>();

    ImportReport(boolean dryRun) {
        this.dryRun = dryRun;
    }

    Tally table(String name) {
        return tables.computeIfAbsent(name, n -> new Tally());
    }

    void skip(LegacyRow row, String why) {
        skip(row.table(), row.label() + ": " + why);
    }

    void skip(String table, String line) {
        table(table).skipped++;
        add(skippedLines, moreSkipped, table, line);
    }

    void note(String table, String line) {
        add(noteLines, moreNotes, table, line);
    }

    /** Rows created or updated in all tables. */
    long changes() {
        return tables.values().stream().mapToLong(t -> t.created + t.updated).sum();
    }

    void print(PrintStream out) {
        if (!skippedLines.isEmpty()) {
            out.println();
            out.println(dryRun ? "Would not import (fix in the original and run again, or set up in llmio):"
                               : "Not imported (fix in the original and run again, or set up in llmio):");
            printLines(out, skippedLines, moreSkipped);
        }
        if (!noteLines.isEmpty()) {
            out.println();
            out.println("Imported with a difference:");
            printLines(out, noteLines, moreNotes);
        }
        out.println();
        out.printf("%-22s %9s %9s %9s %9s %9s%n", "table", dryRun ? "to create" : "created",
                   dryRun ? "to update" : "updated", "unchanged", "deleted", "skipped");
        tables.forEach((name, t) -> {
            if (t.absent) {
                out.printf("%-22s %s%n", name, "(no such table in the original: nothing to import)");
            } else {
                out.printf("%-22s %9d %9d %9d %9d %9d%n", name, t.created, t.updated, t.unchanged, t.deleted, t.skipped);
            }
        });
        out.println("(deleted: soft-deleted in the original, never imported; skipped: listed above)");
        out.println();
        long changes = changes();
        if (dryRun) {
            out.println(changes == 0 ? "Dry run: nothing would change; llmio's database already holds everything."
                                     : "Dry run: " + changes + " row(s) would be created or updated. Nothing was written.");
        } else {
            out.println(changes == 0 ? "Nothing changed: llmio's database already held everything."
                                     : "Done: " + changes + " row(s) created or updated.");
        }
    }

    private static void add(Map<String, List<String>> lines, Map<String, Long> more, String table, String line) {
        List<String> l = lines.computeIfAbsent(table, t -> new ArrayList<>());
        if (l.size() < LISTED) {
            l.add(line);
        } else {
            more.merge(table, 1L, Long::sum);
        }
    }

    /** In the order of the summary's tables. */
    private void printLines(PrintStream out, Map<String, List<String>> lines, Map<String, Long> more) {
        tables.keySet().stream().filter(lines::containsKey).forEach(table -> {
            List<String> l = lines.get(table);
            l.forEach(line -> out.println("  " + line));
            Long rest = more.get(table);
            if (rest != null) {
                out.println("  … and " + rest + " more row(s) of " + table);
            }
        });
    }
}
