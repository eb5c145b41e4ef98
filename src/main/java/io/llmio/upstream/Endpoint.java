package io.llmio.upstream;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * Where a pooled connection goes: the upstream origin and, optionally, the proxy it is reached
 * through. Two requests share a connection only if their endpoints are equal.
 *
 * @param tls       https to the origin
 * @param host      origin host
 * @param port      origin port
 * @param proxy     the proxy, or null for a direct connection
 */
record Endpoint(boolean tls, String host, int port, ProxyAddress proxy) {

    /** How a proxy is spoken to. */
    enum ProxyKind {
        /** an HTTP proxy: absolute-form requests for http, CONNECT tunnels for https */
        HTTP("http"),
        /** an HTTP proxy reached over TLS */
        HTTPS("https"),
        /** SOCKS5 (RFC 1928), the upstream's name resolved here */
        SOCKS5("socks5"),
        /** SOCKS5, the upstream's name resolved by the proxy */
        SOCKS5H("socks5h");

        final String scheme;

        ProxyKind(String scheme) {
            this.scheme = scheme;
        }

        boolean socks() {
            return this == SOCKS5 || this == SOCKS5H;
        }
    }

    /** The user and password of a proxy URL, decoded. Never printed. */
    record Credentials(String user, String password) {
        /** the value of a Proxy-Authorization header */
        String basic() {
            return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return "Credentials[hidden]";
        }
    }

    /**
     * A proxy: {@code http://[user:pass@]host:port}, {@code https://} for TLS to the proxy,
     * {@code socks5://} or {@code socks5h://} (the proxy resolves the upstream's name).
     */
    record ProxyAddress(ProxyKind kind, String host, int port, Credentials credentials) {
        static ProxyAddress parse(String url) {
            URI uri;
            try {
                uri = URI.create(url.trim());
            } catch (IllegalArgumentException e) {
                // URI quotes the whole URL, password included
                throw new IllegalArgumentException("proxy URL is malformed (are user and password percent-encoded?)");
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            ProxyKind kind = null;
            for (ProxyKind k : ProxyKind.values()) {
                if (k.scheme.equals(scheme)) {
                    kind = k;
                }
            }
            if (kind == null) {
                throw new IllegalArgumentException("proxy URL must be http://, https://, socks5:// or socks5h://, got `"
                                                           + scheme + "://`");
            }
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("proxy URL has no host");
            }
            int port = uri.getPort() > 0 ? uri.getPort() : switch (kind) {
                case HTTP -> 80;
                case HTTPS -> 443;
                case SOCKS5, SOCKS5H -> 1080;
            };
            Credentials credentials = null;
            if (uri.getRawUserInfo() != null) {
                String raw = uri.getRawUserInfo();
                int colon = raw.indexOf(':');
                credentials = new Credentials(decode(colon < 0 ? raw : raw.substring(0, colon)),
                                              colon < 0 ? "" : decode(raw.substring(colon + 1)));
                if (kind.socks() && (credentials.user().getBytes(StandardCharsets.UTF_8).length > 255
                        || credentials.password().getBytes(StandardCharsets.UTF_8).length > 255)) {
                    throw new IllegalArgumentException("a SOCKS5 proxy's user and password are at most 255 bytes each");
                }
            }
            return new ProxyAddress(kind, uri.getHost(), port, credentials);
        }

        private static String decode(String s) {
            try {
                return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                // quotes the bad escape, a piece of the password
                throw new IllegalArgumentException("proxy URL has a malformed %-escape in its user or password");
            }
        }

        boolean tls() {
            return kind == ProxyKind.HTTPS;
        }

        @Override
        public String toString() {
            // never the credentials
            return kind.scheme + "://" + host + ":" + port;
        }
    }

    static Endpoint of(URI uri, ProxyAddress proxy) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        // the errors never quote the URL: it may carry a key
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("upstream URL must be http:// or https://, got `" + scheme + "://`");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("upstream URL has no host");
        }
        boolean tls = scheme.equals("https");
        return new Endpoint(tls, uri.getHost(), uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80, proxy);
    }

    /** The Host header value: the port only when it is not the scheme's default. */
    String hostHeader() {
        String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        return port == (tls ? 443 : 80) ? h : h + ":" + port;
    }

    /** The origin's host and port for messages ({@code host:port}, or the proxy's with it). */
    String where() {
        return host + ":" + port + (proxy == null ? "" : " via " + proxy);
    }

    /** An IPv4 or IPv6 address literal (an IPv6 one with or without brackets), not a host name. */
    static boolean ipLiteral(String host) {
        return host.indexOf(':') >= 0 || host.startsWith("[") || host.matches("[0-9.]+");
    }

    /** A plain-HTTP request through an HTTP proxy names the absolute URI; everything else the origin form. */
    boolean absoluteForm() {
        return proxy != null && !proxy.kind().socks() && !tls;
    }
}
