package io.llmio.legacy;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One row of the original's database, by lower-cased column name. A missing column and a NULL both read
 * as the default the caller gives (the original never migrated its schema: old installs lack columns).
 */
record LegacyRow(String table, Map<String, Object> values, ZoneId wallZone) {

    static LegacyRow read(String table, ResultSet rs, ZoneId wallZone) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        Map<String, Object> values = new HashMap<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            values.put(md.getColumnLabel(i).toLowerCase(Locale.ROOT), rs.getObject(i));
        }
        return new LegacyRow(table, values, wallZone);
    }

    long id() {
        return lng("id", 0);
    }

    /** Soft-deleted in the original ({@code deleted_at} set): never imported. */
    boolean deleted() {
        return values.get("deleted_at") != null;
    }

    boolean has(String column) {
        return values.get(column) != null;
    }

    String str(String column, String fallback) {
        Object v = values.get(column);
        return v == null ? fallback : v instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8)
                : v.toString();
    }

    /** The first of {@code columns} that holds a value (a column renamed across the original's versions). */
    String firstStr(String fallback, String... columns) {
        for (String c : columns) {
            if (values.get(c) != null) {
                return str(c, fallback);
            }
        }
        return fallback;
    }

    long lng(String column, long fallback) {
        Object v = values.get(column);
        return switch (v) {
            case null -> fallback;
            case Number n -> n.longValue();
            case Boolean b -> b ? 1 : 0;
            default -> {
                try {
                    yield Long.parseLong(v.toString().trim());
                } catch (NumberFormatException e) {
                    yield fallback;
                }
            }
        };
    }

    double dbl(String column, double fallback) {
        Object v = values.get(column);
        return switch (v) {
            case null -> fallback;
            case Number n -> n.doubleValue();
            default -> {
                try {
                    yield Double.parseDouble(v.toString().trim());
                } catch (NumberFormatException e) {
                    yield fallback;
                }
            }
        };
    }

    /** The original keeps booleans as integers 0/1. */
    boolean bool(String column, boolean fallback) {
        Object v = values.get(column);
        return switch (v) {
            case null -> fallback;
            case Boolean b -> b;
            case Number n -> n.intValue() != 0;
            default -> v.toString().equals("1") || v.toString().equalsIgnoreCase("true");
        };
    }

    /**
     * A time to the millisecond. PostgreSQL's timestamps carry their zone; MySQL's DATETIME is wall time in
     * the zone the original wrote it in (its DSN's {@code loc}, UTC when absent).
     */
    Instant instant(String column) {
        Object v = values.get(column);
        Instant i = switch (v) {
            case null -> null;
            case Timestamp t -> t.toInstant();
            case OffsetDateTime o -> o.toInstant();
            case LocalDateTime l -> l.atZone(wallZone).toInstant();
            case java.util.Date d -> d.toInstant();
            default -> null;
        };
        return i == null ? null : i.truncatedTo(ChronoUnit.MILLIS);
    }

    /** {@code providers #3 'name'}: how a row is named in the report. */
    String label() {
        // never the key column of auth_keys: it is a caller's secret
        String name = table.equals("configs") ? str("key", "") : str("name", "");
        return table + " #" + id() + (name.isEmpty() ? "" : " '" + name + "'");
    }
}
