package io.llmio.upstream;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The proxy every provider without a {@code proxy} of its own goes through, from the environment
 * as curl, Go and most tools read it: {@code HTTPS_PROXY} for https upstreams, {@code HTTP_PROXY}
 * for http ones (the upper-case name first, then the lower-case one), except the hosts in
 * {@code NO_PROXY}. A value without a scheme is an http proxy ({@code 127.0.0.1:7890}).
 * {@code NO_PROXY} is a comma list of: {@code *} (nothing goes through the proxy), host names
 * ({@code example.com}, {@code .example.com} and {@code *.example.com} all match the name and
 * every name under it), IP addresses, CIDR ranges ({@code 10.0.0.0/8}, {@code fd00::/8}), each
 * optionally with {@code :port}. As in Go, {@code localhost} and loopback addresses never go
 * through the environment's proxy.
 *
 * @param http    proxy URL for http upstreams, or null
 * @param https   proxy URL for https upstreams, or null
 * @param noProxy the parsed NO_PROXY entries
 */
public record ProxyEnvironment(String http, String https, List<Rule> noProxy) {
    public static final ProxyEnvironment NONE = new ProxyEnvironment(null, null, List.of());

    /** One NO_PROXY entry: a host suffix, or an address range; port 0 = any port. */
    public record Rule(String domain, BigInteger network, int prefix, int bytes, int port) {
        boolean matches(String host, InetAddress ip, int requestPort) {
            if (port != 0 && port != requestPort) {
                return false;
            }
            if (domain != null) {
                return host.equals(domain) || host.endsWith("." + domain);
            }
            if (ip == null || ip.getAddress().length != bytes) {
                return false;
            }
            int shift = bytes * 8 - prefix;
            return new BigInteger(1, ip.getAddress()).shiftRight(shift).equals(network.shiftRight(shift));
        }
    }

    /**
     * Reads the variables from {@code env}; a URL that cannot be used names its variable (and
     * never echoes its value, which may hold a password).
     *
     * @throws IllegalArgumentException for an unusable proxy URL or NO_PROXY entry
     */
    public static ProxyEnvironment from(Map<String, String> env) {
        String http = url(env, "HTTP_PROXY");
        String https = url(env, "HTTPS_PROXY");
        String no = first(env, "NO_PROXY");
        List<Rule> rules = new ArrayList<>();
        if (no != null) {
            for (String entry : no.split(",")) {
                String e = entry.trim().toLowerCase(Locale.ROOT);
                if (!e.isEmpty()) {
                    rules.add(rule(e));
                }
            }
        }
        return new ProxyEnvironment(http, https, List.copyOf(rules));
    }

    private static String first(Map<String, String> env, String name) {
        for (String n : new String[] {name, name.toLowerCase(Locale.ROOT)}) {
            String v = env.get(n);
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }

    private static String url(Map<String, String> env, String name) {
        String v = first(env, name);
        if (v == null) {
            return null;
        }
        String url = v.contains("://") ? v : "http://" + v;
        try {
            Endpoint.ProxyAddress.parse(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " (or " + name.toLowerCase(Locale.ROOT) + "): " + e.getMessage());
        }
        return url;
    }

    private static Rule rule(String e) {
        if (e.equals("*")) {
            return new Rule("", null, 0, 0, 0);
        }
        String hostPart = e;
        int port = 0;
        // host:port, [v6]:port; a bare IPv6 address has several colons and no port
        if (e.startsWith("[")) {
            int close = e.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("NO_PROXY entry `" + e + "` is malformed");
            }
            hostPart = e.substring(1, close);
            port = e.length() > close + 2 && e.charAt(close + 1) == ':' ? port(e, e.substring(close + 2)) : 0;
        } else if (e.indexOf(':') == e.lastIndexOf(':') && e.indexOf(':') > 0) {
            hostPart = e.substring(0, e.indexOf(':'));
            port = port(e, e.substring(e.indexOf(':') + 1));
        }
        int slash = hostPart.indexOf('/');
        if (slash >= 0 || Endpoint.ipLiteral(hostPart)) {
            String addr = slash < 0 ? hostPart : hostPart.substring(0, slash);
            InetAddress a;
            try {
                a = InetAddress.getByName(addr); // a literal: no lookup
            } catch (UnknownHostException ex) {
                throw new IllegalArgumentException("NO_PROXY entry `" + e + "` is not an address");
            }
            int bits = a.getAddress().length * 8;
            int prefix = bits;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(hostPart.substring(slash + 1));
                } catch (NumberFormatException ex) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > bits) {
                    throw new IllegalArgumentException("NO_PROXY entry `" + e + "` has an invalid prefix length");
                }
            }
            return new Rule(null, new BigInteger(1, a.getAddress()), prefix, a.getAddress().length, port);
        }
        String domain = hostPart.startsWith("*.") ? hostPart.substring(2) : hostPart.startsWith(".") ? hostPart.substring(1)
                : hostPart;
        return new Rule(domain, null, 0, 0, port);
    }

    private static int port(String entry, String p) {
        try {
            int port = Integer.parseInt(p);
            if (port > 0 && port < 65536) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // below
        }
        throw new IllegalArgumentException("NO_PROXY entry `" + entry + "` has an invalid port");
    }

    /** The proxy URL for a request to {@code uri}, or null for a direct connection. */
    public String proxyFor(URI uri) {
        boolean tls = "https".equalsIgnoreCase(uri.getScheme());
        String proxy = tls ? https : http;
        if (proxy == null || uri.getHost() == null) {
            return null;
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        InetAddress ip = null;
        if (Endpoint.ipLiteral(host)) {
            try {
                ip = InetAddress.getByName(host);
            } catch (UnknownHostException ignored) {
                // not an address after all
            }
        }
        if (host.equals("localhost") || ip != null && ip.isLoopbackAddress()) {
            return null;
        }
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        for (Rule r : noProxy) {
            if ("".equals(r.domain()) || r.matches(host, ip, port)) {
                return null;
            }
        }
        return proxy;
    }

    /** Never the proxy URLs' credentials. */
    @Override
    public String toString() {
        return "ProxyEnvironment[http=" + (http == null ? "none" : Endpoint.ProxyAddress.parse(http))
                + ", https=" + (https == null ? "none" : Endpoint.ProxyAddress.parse(https)) + ", noProxy=" + noProxy.size()
                + " entries]";
    }
}
