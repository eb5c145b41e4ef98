package io.llmio.store;

import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbResultDml;
import io.helidon.dbclient.DbRow;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Stream;

/** Runs named statements with named parameters; maps unique-key clashes to {@link ConflictException}. */
public final class Sql {
    private Sql() {
    }

    /** A parameter map that accepts nulls: {@code params("id", 1, "name", null)}. */
    public static Map<String, Object> params(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    public static <T> List<T> list(DbExecute ex, String statement, Map<String, ?> params, Function<DbRow, T> mapper) {
        try (Stream<DbRow> rows = ex.createNamedQuery(statement).params(params).execute()) {
            return rows.map(mapper).toList();
        }
    }

    public static <T> Optional<T> one(DbExecute ex, String statement, Map<String, ?> params, Function<DbRow, T> mapper) {
        return ex.createNamedGet(statement).params(params).execute().map(mapper);
    }

    /** Runs an INSERT and returns the generated {@code id}. */
    public static long insertId(DbExecute ex, String statement, Map<String, ?> params) {
        try (DbResultDml result = ex.createNamedInsert(statement).returnColumns(List.of("id")).params(params).insert();
                Stream<DbRow> keys = result.generatedKeys()) {
            DbRow row = keys.findFirst().orElseThrow(() -> new IllegalStateException(statement + " returned no id"));
            AtomicReference<Object> first = new AtomicReference<>();
            row.forEach(c -> {
                if (first.get() == null) {
                    first.set(c.get());
                }
            });
            return ((Number) first.get()).longValue();
        } catch (RuntimeException e) {
            throw conflictOr(e, statement);
        } catch (Exception e) {
            throw new IllegalStateException(statement + ": " + e.getMessage(), e);
        }
    }

    /** Runs an INSERT/UPDATE/DELETE and returns the number of rows it changed. */
    public static long dml(DbExecute ex, String statement, Map<String, ?> params) {
        try {
            return ex.createNamedDmlStatement(statement).params(params).execute();
        } catch (RuntimeException e) {
            throw conflictOr(e, statement);
        }
    }

    private static RuntimeException conflictOr(RuntimeException e, String statement) {
        if (DatabaseErrors.isUniqueViolation(e)) {
            return new ConflictException("a row with the same unique name or key already exists (" + statement + ")", e);
        }
        return e;
    }
}
