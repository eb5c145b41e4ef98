package io.llmio.observe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.EnumMap;
import java.util.Map;

import io.llmio.store.Database;
import io.llmio.store.Dialect;
import io.llmio.store.Dsn;

/**
 * Databases of the log-writer tests, one per dialect and test JVM, each in its own database name
 * ({@code llmio_hd_logwriter} on PostgreSQL and MariaDB; H2 in a temp dir), so that they never
 * share state with the store and e2e suites.
 */
public final class LogTestDatabases {
    static final String NAME = "llmio_hd_logwriter";
    static final String PG_DSN = "postgres://postgres@127.0.0.1:5432/" + NAME + "?sslmode=disable";
    static final String MARIADB_DSN = "root:@tcp(127.0.0.1:3306)/" + NAME + "?parseTime=True&loc=Local&charset=utf8mb4";

    private static final Map<Dialect, Database> OPEN = new EnumMap<>(Dialect.class);

    private LogTestDatabases() {
    }

    /** The database with its request logs, bodies and keys emptied. */
    public static synchronized Database clean(Dialect dialect) {
        Database db = OPEN.computeIfAbsent(dialect, d -> {
            Database opened = Database.open(dsn(d), true);
            Runtime.getRuntime().addShutdownHook(new Thread(opened::close));
            return opened;
        });
        for (String table : new String[] {"request_bodies", "request_logs", "auth_keys"}) {
            db.db().execute().dml("DELETE FROM " + table);
        }
        return db;
    }

    static Dsn dsn(Dialect dialect) {
        return switch (dialect) {
            case EMBEDDED -> {
                try {
                    yield Dsn.embedded(Files.createTempDirectory("llmio-logwriter"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            case POSTGRES -> Dsn.parse(null, PG_DSN);
            case MYSQL -> Dsn.parse(null, MARIADB_DSN);
        };
    }
}
