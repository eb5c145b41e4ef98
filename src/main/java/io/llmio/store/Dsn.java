package io.llmio.store;

import io.llmio.errors.StartupException;
import io.llmio.registry.Secret;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the database is: parsed from {@code DATABASE_TYPE} and {@code DATABASE_DSN} (SPEC §1).
 * {@code host}/{@code port} are null/0 for embedded; {@code database} is the database name, or the
 * file path for embedded. The password is kept out of {@link #jdbcUrl()} and never printed.
 */
public record Dsn(Dialect dialect, String jdbcUrl, String user, Secret password, String host, int port, String database) {
    /** CACHE_SIZE (KB): a 2 MB page cache instead of 16 MB, for shorter GC pauses (docs/design-notes.md). */
    static final String EMBEDDED_OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;CACHE_SIZE=2048";
    static final String EXPECTED = "Expected DATABASE_DSN forms: postgres://user:pass@host:5432/db?sslmode=disable "
            + "(or postgresql://...), the Go-style MySQL DSN user:pass@tcp(host:3306)/db?parseTime=True, "
            + "mysql://user:pass@host:3306/db, or a JDBC URL such as jdbc:postgresql://host:5432/db or "
            + "jdbc:mysql://host:3306/db; in URL forms, special characters in user or password must be "
            + "percent-encoded. DATABASE_TYPE is postgres, mysql or embedded (embedded needs no DSN and keeps "
            + "its data in ./data/).";

    private static final Pattern URL_FORM = Pattern.compile(
            "^(postgres|postgresql|mysql|mariadb)://(?:([^:@/]*)(?::(.*))?@)?(\\[[^\\]]*\\]|[^:/?\\[\\]]*)(?::([^/?]*))?(?:/([^?]*))?(?:\\?(.*))?$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern GO_FORM = Pattern.compile(
            "^(?:([^:@/]*)(?::(.*))?@)?(?:(tcp|unix)(?:\\(([^)]*)\\))?)?/([^?/]*)(?:\\?(.*))?$");
    private static final Pattern JDBC_FORM = Pattern.compile(
            "^jdbc:(postgresql|mysql|mariadb)://(\\[[^\\]]*\\]|[^:/?]*)(?::(\\d+))?(?:/([^?]*))?(\\?.*)?$",
            Pattern.CASE_INSENSITIVE);

    /** The embedded default: an H2 file database at {@code <workDir>/data/llmio}. */
    public static Dsn embedded(Path workDir) {
        Path file = workDir.toAbsolutePath().normalize().resolve("data").resolve("llmio");
        return new Dsn(Dialect.EMBEDDED, "jdbc:h2:file:" + file + EMBEDDED_OPTIONS, "sa", Secret.of(""), null, 0,
                       file.toString());
    }

    /** Parses the settings with the current working directory for the embedded database. */
    public static Dsn parse(String type, String dsn) {
        return parse(type, dsn, Path.of("").toAbsolutePath());
    }

    public static Dsn parse(String type, String dsn, Path workDir) {
        String raw = dsn == null ? "" : dsn.trim();
        Dialect dialect = dialect(type, raw);
        if (dialect == Dialect.EMBEDDED) {
            if (raw.isEmpty()) {
                return embedded(workDir);
            }
            if (raw.regionMatches(true, 0, "jdbc:h2:", 0, 8)) {
                return new Dsn(Dialect.EMBEDDED, raw, "sa", Secret.of(""), null, 0, raw.substring(8).split(";")[0]);
            }
            throw bad("DATABASE_TYPE is embedded, but DATABASE_DSN is set to a server DSN: unset DATABASE_DSN for the "
                      + "embedded database (or give a jdbc:h2: URL), or set DATABASE_TYPE to postgres or mysql");
        }
        if (raw.isEmpty()) {
            throw bad("DATABASE_TYPE is " + dialect + " but DATABASE_DSN is not set");
        }
        if (raw.regionMatches(true, 0, "jdbc:", 0, 5)) {
            return fromJdbc(dialect, raw);
        }
        Matcher url = URL_FORM.matcher(raw);
        if (url.matches()) {
            return fromUrl(dialect, url);
        }
        Matcher go = GO_FORM.matcher(raw);
        if (dialect == Dialect.MYSQL && go.matches()) {
            return fromGo(go);
        }
        throw bad("DATABASE_DSN is not a " + dialect + " DSN this server understands");
    }

    /** {@code postgres 127.0.0.1:5432/llmio} or {@code embedded /srv/data/llmio}: safe to print. */
    public String describe() {
        return dialect == Dialect.EMBEDDED ? "embedded " + database : dialect + " " + host + ":" + port + "/" + database;
    }

    /**
     * This DSN written the way the original llmio takes it (a {@code postgres://} URL, or Go's MySQL form), with
     * {@code <password>} in place of a password: safe to print in a command for the operator to complete.
     */
    public String commandForm() {
        String secret = password.isEmpty() ? "" : ":<password>";
        return switch (dialect) {
            case POSTGRES -> "postgres://" + (user == null ? ""
                    : java.net.URLEncoder.encode(user, StandardCharsets.UTF_8).replace("+", "%20") + secret + "@")
                    + host + ":" + port + "/" + database;
            case MYSQL -> (user == null ? "" : user + secret + "@") + "tcp(" + host + ":" + port + ")/" + database;
            case EMBEDDED -> jdbcUrl;
        };
    }

    /** The same server and credentials, another database (used to create a missing one). */
    Dsn withDatabase(String other) {
        Matcher m = JDBC_FORM.matcher(jdbcUrl);
        if (!m.matches()) {
            throw new IllegalStateException("not a server URL: " + describe());
        }
        String url = "jdbc:" + m.group(1) + "://" + m.group(2) + (m.group(3) == null ? "" : ":" + m.group(3)) + "/" + other
                + (m.group(5) == null ? "" : m.group(5));
        return new Dsn(dialect, url, user, password, host, port, other);
    }

    @Override
    public String toString() {
        return describe();
    }

    private static Dialect dialect(String type, String raw) {
        String t = type == null ? "" : type.trim().toLowerCase(Locale.ROOT);
        Dialect inferred = infer(raw);
        Dialect chosen = switch (t) {
            case "" -> inferred;
            case "postgres", "postgresql", "pg" -> Dialect.POSTGRES;
            case "mysql", "mariadb" -> Dialect.MYSQL;
            case "embedded", "h2" -> Dialect.EMBEDDED;
            default -> throw new StartupException("DATABASE_TYPE '" + type.trim() + "' is not supported: use postgres, "
                                                  + "mysql or embedded (or leave it unset). " + EXPECTED);
        };
        if (!raw.isEmpty() && chosen != Dialect.EMBEDDED && inferred != Dialect.EMBEDDED && inferred != chosen) {
            throw bad("DATABASE_TYPE is " + chosen + " but DATABASE_DSN looks like a " + inferred
                      + " DSN: make the two agree");
        }
        return chosen;
    }

    private static Dialect infer(String raw) {
        String l = raw.toLowerCase(Locale.ROOT);
        if (l.isEmpty() || l.startsWith("jdbc:h2:")) {
            return Dialect.EMBEDDED;
        }
        if (l.startsWith("jdbc:mysql:") || l.startsWith("jdbc:mariadb:") || l.startsWith("mysql://")
            || l.startsWith("mariadb://")) {
            return Dialect.MYSQL;
        }
        if (!l.contains("://") && GO_FORM.matcher(raw).matches()) {
            return Dialect.MYSQL;
        }
        return Dialect.POSTGRES;
    }

    private static Dsn fromJdbc(Dialect dialect, String raw) {
        Matcher m = JDBC_FORM.matcher(raw);
        if (!m.matches()) {
            throw bad("DATABASE_DSN is a JDBC URL of an unsupported database or shape (only jdbc:postgresql://, "
                      + "jdbc:mysql://, jdbc:mariadb:// and jdbc:h2: are supported)");
        }
        String sub = m.group(1).toLowerCase(Locale.ROOT);
        String url = sub.equals("mariadb") ? "jdbc:mysql:" + raw.substring("jdbc:mariadb:".length()) : raw;
        String host = m.group(2).isEmpty() ? "localhost" : m.group(2);
        int port = m.group(3) == null ? defaultPort(dialect) : Integer.parseInt(m.group(3));
        String db = m.group(4) == null ? "" : m.group(4);
        // user and password, when present, stay in the URL's own parameters (the driver reads them)
        return new Dsn(dialect, url, null, Secret.of(""), host, port, db);
    }

    private static Dsn fromUrl(Dialect dialect, Matcher m) {
        String user = decode(m.group(2));
        String pass = decode(m.group(3));
        String host = m.group(4).isEmpty() ? "localhost" : m.group(4);
        int port = port(m.group(5), dialect);
        String db = m.group(6) == null || m.group(6).isEmpty() ? "llmio" : decode(m.group(6));
        String query = dialect == Dialect.MYSQL ? DsnParams.mysql(m.group(7)) : DsnParams.postgres(m.group(7));
        String sub = dialect == Dialect.MYSQL ? "mysql" : "postgresql";
        String url = "jdbc:" + sub + "://" + host + ":" + port + "/" + db + (query.isEmpty() ? "" : "?" + query);
        return new Dsn(dialect, url, emptyToNull(user), Secret.of(pass == null ? "" : pass), host, port, db);
    }

    private static Dsn fromGo(Matcher m) {
        String user = m.group(1);
        String pass = m.group(2);
        if ("unix".equals(m.group(3))) {
            throw bad("DATABASE_DSN uses a unix socket (unix(...)), which the Java driver cannot open: use tcp(host:port)");
        }
        String address = m.group(4) == null || m.group(4).isEmpty() ? "127.0.0.1:3306" : m.group(4);
        int colon = address.lastIndexOf(':');
        boolean hasPort = colon > 0 && !address.endsWith("]");
        String host = hasPort ? address.substring(0, colon) : address;
        int port = hasPort ? port(address.substring(colon + 1), Dialect.MYSQL) : 3306;
        String db = m.group(5).isEmpty() ? "llmio" : m.group(5);
        String query = DsnParams.mysql(m.group(6));
        String url = "jdbc:mysql://" + host + ":" + port + "/" + db + (query.isEmpty() ? "" : "?" + query);
        return new Dsn(Dialect.MYSQL, url, emptyToNull(user), Secret.of(pass == null ? "" : pass), host, port, db);
    }

    private static int port(String s, Dialect dialect) {
        if (s == null || s.isEmpty()) {
            return defaultPort(dialect);
        }
        try {
            int p = Integer.parseInt(s);
            if (p > 0 && p < 65536) {
                return p;
            }
        } catch (NumberFormatException ignored) {
            // reported below without echoing the value (it could be part of a mistyped password)
        }
        throw bad("DATABASE_DSN has a port that is not a number between 1 and 65535");
    }

    private static int defaultPort(Dialect dialect) {
        return dialect == Dialect.MYSQL ? 3306 : 5432;
    }

    private static String decode(String s) {
        if (s == null) {
            return null;
        }
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw bad("DATABASE_DSN has an invalid %-escape in its user, password or database");
        }
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static StartupException bad(String what) {
        return new StartupException(what + ". " + EXPECTED);
    }
}
