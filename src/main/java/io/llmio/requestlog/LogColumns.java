package io.llmio.requestlog;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The widths of the text columns of {@code request_logs}, so that a log value is cut to fit instead
 * of failing its insert (and, before, its whole batch). Read once from the database's own metadata
 * (what the migrations in {@code migrations/<dialect>/} created, or a DBA widened); the sizes of
 * {@code V1__schema.sql} when that read fails. Unbounded text columns ({@code error}) are cut at
 * {@link #LONG_TEXT} characters: MySQL's {@code TEXT} holds 65,535 bytes, i.e. 16,383 four-byte
 * characters, and an error message longer than that says nothing more.
 */
public final class LogColumns {
    /** characters kept of an unbounded text column (error) */
    public static final int LONG_TEXT = 8_000;
    /** the sizes of migrations/&lt;dialect&gt;/V1__schema.sql (and V3, upstream_style) */
    public static final Map<String, Integer> MIGRATED = Map.ofEntries(
            Map.entry("trace_id", 64), Map.entry("model", 191), Map.entry("provider_name", 191),
            Map.entry("provider_model", 191), Map.entry("style", 32), Map.entry("client_ip", 64),
            Map.entry("user_agent", 512), Map.entry("status", 16), Map.entry("usage_source", 16),
            Map.entry("error", LONG_TEXT), Map.entry("upstream_style", 32));

    private final Map<String, Integer> widths;

    LogColumns(Map<String, Integer> widths) {
        this.widths = Map.copyOf(widths);
    }

    /** The widths from the metadata of {@code request_logs}, or {@link #MIGRATED} where it cannot be read. */
    public static LogColumns read(Connection c) {
        Map<String, Integer> out = new HashMap<>(MIGRATED);
        try {
            DatabaseMetaData md = c.getMetaData();
            for (String table : new String[] {"request_logs", "REQUEST_LOGS"}) {
                try (ResultSet rs = md.getColumns(c.getCatalog(), null, table, null)) {
                    while (rs.next()) {
                        String name = rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT);
                        int size = rs.getInt("COLUMN_SIZE");
                        if (out.containsKey(name) && size > 0) {
                            // TEXT/CLOB report their byte or LOB limit: keep the long-text cut there
                            out.put(name, size >= 65_535 ? LONG_TEXT : size);
                        }
                    }
                }
            }
        } catch (SQLException | RuntimeException e) {
            return new LogColumns(MIGRATED);
        }
        return new LogColumns(out);
    }

    public int width(String column) {
        return widths.getOrDefault(column, LONG_TEXT);
    }

    /** {@code value} cut to {@code column}'s width in characters, never inside a surrogate pair; null stays null. */
    public String fit(String column, String value) {
        return cut(value, width(column));
    }

    /** {@code value} cut to at most {@code max} UTF-16 units (so at most {@code max} code points), at a code point boundary. */
    public static String cut(String value, int max) {
        if (value == null || value.length() <= max) {
            return value;
        }
        int end = max;
        if (end > 0 && Character.isHighSurrogate(value.charAt(end - 1))) {
            end--;
        }
        return value.substring(0, end);
    }
}
