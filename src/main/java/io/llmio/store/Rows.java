package io.llmio.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.dbclient.DbColumn;
import io.helidon.dbclient.DbRow;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/** Reads typed values from rows the same way on PostgreSQL, MySQL and H2, and maps JSON text columns. */
public final class Rows {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Rows() {
    }

    static Object raw(DbRow row, String column) {
        DbColumn c = row.column(column);
        return c.isPresent() ? c.get() : null;
    }

    public static String str(DbRow row, String column) {
        Object v = raw(row, column);
        return v == null ? null : v.toString();
    }

    public static long lng(DbRow row, String column) {
        Long v = lngOrNull(row, column);
        return v == null ? 0 : v;
    }

    public static Long lngOrNull(DbRow row, String column) {
        Object v = raw(row, column);
        return v == null ? null : v instanceof Number n ? n.longValue() : Long.parseLong(v.toString());
    }

    public static int integer(DbRow row, String column) {
        return (int) lng(row, column);
    }

    public static Integer intOrNull(DbRow row, String column) {
        Long v = lngOrNull(row, column);
        return v == null ? null : v.intValue();
    }

    public static double dbl(DbRow row, String column) {
        Double v = dblOrNull(row, column);
        return v == null ? 0 : v;
    }

    public static Double dblOrNull(DbRow row, String column) {
        Object v = raw(row, column);
        return v == null ? null : v instanceof Number n ? n.doubleValue() : Double.parseDouble(v.toString());
    }

    public static boolean bool(DbRow row, String column) {
        Object v = raw(row, column);
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Number n) {
            return n.intValue() != 0;
        }
        return v != null && (v.toString().equals("1") || Boolean.parseBoolean(v.toString()));
    }

    public static Instant instant(DbRow row, String column) {
        return toInstant(raw(row, column));
    }

    /** MySQL DATETIME holds UTC wall time (the pool connects with connectionTimeZone=UTC). */
    static Instant toInstant(Object v) {
        return switch (v) {
            case null -> null;
            case Instant i -> i;
            case Timestamp t -> t.toInstant();
            case OffsetDateTime o -> o.toInstant();
            case ZonedDateTime z -> z.toInstant();
            case LocalDateTime l -> l.toInstant(ZoneOffset.UTC);
            case java.util.Date d -> d.toInstant();
            default -> Instant.parse(v.toString());
        };
    }

    /** Now, to the millisecond (MySQL DATETIME(3) keeps no more). */
    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    static Map<String, String> stringMap(String json) {
        return read(json, new TypeReference<Map<String, String>>() { }, Map.of());
    }

    static List<String> stringList(String json) {
        return read(json, new TypeReference<List<String>>() { }, List.of());
    }

    private static <T> T read(String json, TypeReference<T> type, T empty) {
        if (json == null || json.isBlank()) {
            return empty;
        }
        try {
            T v = JSON.readValue(json, type);
            return v == null ? empty : v;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is malformed: " + e.getOriginalMessage(), e);
        }
    }
}
