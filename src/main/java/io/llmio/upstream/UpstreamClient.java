package io.llmio.upstream;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SSLSocketFactory;

/**
 * The outbound HTTP/1.1 client: keep-alive connections pooled per upstream (and proxy), TCP_NODELAY
 * on (a streamed event must not wait for Nagle), TLS with host name verification, HTTP proxies
 * (absolute-form for http, CONNECT tunnels for https), no redirects, no 100-continue, a per
 * request idle timeout. Blocking sockets: the calling virtual thread parks on them, no hand-off
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
    private final Map<String, Endpoint.ProxyAddress> proxies = new ConcurrentHashMap<>();

    public UpstreamClient() {
        this(CONNECT_TIMEOUT, IDLE_TIMEOUT);
    }

    UpstreamClient(Duration connectTimeout, Duration idleTimeout) {
        this(connectTimeout, idleTimeout, (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    /** {@code tls} makes the TLS sockets (tests pass one that trusts their own certificate). */
    UpstreamClient(Duration connectTimeout, Duration idleTimeout, SSLSocketFactory tls) {
        this.connectTimeout = connectTimeout;
        this.tls = tls;
        this.pool = new ConnectionPool(MAX_IDLE_PER_UPSTREAM, idleTimeout);
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
     * Close the returned response to abort the upstream call at once.
     *
     * @throws UncheckedIOException if the upstream cannot be reached or does not answer in time
     * @throws IllegalArgumentException for a URL or header that cannot be sent
     */
    public UpstreamResponse send(Request r) {
        return send(r, new Cancellation());
    }

    /** {@link #send(Request)} that {@code cancel} can stop from another thread, up to the end of the body. */
    public UpstreamResponse send(Request r, Cancellation cancel) {
        Endpoint endpoint = Endpoint.of(r.uri(), proxy(r.proxy()));
        byte[] head = head(r, endpoint);
        boolean isHead = r.method().equals("HEAD");
        Connection c = pool.take(endpoint);
        while (true) {
            boolean reused = c != null;
            try {
                if (c == null) {
                    c = open(endpoint);
                }
                cancel.attach(c);
                c.watch(r.timeout());
                c.write(head, r.body());
                ResponseHead h = ResponseHead.read(c, isHead);
                return new UpstreamResponse(h, c, pool, cancel);
            } catch (IOException e) {
                if (c != null) {
                    c.close();
                }
                if (reused && !c.answered() && stale(e) && !cancel.cancelled()) {
                    // the upstream closed the idle connection before it saw this request: once more on a new one
                    c = null;
                    continue;
                }
                throw new UncheckedIOException(e);
            } catch (RuntimeException e) {
                if (c != null) {
                    c.close();
                }
                throw e;
            }
        }
    }

    private Connection open(Endpoint endpoint) {
        try {
            return Connection.open(endpoint, connectTimeout, tls);
        } catch (IOException e) {
            throw new ConnectFailedException(e);
        }
    }

    /** The connection to the upstream (or its proxy) could not be opened: nothing was sent. */
    public static final class ConnectFailedException extends UncheckedIOException {
        ConnectFailedException(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /**
     * How a pooled connection closed by the peer while idle fails (EOF at the status line, reset,
     * broken pipe), if not one byte of answer came. A timeout is not: the upstream was slow.
     */
    private static boolean stale(IOException e) {
        return e instanceof EOFException && "connection closed by upstream".equals(e.getMessage())
                || e instanceof SocketException && !(e instanceof SocketTimeoutException);
    }

    private byte[] head(Request r, Endpoint e) {
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
        if (e.absoluteForm() && e.proxy().authorization() != null) {
            field(sb, "Proxy-Authorization", e.proxy().authorization());
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

    private Endpoint.ProxyAddress proxy(String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        return proxies.computeIfAbsent(url, Endpoint.ProxyAddress::parse);
    }

    /** Idle pooled connections to the upstream of {@code uri} (for tests and diagnostics). */
    int idleConnections(URI uri, String proxy) {
        return pool.idleCount(Endpoint.of(uri, proxy(proxy)));
    }

    @Override
    public void close() {
        pool.close();
    }
}
