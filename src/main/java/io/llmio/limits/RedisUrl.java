package io.llmio.limits;

import io.llmio.config.StartupException;
import io.llmio.registry.Secret;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A parsed {@code REDIS_URL}: {@code redis://[user:pass@]host:port/db} ({@code rediss://} for
 * TLS; port defaults to 6379 and db to 0). {@link #toString()} masks the password.
 */
public record RedisUrl(boolean tls, String user, Secret password, String host, int port, int database) {

    public RedisUrl {
        user = user == null ? "" : user;
        password = password == null ? Secret.of("") : password;
    }

    /** Parses and validates; a bad value is a {@link StartupException} naming REDIS_URL. */
    public static RedisUrl parse(String value) {
        String shown = masked(value);
        URI uri;
        try {
            uri = new URI(value.strip());
        } catch (URISyntaxException e) {
            throw bad(shown, "it is not a valid URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equals("redis") || scheme.equals("rediss"))) {
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
        int db = 0;
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (!path.isEmpty() && !path.equals("/")) {
            String digits = path.substring(1);
            if (!digits.matches("\\d{1,5}")) {
                throw bad(shown, "the path must be a database number such as /0");
            }
            db = Integer.parseInt(digits);
        }
        String user = "";
        String password = "";
        String info = uri.getRawUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon), shown);
            password = colon < 0 ? "" : decode(info.substring(colon + 1), shown);
            if (colon < 0) { // redis://secret@host is the common "password only" form
                password = user;
                user = "";
            }
        }
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
                                                     : uri.getHost();
        return new RedisUrl(scheme.equals("rediss"), user, Secret.of(password), host, port, db);
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

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String decode(String s, String shown) {
        try {
            return decode(s);
        } catch (IllegalArgumentException e) {
            throw bad(shown, "the user or password has a malformed %-escape");
        }
    }

    private static StartupException bad(String shown, String why) {
        return new StartupException("REDIS_URL \"" + shown + "\" is not usable: " + why
                + ". Expected redis://[user:pass@]host:port/db, e.g. redis://127.0.0.1:6379/0,"
                + " or unset REDIS_URL to keep limits in memory.");
    }
}
