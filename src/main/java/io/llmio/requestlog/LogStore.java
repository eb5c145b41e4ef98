package io.llmio.requestlog;

import io.helidon.dbclient.DbClientException;
import io.helidon.dbclient.DbExecute;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import io.llmio.store.Database;
import io.llmio.store.Rows;
import io.llmio.store.Sql;

/**
 * {@code request_logs} and {@code request_bodies}. Writes are JDBC batches (one round trip per call,
 * one transaction: all rows or none); reads go through DbClient.
 */
public final class LogStore {
    private static final int WRITE_TIMEOUT_SECONDS = 30;
    private final Database database;
    /** the text column widths of request_logs, read on the first write */
    private volatile LogColumns columns;

    public LogStore(Database database) {
        this.database = database;
    }

    /** Inserts new log rows (ids from {@link LogIds}). */
    public void insert(List<RequestLog> logs) {
        batch("insert-request-log", logs, (ps, l) -> {
            ps.setLong(1, l.id());
            LogRows.bindColumns(ps, 2, l, database, columns);
        });
    }

    /** Replaces every column of existing rows by id (e.g. running → success with usage); unknown ids are ignored. */
    public void update(List<RequestLog> logs) {
        batch("update-request-log", logs, (ps, l) -> {
            int next = LogRows.bindColumns(ps, 1, l, database, columns);
            ps.setLong(next, l.id());
        });
    }

    public void insertBodies(List<RequestBody> bodies) {
        batch("insert-request-body", bodies, (ps, b) -> LogRows.bindBody(ps, b, database));
    }

    /**
     * Ends rows still {@code running} (by id) as {@code error} with {@code error}; rows that already ended are left
     * alone. Used at shutdown for attempts whose end never reached the log.
     */
    public void endRunning(List<Long> ids, String error) {
        batch("end-running-request-log", ids, (ps, id) -> {
            ps.setString(1, LogColumns.cut(error, LogColumns.LONG_TEXT));
            ps.setLong(2, id);
        });
    }

    /**
     * Ends every row still {@code running} that was created before {@code before} as {@code error} with
     * {@code error} (rows a stopped or crashed process left behind); returns how many.
     */
    public long sweepRunning(Instant before, String error) {
        return Sql.dml(database.db().execute(), "sweep-running-request-logs",
                       Sql.params("before", database.time(before), "error", error));
    }

