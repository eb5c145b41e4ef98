package io.llmio.legacy;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.llmio.errors.StartupException;
import io.llmio.store.Database;
import io.llmio.store.Dialect;
import io.llmio.store.Dsn;
import io.llmio.store.OriginalSchema;

/** The original llmio's database, read only: whole small tables, and cursors over the large ones. */
final class LegacySource implements AutoCloseable {
    private static final Pattern LOC = Pattern.compile("[?&]loc=([^&]*)");

    private final Dsn dsn;
    private final Connection connection;
    private final Set<String> tables;
    private final ZoneId wallZone;

    private LegacySource(Dsn dsn, Connection connection, Set<String> tables, ZoneId wallZone) {
        this.dsn = dsn;
        this.connection = connection;
        this.tables = tables;
        this.wallZone = wallZone;
    }

    /**
     * Connects to the database {@code raw} names (any DSN form the original takes) and checks that it is the
     * original's. Failures are a {@link StartupException} naming {@code --from}, never the password.
     */
    static LegacySource open(String raw) {
        Dsn dsn;
        try {
            dsn = Dsn.parse(null, raw);
        } catch (StartupException e) {
            throw new StartupException("--from is not a DSN of the original llmio's database: "
                                       + e.getMessage().replace("DATABASE_DSN", "--from"));
        }
        if (dsn.dialect() == Dialect.EMBEDDED) {
            throw new StartupException("--from must name the original llmio's PostgreSQL or MySQL/MariaDB database "
                                       + "(postgres://user:pass@host:5432/llmio or user:pass@tcp(host:3306)/llmio); "
                                       + "its SQLite file cannot be read.");
        }
        Connection c = Database.connectReadOnly(dsn, "--from");
        try {
            Set<String> tables = OriginalSchema.tables(c);
            if (tables.contains("flyway_schema_history")) {
                throw new StartupException("--from names " + dsn.describe() + ", which is a database of this llmio, not "
                                           + "of the original (Go) one: nothing to import.");
            }
            if (!tables.contains("model_with_providers") || !tables.contains("providers")) {
                throw new StartupException("--from names " + dsn.describe() + ", which has no tables providers and "
                                           + "model_with_providers: it is not a database of the original llmio. Check "
                                           + "the database name in --from.");
            }
            return new LegacySource(dsn, c, Collections.unmodifiableSet(tables), wallZone(dsn, raw));
        } catch (SQLException e) {
            close(c);
            throw new StartupException("Reading the tables of " + dsn.describe() + " failed: " + clean(e.getMessage(), dsn));
        } catch (RuntimeException e) {
            close(c);
            throw e;
        }
    }

    Dsn dsn() {
        return dsn;
    }

    boolean has(String table) {
        return tables.contains(table);
    }

    /** The first of {@code names} that exists (a table renamed across the original's versions), or null. */
    String firstTable(String... names) {
        for (String n : names) {
            if (tables.contains(n)) {
                return n;
            }
        }
        return null;
    }

    /** Every row of a small table (configuration), in id order; empty when the table does not exist. */
    List<LegacyRow> all(String table) {
        List<LegacyRow> out = new ArrayList<>();
        if (!has(table)) {
            return out;
        }
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery("SELECT * FROM " + table + " ORDER BY id")) {
            while (rs.next()) {
                out.add(LegacyRow.read(table, rs, wallZone));
            }
        } catch (SQLException e) {
            throw failed(table, e);
        }
        return out;
    }

    /** Up to {@code limit} rows with an id above {@code afterId}, in id order (a cursor over a large table). */
    List<LegacyRow> page(String table, long afterId, int limit) {
        List<LegacyRow> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT * FROM " + table
                                                                + " WHERE id > ? ORDER BY id LIMIT " + limit)) {
            ps.setLong(1, afterId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(LegacyRow.read(table, rs, wallZone));
                }
            }
        } catch (SQLException e) {
            throw failed(table, e);
        }
        return out;
    }

    /**
     * Rows of {@code table} whose {@code column} is one of {@code ids}, handed to {@code each} one at a time
     * (so that a caller keeping only a cut of each row keeps memory bounded by the number of ids).
     */
    void forEachIn(String table, String column, List<Long> ids, String columns, Consumer<LegacyRow> each) {
        if (ids.isEmpty()) {
            return;
        }
        String marks = String.join(", ", Collections.nCopies(ids.size(), "?"));
        try (PreparedStatement ps = connection.prepareStatement("SELECT " + columns + " FROM " + table + " WHERE "
                                                                + column + " IN (" + marks + ") ORDER BY id")) {
            for (int i = 0; i < ids.size(); i++) {
                ps.setLong(i + 1, ids.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    each.accept(LegacyRow.read(table, rs, wallZone));
                }
            }
        } catch (SQLException e) {
            throw failed(table, e);
        }
    }

    /** The lower-cased column names of a table (to write queries that only name columns that exist). */
    Set<String> columns(String table) {
        Set<String> out = new java.util.HashSet<>();
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery("SELECT * FROM " + table + " WHERE 1 = 0")) {
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                out.add(rs.getMetaData().getColumnLabel(i).toLowerCase(java.util.Locale.ROOT));
            }
        } catch (SQLException e) {
            throw failed(table, e);
        }
        return out;
    }

    @Override
    public void close() {
        close(connection);
    }

    private StartupException failed(String table, SQLException e) {
        return new StartupException("Reading table " + table + " of " + dsn.describe() + " failed: "
                                    + clean(e.getMessage(), dsn));
    }

    private static String clean(String message, Dsn dsn) {
        String m = message == null ? "" : message.replaceAll("\\s+", " ").trim();
        String pw = dsn.password().value();
        return pw.length() >= 3 ? m.replace(pw, "****") : m;
    }

    /** The zone MySQL DATETIMEs were written in: the Go driver's {@code loc} (Local = this machine's zone), else UTC. */
    private static ZoneId wallZone(Dsn dsn, String raw) {
        if (dsn.dialect() != Dialect.MYSQL) {
            return ZoneOffset.UTC;
        }
        Matcher m = LOC.matcher(raw);
        if (!m.find()) {
            return ZoneOffset.UTC;
        }
        String loc = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
        if (loc.equalsIgnoreCase("Local")) {
            return ZoneId.systemDefault();
        }
        try {
            return loc.equalsIgnoreCase("UTC") ? ZoneOffset.UTC : ZoneId.of(loc);
        } catch (DateTimeException e) {
            throw new StartupException("--from has loc=" + loc + ", which is not a time zone (e.g. Local, UTC, "
                                       + "Asia/Shanghai).");
        }
    }

    private static void close(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // read-only connection: nothing to lose
        }
    }
}
