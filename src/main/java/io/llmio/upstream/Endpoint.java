package io.llmio.upstream;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where a pooled connection goes: the upstream origin and, optionally, the HTTP proxy it is
 * reached through. Two requests share a connection only if their endpoints are equal.
 *
 * @param tls       https to the origin
 * @param host      origin host
 * @param port      origin port
 * @param proxy     the proxy, or null for a direct connection
 */
record Endpoint(boolean tls, String host, int port, ProxyAddress proxy) {

    /** An HTTP proxy ({@code http://[user:pass@]host:port}, or {@code https://} for TLS to the proxy). */
    record ProxyAddress(boolean tls, String host, int port, String authorization) {
        static ProxyAddress parse(String url) {
            URI uri;
            try {
                uri = URI.create(url.trim());
            } catch (IllegalArgumentException e) {
                // URI quotes the whole URL, password included
                throw new IllegalArgumentException("proxy URL is malformed (are user and password percent-encoded?)");
            }
            Origin origin = Origin.of(uri, "proxy URL");
            String auth = null;
            if (uri.getRawUserInfo() != null) {
                String userInfo;
                try {
                    userInfo = java.net.URLDecoder.decode(uri.getRawUserInfo().replace("+", "%2B"), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    // quotes the bad escape, a piece of the password
                    throw new IllegalArgumentException("proxy URL has a malformed %-escape in its user or password");
                }
                auth = "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
            }
            return new ProxyAddress(origin.tls(), origin.host(), origin.port(), auth);
        }

        @Override
        public String toString() {
            // never the credentials
            return (tls ? "https://" : "http://") + host + ":" + port;
        }
    }

    static Endpoint of(URI uri, ProxyAddress proxy) {
        Origin origin = Origin.of(uri, "upstream URL");
        return new Endpoint(origin.tls(), origin.host(), origin.port(), proxy);
    }

    /** Scheme, host and port of an http(s) URL, the default port filled in. */
    private record Origin(boolean tls, String host, int port) {
        /** {@code what} names the URL in errors, which never quote it (it may carry a password or a key) */
        static Origin of(URI uri, String what) {
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalArgumentException(what + " must be http:// or https://, got `" + scheme + "://`");
            }
            if (uri.getHost() == null) {
                throw new IllegalArgumentException(what + " has no host");
            }
            boolean tls = scheme.equals("https");
            return new Origin(tls, uri.getHost(), uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80);
        }
    }

    /** The Host header value: the port only when it is not the scheme's default. */
    String hostHeader() {
        String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        return port == (tls ? 443 : 80) ? h : h + ":" + port;
    }

    /** A plain-HTTP request through a proxy names the absolute URI; everything else the origin form. */
    boolean absoluteForm() {
        return proxy != null && !tls;
    }
}
