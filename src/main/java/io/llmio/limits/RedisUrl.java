package io.llmio.limits;

import io.llmio.errors.StartupException;
import io.llmio.registry.Secret;

import java.net.URI;
import java.net.URISyntaxException;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * A parsed {@code REDIS_URL}: {@code redis://[[user]:pass@]host:port/db} ({@code rediss://} for
 * TLS; port defaults to 6379 and db to 0), read as Jedis reads it. {@link #toString()} masks the
 * password.
 */
public record RedisUrl(boolean tls, String user, Secret password, String host, int port, int database) {

    public RedisUrl {
        user = user == null ? "" : user;
        password = password == null ? Secret.of("") : password;
    }

    /**
     * Parses and validates with Jedis's own URI reading ({@link JedisURIHelper}), so the user,
     * password and database are exactly what {@code RedisClient.create(URI)} would use; only the
     * defaults (port 6379, db 0) and the checks with their messages are ours. A bad value is a
     * {@link StartupException} naming REDIS_URL, with the password masked.
     */
    public static RedisUrl parse(String value) {
        String shown = masked(value);
        URI uri;
        try {
            uri = new URI(value.strip());
        } catch (URISyntaxException e) {
            throw bad(shown, "it is not a valid URL (" + e.getReason() + ")");
        }
        if (!JedisURIHelper.isRedisScheme(uri) && !JedisURIHelper.isRedisSSLScheme(uri)) {
            throw bad(shown, "the scheme must be redis:// or rediss://");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw bad(shown, "the host is missing or not a valid host name");
        }
        if (uri.getQuery() != null || uri.getFragment() != null) {
            throw bad(shown, "query strings and fragments are not supported");
        }
        int port = uri.getPort() == -1 ? 6379 : uri.getPort();
        if (port < 1 || port > 65535) {
            throw bad(shown, "the port must be between 1 and 65535");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (!path.isEmpty() && !path.equals("/") && !path.substring(1).matches("\\d{1,5}")) {
            throw bad(shown, "the path must be a database number such as /0");
        }
        int db = JedisURIHelper.hasDbIndex(uri) ? JedisURIHelper.getDBIndex(uri) : 0;
        String user = JedisURIHelper.getUser(uri);
        String password;
        try {
            password = JedisURIHelper.getPassword(uri);
        } catch (IllegalArgumentException e) { // redis://name@host: Jedis reads a user and no password
            throw bad(shown, "Jedis reads the part before @ as a user name and finds no password"
                    + " (write redis://:password@host for a password alone, or redis://user:password@host)");
        }
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
                                                     : uri.getHost();
        return new RedisUrl(JedisURIHelper.isRedisSSLScheme(uri), user, password == null ? null : Secret.of(password),
                host, port, db);
    }

    /**
     * The URL with any password replaced by {@code ****}: safe for logs and errors. A value that is
     * not a URL at all is shown as {@code ****}.
     */
    public static String masked(String value) {
        if (value == null) {
            return "";
        }
        int start = value.indexOf("://");
        if (start < 0) {
            return "****"; // not a URL at all: it may be a bare password, so show none of it
        }
        int at = value.lastIndexOf('@');
        if (at < start) {
            return value;
        }
        String info = value.substring(start + 3, at);
        int colon = info.indexOf(':');
        String shownInfo = colon < 0 ? "****" : info.substring(0, colon) + ":****";
        return value.substring(0, start + 3) + shownInfo + value.substring(at);
    }

    @Override
    public String toString() {
        String auth = password.isEmpty() ? (user.isEmpty() ? "" : user + "@") : user + ":****@";
        String h = host.contains(":") ? "[" + host + "]" : host;
        return (tls ? "rediss://" : "redis://") + auth + h + ":" + port + "/" + database;
    }

    private static StartupException bad(String shown, String why) {
        return new StartupException("REDIS_URL \"" + shown + "\" is not usable: " + why
                + ". Expected redis://[user:pass@]host:port/db, e.g. redis://127.0.0.1:6379/0,"
                + " or unset REDIS_URL to keep limits in memory.");
    }
}
