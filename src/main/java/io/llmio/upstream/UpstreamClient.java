package io.llmio.upstream;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SSLSocketFactory;

/**
 * The outbound HTTP/1.1 client: keep-alive connections pooled per upstream (and proxy), capped per
 * upstream with a bounded wait queue, TCP_NODELAY on (a streamed event must not wait for Nagle),
 * TLS with host name verification, SNI and ALPN {@code http/1.1}, HTTP proxies (absolute-form for
 * http, CONNECT tunnels for https, Basic auth after a 407), SOCKS5 proxies (RFC 1928/1929), the
 * environment's proxy as the default, gzip and deflate bodies decoded, no redirects, no
 * 100-continue, a per request idle timeout, failures labelled by what failed
 * ({@link UpstreamException}). docs/upstream-client.md lists each behaviour with its test. Blocking sockets: the calling virtual thread parks on them, no hand-off
 * to another thread between the socket and the relay. Knows no LLM protocol.
 */
public final class UpstreamClient implements AutoCloseable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** below the keep-alive timeout of common upstream front ends, so a pooled connection is rarely stale */
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_IDLE_PER_UPSTREAM = 256;
    /** framing and routing headers this client writes itself (lower case): never taken from the caller */
    private static final Set<String> SET_BY_CLIENT = Set.of("host", "content-length", "transfer-encoding", "connection",
                                                            "accept-encoding", "proxy-authorization");

    private final ConnectionPool pool;
    private final Duration connectTimeout;
    private final SSLSocketFactory tls;
    private final ProxyEnvironment environment;
    private final ProxyAuth proxyAuth = new ProxyAuth();
    private final Map<String, Endpoint.ProxyAddress> proxies = new ConcurrentHashMap<>();

    /**
     * The cap on open connections per upstream (host, port and proxy), idle or busy.
     *
     * @param maxConnections open connections per upstream; 0 = no cap here (the settings give it
     *                       the listener's connection cap then: {@link #orCap})
     * @param queue          requests that may wait for one when all are busy; more get OVERLOADED at once
     * @param queueTimeout   the longest a request waits in the queue before it gets OVERLOADED
     */
    public record Limits(int maxConnections, int queue, Duration queueTimeout) {
        public static final int DEFAULT_MAX_CONNECTIONS = 0;
        public static final int DEFAULT_QUEUE = 1024;
        public static final int DEFAULT_QUEUE_TIMEOUT_SECONDS = 10;
        public static final Limits DEFAULTS = new Limits(DEFAULT_MAX_CONNECTIONS, DEFAULT_QUEUE,
                                                         Duration.ofSeconds(DEFAULT_QUEUE_TIMEOUT_SECONDS));

        /** These limits, with {@code cap} as the cap when none is set (0). */
        public Limits orCap(int cap) {
            return maxConnections > 0 ? this : new Limits(cap, queue, queueTimeout);
        }
    }

    public UpstreamClient() {
        this(Limits.DEFAULTS, ProxyEnvironment.NONE);
    }

    /** {@code environment}: the proxy of providers that have none of their own (HTTP_PROXY, HTTPS_PROXY, NO_PROXY). */
    public UpstreamClient(Limits limits, ProxyEnvironment environment) {
        this(CONNECT_TIMEOUT, IDLE_TIMEOUT, (SSLSocketFactory) SSLSocketFactory.getDefault(), limits, environment);
    }

    UpstreamClient(Duration connectTimeout, Duration idleTimeout) {
        this(connectTimeout, idleTimeout, (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    /** {@code tls} makes the TLS sockets (tests pass one that trusts their own certificate). */
    UpstreamClient(Duration connectTimeout, Duration idleTimeout, SSLSocketFactory tls) {
        this(connectTimeout, idleTimeout, tls, Limits.DEFAULTS, ProxyEnvironment.NONE);
    }

    UpstreamClient(Duration connectTimeout, Duration idleTimeout, SSLSocketFactory tls, Limits limits,
                   ProxyEnvironment environment) {
        this.connectTimeout = connectTimeout;
        this.tls = tls;
        this.environment = environment;
        this.pool = new ConnectionPool(MAX_IDLE_PER_UPSTREAM, idleTimeout, limits);
    }

    /** One request to send upstream. {@code proxy} is an http(s) URL or empty. */
    public record Request(String method, URI uri, Map<String, String> headers, byte[] body, Duration timeout,
                          String proxy) {
        /** Method and upstream only: the headers hold API keys, the proxy URL may hold a password. */
        @Override
        public String toString() {
            return "Request[" + method + " " + uri.getScheme() + "://" + uri.getHost()
                    + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + uri.getRawPath()
                    + (proxy == null || proxy.isBlank() ? "" : " via a proxy") + "]";
        }
    }

    /**
     * Sends the request and returns once the status line and headers arrived. {@code timeout} is
     * the idle read timeout (so it bounds the time to headers, and then the gap between bytes).
     * Close the returned response to abort the upstream call at once. The body of a response
     * compressed with gzip or deflate is decoded ({@link UpstreamResponse#contentEncoding()}).
     *
     * @throws UpstreamException if the upstream cannot be reached or does not answer in time,
     *                           labelled by what failed
     * @throws IllegalArgumentException for a URL or header that cannot be sent
     */
    public UpstreamResponse send(Request r) {
        return send(r, new Cancellation());
    }

    /** {@link #send(Request)} that {@code cancel} can stop from another thread, up to the end of the body. */
    public UpstreamResponse send(Request r, Cancellation cancel) {
        Endpoint endpoint = Endpoint.of(r.uri(), proxy(r));
        Endpoint.ProxyAddress forwardProxy = endpoint.absoluteForm() ? endpoint.proxy() : null;
        boolean withCredentials = forwardProxy != null && proxyAuth.preemptive(forwardProxy);
        byte[] head = head(r, endpoint, withCredentials);
        boolean isHead = r.method().equals("HEAD");
        Connection c = pool.take(endpoint, cancel);
        while (true) {
            boolean reused = c != null;
            boolean wrote = false;
            try {
                if (c == null) {
                    c = open(endpoint);
                }
                cancel.attach(c);
                c.watch(r.timeout());
                c.write(head, r.body());
                wrote = true;
                ResponseHead h = ResponseHead.read(c, isHead);
                if (h.status() == 407 && forwardProxy != null) {
                    // the HTTP proxy's answer, not the upstream's
                    c.close();
                    List<String> challenges = h.all("proxy-authenticate");
                    if (!proxyAuth.retry(forwardProxy, withCredentials, challenges)) {
                        throw ProxyAuth.failed(forwardProxy, withCredentials, challenges);
                    }
                    withCredentials = true;
                    head = head(r, endpoint, true);
                    c = pool.take(endpoint, cancel);
                    continue;
                }
                return new UpstreamResponse(h, c, pool, cancel);
            } catch (IOException e) {
                if (c != null) {
                    c.close();
                }
                if (cancel.cancelled()) {
                    throw new UpstreamException(UpstreamException.Kind.CANCELLED, endpoint.where(), e);
                }
                if (reused && !c.answered() && stale(e)) {
                    // the upstream closed the idle connection before it saw this request: once more
                    c = pool.take(endpoint, cancel);
                    continue;
                }
                throw UpstreamException.exchange(e, wrote, endpoint.where(), r.timeout());
            } catch (RuntimeException e) {
                if (c != null) {
                    c.close();
                }
                throw e;
            }
        }
    }

    private Connection open(Endpoint endpoint) {
        Connection c;
        try {
            c = Connection.open(endpoint, connectTimeout, tls, proxyAuth);
        } catch (RuntimeException e) {
            pool.openFailed(endpoint);
            throw e;
        }
        pool.opened(c);
        return c;
    }

    /**
     * How a pooled connection closed by the peer while idle fails (EOF at the status line, reset,
     * broken pipe), if not one byte of answer came. A timeout is not: the upstream was slow.
     */
    private static boolean stale(IOException e) {
        return e instanceof EOFException && "connection closed by upstream".equals(e.getMessage())
                || e instanceof SocketException && !(e instanceof SocketTimeoutException);
    }

    private byte[] head(Request r, Endpoint e, boolean proxyCredentials) {
        URI uri = r.uri();
        if (!token(r.method())) {
            throw new IllegalArgumentException("method `" + r.method() + "` is not a valid HTTP token");
        }
        StringBuilder sb = new StringBuilder(512);
        sb.append(r.method()).append(' ');
        if (e.absoluteForm()) {
            sb.append("http://").append(e.hostHeader());
        }
        String path = uri.getRawPath();
        sb.append(path == null || path.isEmpty() ? "/" : path);
        if (uri.getRawQuery() != null) {
            sb.append('?').append(uri.getRawQuery());
        }
        sb.append(" HTTP/1.1\r\nHost: ").append(e.hostHeader()).append("\r\n");
        // later entries win over earlier ones of the same name, whatever its case
        Map<String, Map.Entry<String, String>> fields = new LinkedHashMap<>();
        r.headers().forEach((k, v) -> fields.put(k.toLowerCase(Locale.ROOT), Map.entry(k, v)));
        fields.keySet().removeAll(SET_BY_CLIENT);
        for (Map.Entry<String, String> f : fields.values()) {
            field(sb, f.getKey(), f.getValue());
        }
        sb.append("Accept-Encoding: identity\r\n");
        if (proxyCredentials) {
            field(sb, "Proxy-Authorization", e.proxy().credentials().basic());
        }
        if (r.body() != null || r.method().equals("POST") || r.method().equals("PUT")) {
            sb.append("Content-Length: ").append(r.body() == null ? 0 : r.body().length).append("\r\n");
        }
        sb.append("\r\n");
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void field(StringBuilder sb, String name, String value) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty header name");
        }
        if (!token(name)) {
            throw new IllegalArgumentException("header name `" + name + "` is not a valid HTTP token");
        }
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch == '\r' || ch == '\n' || ch == 0) {
                throw new IllegalArgumentException("header `" + name + "` has a line break in its value");
            }
        }
        sb.append(name).append(": ").append(value).append("\r\n");
    }

    /** RFC 9110 token: a method or a header name. */
    private static boolean token(String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch <= ' ' || ch >= 127 || "()<>@,;:\\\"/[]?={}".indexOf(ch) >= 0) {
                return false;
            }
        }
        return !s.isEmpty();
    }

    /**
     * Checks a provider's proxy URL as it is saved: http, https, socks5 or socks5h, a host, and
     * credentials that decode; the message never quotes the URL (it may hold a password).
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static void checkProxy(String url) {
        Endpoint.ProxyAddress.parse(url);
    }

    /** The request's own proxy, else the environment's for its URL, else none (null). */
    private Endpoint.ProxyAddress proxy(Request r) {
        String url = r.proxy() == null || r.proxy().isBlank() ? environment.proxyFor(r.uri()) : r.proxy();
        if (url == null) {
            return null;
        }
        return proxies.computeIfAbsent(url.trim(), Endpoint.ProxyAddress::parse);
    }

    private Endpoint endpoint(URI uri, String proxy) {
        return Endpoint.of(uri, proxy(new Request("GET", uri, Map.of(), null, Duration.ZERO, proxy)));
    }

    /** Idle pooled connections to the upstream of {@code uri} (for tests and diagnostics). */
    int idleConnections(URI uri, String proxy) {
        return pool.idleCount(endpoint(uri, proxy));
    }

    /** Requests waiting for a connection to the upstream of {@code uri} (for tests). */
    int waitingRequests(URI uri, String proxy) {
        return pool.waitingCount(endpoint(uri, proxy));
    }

    /** Open connections to the upstream of {@code uri}, idle or busy (counted only with a cap). */
    int openConnections(URI uri, String proxy) {
        return pool.openCount(endpoint(uri, proxy));
    }

    @Override
    public void close() {
        pool.close();
    }
}
