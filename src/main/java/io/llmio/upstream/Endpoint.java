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
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalArgumentException("proxy URL must be http:// or https://, got `" + scheme + "://`");
            }
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("proxy URL has no host");
            }
            boolean tls = scheme.equals("https");
            int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
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
            return new ProxyAddress(tls, uri.getHost(), port, auth);
        }

        @Override
        public String toString() {
            // never the credentials
            return (tls ? "https://" : "http://") + host + ":" + port;
        }
    }

    static Endpoint of(URI uri, ProxyAddress proxy) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("upstream URL must be http:// or https://, got `" + scheme + "://`");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("upstream URL has no host");
        }
        boolean tls = scheme.equals("https");
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        return new Endpoint(tls, uri.getHost(), port, proxy);
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
