package io.llmio.store;

import io.llmio.errors.StartupException;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.regex.Pattern;

/** Classifies JDBC failures: startup problems an operator can fix, and unique-key clashes. */
final class DatabaseErrors {
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_\\-]{1,63}");

    private DatabaseErrors() {
    }

    static SQLException sqlCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException s) {
                return s;
            }
        }
        return null;
    }

    /** A duplicate key: SQLState 23505 (PostgreSQL, H2) or MySQL error 1062. */
    static boolean isUniqueViolation(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException s && ("23505".equals(s.getSQLState()) || s.getErrorCode() == 1062)) {
                return true;
            }
        }
        return false;
    }

    static boolean isUnknownDatabase(Dialect dialect, Throwable t) {
        SQLException s = sqlCause(t);
        if (s == null) {
            return false;
        }
        return switch (dialect) {
            case POSTGRES -> "3D000".equals(s.getSQLState());
            case MYSQL -> s.getErrorCode() == 1049;
            case EMBEDDED -> false;
        };
    }

    /** Creates the DSN's database with the DSN's own user; false (and a clear startup error later) when it may not. */
    static boolean createDatabase(Dsn dsn) {
        String name = dsn.database();
        if (!SAFE_NAME.matcher(name).matches()) {
            return false;
        }
        String admin = dsn.dialect() == Dialect.POSTGRES ? "postgres" : "";
        String sql = dsn.dialect() == Dialect.POSTGRES
                ? "CREATE DATABASE \"" + name + "\""
                : "CREATE DATABASE IF NOT EXISTS `" + name + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin";
        Properties props = new Properties();
        if (dsn.user() != null) {
            props.setProperty("user", dsn.user());
            props.setProperty("password", dsn.password().value());
        }
        try (Connection c = DriverManager.getConnection(dsn.withDatabase(admin).jdbcUrl(), props);
                Statement st = c.createStatement()) {
            st.execute(sql);
            return true;
        } catch (SQLException e) {
            // another instance may have created it meanwhile: the retry will tell
            return "42P04".equals(e.getSQLState()) || e.getErrorCode() == 1007;
        }
    }

    static StartupException startup(Dsn dsn, Throwable e) {
        SQLException s = sqlCause(e);
        String reason = oneLine(s == null ? String.valueOf(e.getMessage()) : s.getMessage(), dsn);
        String state = s == null || s.getSQLState() == null ? "" : s.getSQLState();
        int code = s == null ? 0 : s.getErrorCode();
        String where = dsn.describe();
        String msg;
        if (dsn.dialect() == Dialect.EMBEDDED) {
            msg = code == 90020
                    ? "The embedded database " + dsn.database() + " is in use by another process (another llmio in this "
                      + "working directory?). Stop it, run from another directory, or set DATABASE_TYPE and DATABASE_DSN "
                      + "to share a PostgreSQL or MySQL database."
                    : "Cannot open the embedded database " + dsn.database() + ": " + reason + ". Check that ./data/ is "
                      + "writable, or set DATABASE_TYPE and DATABASE_DSN to use PostgreSQL or MySQL.";
        } else if (isUnknownDatabase(dsn.dialect(), e)) {
            msg = "The database '" + dsn.database() + "' does not exist on " + dsn.dialect() + " " + dsn.host() + ":"
                  + dsn.port() + " and the user could not create it. Create it (CREATE DATABASE " + dsn.database()
                  + ") or fix the database name in DATABASE_DSN.";
        } else if (state.startsWith("28") || code == 1045 || code == 1044 || code == 1698) {
            msg = where + " refused the login of user '" + (dsn.user() == null ? "?" : dsn.user()) + "' (" + reason
                  + "). Fix the user and password in DATABASE_DSN.";
        } else if (state.startsWith("08") || reason.contains("Connection refused")) {
            msg = "Cannot reach the " + dsn.dialect() + " server at " + dsn.host() + ":" + dsn.port() + " (" + reason
                  + "). Check that it is running and that the host and port in DATABASE_DSN are right (DATABASE_TYPE is "
                  + dsn.dialect() + ").";
        } else {
            msg = "Cannot open the database " + where + ": " + reason + ". Check DATABASE_DSN and DATABASE_TYPE.";
        }
        return new StartupException(msg, e);
    }

    /** A driver message as one line, with the password (if any) cut out. */
    static String oneLine(String message, Dsn dsn) {
        String m = message == null ? "" : message.replaceAll("\\s+", " ").trim();
        String pw = dsn.password().value();
        if (pw.length() >= 3) {
            m = m.replace(pw, "****");
        }
        if (m.endsWith(".")) {
            m = m.substring(0, m.length() - 1);
        }
        return m;
    }
}
