package io.llmio.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumMap;
import java.util.Map;

/**
 * The three real databases the store suites run against, opened (and migrated) once per test JVM:
 * H2 in a temp dir, PostgreSQL and MariaDB on 127.0.0.1 in a database named {@code llmio_store_test}
 * (created by {@link Database#open} when missing).
 */
public final class TestDatabases {
    static final String PG_DSN = "postgres://postgres@127.0.0.1:5432/llmio_store_test?sslmode=disable";
    static final String MARIADB_DSN = "root:@tcp(127.0.0.1:3306)/llmio_store_test?parseTime=True&loc=Local&charset=utf8mb4";

    private static final Map<Dialect, Database> OPEN = new EnumMap<>(Dialect.class);

    private TestDatabases() {
    }

    static synchronized Database get(Dialect dialect) {
        return OPEN.computeIfAbsent(dialect, d -> {
            Database db = Database.open(dsn(d), true);
            Runtime.getRuntime().addShutdownHook(new Thread(db::close));
            return db;
        });
    }

    /** The database with every table emptied (registry_version keeps its row). */
    public static Database clean(Dialect dialect) {
        Database db = get(dialect);
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            for (String table : new String[] {"request_bodies", "request_logs", "model_prices", "model_providers", "models",
                                              "providers", "auth_key_usage", "auth_keys", "settings"}) {
                st.executeUpdate("DELETE FROM " + table);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return db;
    }

    static Dsn dsn(Dialect dialect) {
        return switch (dialect) {
            case EMBEDDED -> Dsn.embedded(tempDir());
            case POSTGRES -> Dsn.parse(null, PG_DSN);
            case MYSQL -> Dsn.parse(null, MARIADB_DSN);
        };
    }

    static Path tempDir() {
        try {
            return Files.createTempDirectory("llmio-store-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
