package io.llmio.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbStatements;
import io.helidon.dbclient.DbTransaction;
import io.helidon.dbclient.jdbc.JdbcClientBuilder;
import io.llmio.errors.StartupException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The open database: a HikariCP pool, a Helidon {@link DbClient} with this dialect's named statements
 * ({@code db/statements-<dialect>.yaml}), and the schema migrated by Flyway from {@code migrations/<dialect>/}.
 */
public final class Database implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Database.class.getName());

    private static final DateTimeFormatter MYSQL_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private final Dsn dsn;
    private final HikariDataSource dataSource;
    private final DbClient db;
    private final DbStatements statements;
    private final Config statementsConfig;
    private final boolean migrated;

    private Database(Dsn dsn, HikariDataSource dataSource, Config statementsConfig, boolean migrated) {
        this.dsn = dsn;
        this.dataSource = dataSource;
        this.statementsConfig = statementsConfig;
        this.statements = DbStatements.create(statementsConfig);
        this.migrated = migrated;
        this.db = JdbcClientBuilder.create()
                .connectionPool(new HikariPool(dataSource, dsn.dialect().wire()))
                .statements(statements)
                .build();
    }

    /**
     * Opens the pool (creating a missing PostgreSQL/MySQL database when the user may), applies pending
     * migrations when {@code migrate}, and loads the named statements. Every failure an operator can fix
     * is a {@link StartupException} naming the setting.
     */
    public static Database open(Dsn dsn, boolean migrate) {
        if (dsn.dialect() == Dialect.EMBEDDED && dsn.jdbcUrl().startsWith("jdbc:h2:file:")) {
            createParent(Path.of(dsn.database()));
        }
        if (dsn.dialect() == Dialect.EMBEDDED && System.getProperty("h2.objectCache") == null) {
            // H2 dedups every Value it creates through a shared hash cache, a measurable CPU cost
            // for no use here (docs/design-notes.md); read before H2's first use
            System.setProperty("h2.objectCache", "false");
        }
        HikariDataSource ds = pool(dsn);
        try {
            boolean migrated = migrate(ds, dsn, migrate);
            Config statements = Config.builder()
                    .sources(ConfigSources.classpath(dsn.dialect().statementsResource()))
                    .disableEnvironmentVariablesSource()
                    .disableSystemPropertiesSource()
                    .build()
                    .get("statements");
            if (!statements.exists()) {
                throw new IllegalStateException("missing classpath resource " + dsn.dialect().statementsResource());
            }
            return new Database(dsn, ds, statements, migrated);
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
    }

    public DbClient db() {
        return db;
    }

    public Dialect dialect() {
        return dsn.dialect();
    }

    public Dsn dsn() {
        return dsn;
    }

    /** {@code postgres 127.0.0.1:5432/llmio}: no password. */
    public String describe() {
        return dsn.describe();
    }

    /** True when no migration is pending (all applied at start, or already there when migrations are off). */
    public boolean migrated() {
        return migrated;
    }

    /** A cheap {@code SELECT 1} with a 2-second query timeout; false on any failure. */
    public boolean ping() {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.setQueryTimeout(2);
            return st.execute("SELECT 1");
        } catch (Exception e) {
            LOG.log(System.Logger.Level.DEBUG, "database ping failed: " + e.getMessage());
            return false;
        }
    }

    /**
     * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws (the
     * exception is rethrown as is). Helidon closes the connection when a statement fails inside a
     * transaction, which rolls the work back; the failing {@code rollback()} that follows is ignored.
     */
    public <T> T inTransaction(Function<DbTransaction, T> work) {
        DbTransaction tx = db.transaction();
        T result;
        try {
            result = work.apply(tx);
        } catch (RuntimeException | Error e) {
            rollbackQuietly(tx);
            throw e;
        }
        try {
            tx.commit();
        } catch (RuntimeException e) {
            rollbackQuietly(tx);
            throw e;
        }
        return result;
    }

    /** {@link #inTransaction(Function)} for work without a result. */
    public void runInTransaction(Consumer<DbTransaction> work) {
        inTransaction(tx -> {
            work.accept(tx);
            return null;
        });
    }

    /**
     * An instant as a statement parameter. MySQL gets a UTC {@code yyyy-MM-dd HH:mm:ss.SSS} string:
     * mysql-connector-j sees MariaDB 10.x as server "5.5.5" and drops the milliseconds of a Timestamp.
     */
    public Object time(Instant instant) {
        if (instant == null) {
            return null;
        }
        return dsn.dialect() == Dialect.MYSQL ? MYSQL_TIME.format(instant) : Timestamp.from(instant);
    }

    /** The SQL text of a named statement (for JDBC batches, which DbClient does not offer). */
    public String statement(String name) {
        return statements.statement(name);
    }

    boolean hasStatement(String name) {
        return statementsConfig.get(name).exists();
    }

    /** The pool itself, for JDBC batches. */
    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        db.close();
        dataSource.close();
    }

    private static void rollbackQuietly(DbTransaction tx) {
        try {
            tx.rollback();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "rollback after a failed statement: " + e.getMessage());
        }
    }

    private static HikariDataSource pool(Dsn dsn) {
        try {
            return new HikariDataSource(config(dsn));
        } catch (RuntimeException first) {
            if (DatabaseErrors.isUnknownDatabase(dsn.dialect(), first) && DatabaseErrors.createDatabase(dsn)) {
                LOG.log(System.Logger.Level.INFO, "Created database " + dsn.database() + " on " + dsn.describe());
                try {
                    return new HikariDataSource(config(dsn));
                } catch (RuntimeException second) {
                    throw DatabaseErrors.startup(dsn, second);
                }
            }
            throw DatabaseErrors.startup(dsn, first);
        }
    }

    private static HikariConfig config(Dsn dsn) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("llmio-" + dsn.dialect().wire());
        hc.setJdbcUrl(dsn.jdbcUrl());
        if (dsn.user() != null) {
            hc.setUsername(dsn.user());
            hc.setPassword(dsn.password().value());
        }
        hc.setMaximumPoolSize(10);
        hc.setMinimumIdle(1);
        hc.setConnectionTimeout(5_000);
        hc.setValidationTimeout(2_000);
        hc.setInitializationFailTimeout(1);
        String url = dsn.jdbcUrl();
        switch (dsn.dialect()) {
            case POSTGRES -> hc.addDataSourceProperty("reWriteBatchedInserts", "true");
            case MYSQL -> {
                hc.addDataSourceProperty("rewriteBatchedStatements", "true");
                if (!url.contains("connectionTimeZone") && !url.contains("serverTimezone")) {
                    hc.addDataSourceProperty("connectionTimeZone", "UTC");
                }
            }
            case EMBEDDED -> {
                // defaults are fine: H2 runs in this process
            }
        }
        return hc;
    }

    private static boolean migrate(DataSource ds, Dsn dsn, boolean migrate) {
        refuseOriginalSchema(ds, dsn);
        try {
            Flyway flyway = Flyway.configure(Database.class.getClassLoader())
                    .dataSource(ds)
                    .locations(dsn.dialect().migrationsLocation())
                    .failOnMissingLocations(true)
                    .load();
            if (migrate) {
                // a successful migrate leaves nothing pending; a second scan (info()) would cost a few hundred ms
                return flyway.migrate().success;
            }
            return flyway.info().pending().length == 0;
        } catch (FlywayException e) {
            throw new StartupException("Applying the database migrations (migrations/" + dsn.dialect().wire()
                                       + "/) to " + dsn.describe() + " failed: "
                                       + DatabaseErrors.oneLine(e.getMessage(), dsn)
                                       + ". Fix the database named by DATABASE_DSN (or point it at an empty database).", e);
        }
    }

    /** The original llmio's database is not migrated into: the operator is told how to import it instead. */
    private static void refuseOriginalSchema(DataSource ds, Dsn dsn) {
        boolean original;
        try (Connection c = ds.getConnection()) {
            original = OriginalSchema.isOriginal(OriginalSchema.tables(c));
        } catch (SQLException e) {
            // Flyway meets the same failure next and reports it
            return;
        }
        if (original) {
            throw new StartupException(OriginalSchema.paragraph(dsn));
        }
    }

    /**
     * A plain read-only JDBC connection (no pool, no migrations) to a database llmio only reads, such as the
     * original llmio's for {@code import-legacy}. Failures an operator can fix are a {@link StartupException}
     * naming {@code setting} (where the database is given), never the password.
     */
    public static Connection connectReadOnly(Dsn dsn, String setting) {
        java.util.Properties props = new java.util.Properties();
        if (dsn.user() != null) {
            props.setProperty("user", dsn.user());
            props.setProperty("password", dsn.password().value());
        }
        // connectTimeout: milliseconds for mysql-connector-j, seconds for pgjdbc
        props.setProperty("connectTimeout", dsn.dialect() == Dialect.MYSQL ? "5000" : "5");
        try {
            Connection c = java.sql.DriverManager.getConnection(dsn.jdbcUrl(), props);
            c.setReadOnly(true);
            return c;
        } catch (SQLException e) {
            StartupException s = DatabaseErrors.startup(dsn, e);
            throw new StartupException(s.getMessage().replace("DATABASE_DSN", setting));
        }
    }

    private static void createParent(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StartupException("Cannot create the directory " + dir + " for the embedded database ("
                                       + e.getMessage() + "). Run llmio from a writable working directory, or set "
                                       + "DATABASE_TYPE and DATABASE_DSN to use PostgreSQL or MySQL.", e);
        }
    }
}