    /**
     * The trace ids of those of {@code ids} that exist, by id (one query; for imports that must not write a row
     * twice).
     */
    public Map<Long, String> traceIds(List<Long> ids) {
        Map<Long, String> out = new java.util.HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        Map<String, Object> params = Sql.params();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            names.add(":id" + i);
            params.put("id" + i, ids.get(i));
        }
        String sql = database.statement("select-request-logs") + " WHERE id IN (" + String.join(", ", names) + ")";
        try (Stream<io.helidon.dbclient.DbRow> rows = database.db().execute().createQuery(sql).params(params).execute()) {
            rows.forEach(r -> out.put(Rows.lng(r, "id"), Rows.str(r, "trace_id")));
        }
        return out;
    }

    /** The database answers (a cheap query with a short timeout). */
    public boolean reachable() {
        return database.ping();
    }

    public Optional<RequestLog> get(long id) {
        return Sql.one(database.db().execute(), "select-request-log-by-id", Sql.params("id", id), LogRows::map);
    }

    public Optional<RequestBody> body(long logId) {
        return Sql.one(database.db().execute(), "select-request-body", Sql.params("log_id", logId), LogRows::mapBody);
    }

    /** Newest first; {@code page} is 1-based, {@code pageSize} 1..1000. */
    public LogPage page(LogFilter filter, int page, int pageSize) {
        if (page < 1 || pageSize < 1 || pageSize > 1000) {
            throw new IllegalArgumentException("page must be >= 1 and page size 1..1000");
        }
        Map<String, Object> params = Sql.params();
        String where = where(filter, params);
        DbExecute ex = database.db().execute();
        long total = ex.createQuery(database.statement("count-request-logs") + where).params(params).execute()
                .map(r -> Rows.lng(r, "n")).findFirst().orElse(0L);
        params.put("limit", pageSize);
        params.put("offset", (long) (page - 1) * pageSize);
        String sql = database.statement("select-request-logs") + where
                + " ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset";
        try (Stream<io.helidon.dbclient.DbRow> rows = ex.createQuery(sql).params(params).execute()) {
            return new LogPage(rows.map(LogRows::map).toList(), total, page, pageSize);
        }
    }

    /** Deletes logs (and their bodies) created before {@code cutoff}; returns the number of log rows deleted. */
    public long deleteOlderThan(Instant cutoff) {
        return database.inTransaction(tx -> {
            Sql.dml(tx, "delete-request-bodies-before", Sql.params("before", database.time(cutoff)));
            return Sql.dml(tx, "delete-request-logs-before", Sql.params("before", database.time(cutoff)));
        });
    }

    /** Keeps the {@code rows} newest logs (by id, which is time-ordered) and deletes the rest with their bodies. */
    public long keepNewest(long rows) {
        if (rows < 0) {
            throw new IllegalArgumentException("rows must be >= 0");
        }
        return database.inTransaction(tx -> {
            Optional<Long> oldestKept = rows == 0
                    ? Optional.of(Long.MAX_VALUE)
                    : Sql.one(tx, "select-request-log-id-at-offset", Sql.params("offset", rows - 1), r -> Rows.lng(r, "id"));
            if (oldestKept.isEmpty()) {
                return 0L;
            }
            Sql.dml(tx, "delete-request-bodies-below-id", Sql.params("id", oldestKept.get()));
            return Sql.dml(tx, "delete-request-logs-below-id", Sql.params("id", oldestKept.get()));
        });
    }

    /** Deletes stored bodies created before {@code cutoff} (their log rows stay, with has_body still set). */
    public long deleteBodiesOlderThan(Instant cutoff) {
        return Sql.dml(database.db().execute(), "delete-request-bodies-before", Sql.params("before", database.time(cutoff)));
    }

    /** Keeps the bodies of the {@code rows} newest logs and deletes the other bodies. */
    public long keepNewestBodies(long rows) {
        if (rows < 0) {
            throw new IllegalArgumentException("rows must be >= 0");
        }
        return database.inTransaction(tx -> {
            Optional<Long> oldestKept = rows == 0
                    ? Optional.of(Long.MAX_VALUE)
                    : Sql.one(tx, "select-request-body-log-id-at-offset", Sql.params("offset", rows - 1),
                              r -> Rows.lng(r, "log_id"));
            return oldestKept.map(id -> Sql.dml(tx, "delete-request-bodies-below-id", Sql.params("id", id))).orElse(0L);
        });
    }

    /** The WHERE clause from fixed fragments; values only ever travel as parameters. */
    private String where(LogFilter f, Map<String, Object> params) {
        List<String> parts = new ArrayList<>();
        add(parts, params, "model = :model", "model", f.model());
        add(parts, params, "provider_id = :provider_id", "provider_id", f.providerId());
        add(parts, params, "status = :status", "status", f.status());
        add(parts, params, "style = :style", "style", f.style());
        add(parts, params, "auth_key_id = :auth_key_id", "auth_key_id", f.authKeyId());
        add(parts, params, "trace_id = :trace_id", "trace_id", f.traceId());
        add(parts, params, "created_at >= :from", "from", database.time(f.from()));
        add(parts, params, "created_at < :to", "to", database.time(f.to()));
        return parts.isEmpty() ? "" : " WHERE " + String.join(" AND ", parts);
    }

    private static void add(List<String> parts, Map<String, Object> params, String sql, String name, Object value) {
        if (value != null && !(value instanceof String s && s.isEmpty())) {
            parts.add(sql);
            params.put(name, value);
        }
    }

    private interface Binder<T> {
        void bind(PreparedStatement ps, T item) throws SQLException;
    }

    private <T> void batch(String statement, List<T> items, Binder<T> binder) {
        if (items.isEmpty()) {
            return;
        }
        try (Connection c = database.dataSource().getConnection()) {
            if (columns == null) {
                columns = LogColumns.read(c);
            }
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(database.statement(statement))) {
                // a database that hangs fails the write instead of holding the log writer for good
                ps.setQueryTimeout(WRITE_TIMEOUT_SECONDS);
                for (T item : items) {
                    binder.bind(ps, item);
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new DbClientException(statement + " batch of " + items.size() + " failed: " + e.getMessage(), e);
        }
    }
}
