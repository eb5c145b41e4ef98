package io.llmio.store;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import io.llmio.requestlog.LogStore;

/** A database left at an older schema version upgrades in place, on embedded H2, PostgreSQL and MariaDB. */
class MigrationsTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void databaseAtV1UpgradesKeepingItsRowsAndDropsTheFilterIndexes(Dialect dialect) throws Exception {
        Dsn dsn = fresh(dialect);
        Flyway.configure(Database.class.getClassLoader())
                .dataSource(dsn.jdbcUrl(), dsn.user(), dsn.password().value())
                .locations(dialect.migrationsLocation())
                .target("1")
                .load()
                .migrate();
        try (Connection c = DriverManager.getConnection(dsn.jdbcUrl(), dsn.user(), dsn.password().value());
                Statement st = c.createStatement()) {
            assertThat(requestLogIndexes(c)).hasSize(7);
            st.executeUpdate("INSERT INTO request_logs (id, trace_id, created_at, model, style, status) "
                             + "VALUES (42, 'trace-v1', CURRENT_TIMESTAMP, 'gpt-4o', 'openai', 'success')");
        }

        try (Database db = Database.open(dsn, true)) {
            assertThat(db.migrated()).isTrue();
            assertThat(new LogStore(db).get(42)).hasValueSatisfying(l -> assertThat(l.traceId()).isEqualTo("trace-v1"));
            try (Connection c = db.dataSource().getConnection()) {
                assertThat(requestLogIndexes(c)).containsExactly("ix_request_logs_created", "ix_request_logs_trace");
            }
        }
    }

    /** An empty database for {@code dialect} (PostgreSQL and MariaDB: {@code llmio_migrate_test}, recreated). */
    private static Dsn fresh(Dialect dialect) throws SQLException {
        return switch (dialect) {
            case EMBEDDED -> Dsn.embedded(TestDatabases.tempDir());
            case POSTGRES -> {
                try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
                        Statement st = c.createStatement()) {
                    st.execute("DROP DATABASE IF EXISTS llmio_migrate_test");
                    st.execute("CREATE DATABASE llmio_migrate_test");
                }
                yield Dsn.parse(null, "postgres://postgres@127.0.0.1:5432/llmio_migrate_test?sslmode=disable");
            }
            case MYSQL -> {
                try (Connection c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:3306/", "root", "");
                        Statement st = c.createStatement()) {
                    st.execute("DROP DATABASE IF EXISTS llmio_migrate_test");
                    st.execute("CREATE DATABASE llmio_migrate_test");
                }
                yield Dsn.parse(null, "root:@tcp(127.0.0.1:3306)/llmio_migrate_test?parseTime=True");
            }
        };
    }

    /** Names of the secondary indexes on request_logs, lower case, sorted. */
    private static Set<String> requestLogIndexes(Connection c) throws SQLException {
        Set<String> names = new TreeSet<>();
        try (ResultSet rs = c.getMetaData().getIndexInfo(c.getCatalog(), null, "request_logs", false, false)) {
            while (rs.next()) {
                String name = rs.getString("INDEX_NAME");
                if (name != null && name.toLowerCase(Locale.ROOT).startsWith("ix_")) {
                    names.add(name.toLowerCase(Locale.ROOT));
                }
            }
        }
        return names;
    }
}
