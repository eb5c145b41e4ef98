package io.llmio.upstream;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ConnectException;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 connection to an {@link Endpoint} (through its proxy, if any): a blocking socket
 * (a virtual thread parks on it for free) and a small read buffer that the response parser and
 * the body streams share. Used by one exchange at a time.
 */
final class Connection {
    /** Read buffer: status line and headers, chunk headers, small bodies; large reads bypass it. */
    static final int BUFFER = 4 * 1024;
    private static final int MAX_LINE = 64 * 1024;
    private static final String READ_TIMED_OUT = "Read timed out (no data for %d ms)";

    final Endpoint endpoint;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] buf = new byte[BUFFER];
    private int pos;
    private int lim;
    /** a byte came in since the last write: the current exchange has an answer (or a part of one) */
    private boolean answered;
    /** System.nanoTime() when the socket read or write in progress began, 0 when none is */
    private volatile long busySince;
    /** the longest a read or write may take, 0 when not watched */
    private volatile long idleLimitNanos;
    /** set by the watchdog before it closes the socket, with the limit that was exceeded */
    private volatile boolean expired;
    private volatile long expiredAfterNanos;
    /** System.nanoTime() when it went back to the pool */
    long idleSince;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** run once when the connection closes (the pool's count of open connections), or null */
    private volatile Runnable onClose;

    private Connection(Endpoint endpoint, Socket socket) throws IOException {
        this.endpoint = endpoint;
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /**
     * Opens a connection to the endpoint: TCP (to the proxy, if any), the SOCKS5 or CONNECT
     * handshake, TLS. Each step's failure is labelled ({@link UpstreamException.Kind}).
     * {@code auth} says whether a proxy gets Basic credentials up front and learns from a 407.
     */
    static Connection open(Endpoint e, Duration connectTimeout, SSLSocketFactory factory, ProxyAuth auth) {
        int timeout = (int) connectTimeout.toMillis();
        Endpoint.ProxyAddress p = e.proxy();
        String host = p == null ? e.host() : p.host();
        int port = p == null ? e.port() : p.port();
        String where = p == null ? host + ":" + port : "proxy " + p;
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException ex) {
            throw new UpstreamException(UpstreamException.Kind.DNS, p == null ? host : "of " + where, ex);
        }
        Socket socket;
        try {
            socket = connect(addresses, port, timeout);
        } catch (SocketTimeoutException ex) {
            throw new UpstreamException(UpstreamException.Kind.CONNECT_TIMEOUT, where + " within " + timeout + " ms", ex);
        } catch (ConnectException ex) {
            throw new UpstreamException(UpstreamException.Kind.CONNECT_REFUSED, where + " (" + UpstreamException.why(ex) + ")",
                                        ex);
        } catch (IOException ex) {
            throw new UpstreamException(UpstreamException.Kind.CONNECT, where + " (" + UpstreamException.why(ex) + ")", ex);
        }
        try {
            // bounds the TLS handshake and the proxy's answers; the exchanges are watched
            socket.setSoTimeout(timeout);
            if (p == null) {
                return new Connection(e, e.tls() ? tls(factory, socket, e.host(), e.port()) : socket);
            }
            if (p.kind().socks()) {
                proxyStep(() -> {
                    Socks5.connect(socket, p, e.host(), e.port());
                    return null;
                }, p);
                return new Connection(e, e.tls() ? tls(factory, socket, e.host(), e.port()) : socket);
            }
            Socket toProxy = p.tls() ? tls(factory, socket, p.host(), p.port()) : socket;
            if (!e.tls()) {
                return new Connection(e, toProxy);
            }
            Connection tunnel = new Connection(e, toProxy);
            boolean sent = auth.preemptive(p);
            List<String> challenges = proxyStep(() -> tunnel.connectTunnel(sent), p);
            if (challenges != null) {
                socket.close();
                if (auth.retry(p, sent, challenges)) {
                    return open(e, connectTimeout, factory, auth);
                }
                throw ProxyAuth.failed(p, sent, challenges);
            }
            if (tunnel.lim > tunnel.pos) {
                throw new UpstreamException(UpstreamException.Kind.PROXY, p + " sent data after its CONNECT answer", null);
            }
            return new Connection(e, tls(factory, toProxy, e.host(), e.port()));
        } catch (IOException | RuntimeException ex) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            if (ex instanceof UpstreamException u) {
                throw u;
            }
            if (ex instanceof IOException io) {
                throw new UpstreamException(UpstreamException.Kind.CONNECT, where + " (" + UpstreamException.why(io) + ")", io);
            }
            throw (RuntimeException) ex;
        }
    }

    private interface Step<T> {
        T run() throws IOException;
    }

    /** A proxy handshake step: an I/O failure in it is the proxy's. */
    private static <T> T proxyStep(Step<T> step, Endpoint.ProxyAddress p) {
        try {
            return step.run();
        } catch (UpstreamException e) {
            throw e;
        } catch (IOException e) {
            throw new UpstreamException(UpstreamException.Kind.PROXY, p + " (" + UpstreamException.why(e) + ")", e);
        }
    }

    /**
     * A TCP connection to the first of a host's addresses that answers, in the resolver's order
     * (a name with several A/AAAA records keeps working when one of them is down), all within
     * {@code timeoutMillis}.
     */
    static Socket connect(InetAddress[] addresses, int port, int timeoutMillis) throws IOException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        IOException failure = null;
        for (int i = 0; i < addresses.length; i++) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                break;
            }
            // the last address may use all the time left; earlier ones share it, so one that
            // does not answer cannot use up the attempt on the others
            int budget = (int) (i == addresses.length - 1 ? left : Math.max(1, left / (addresses.length - i)));
            Socket socket = new Socket();
            try {
                socket.setTcpNoDelay(true);
                socket.setKeepAlive(true);
                socket.connect(new InetSocketAddress(addresses[i], port), budget);
                return socket;
            } catch (IOException ex) {
                socket.close();
                if (failure == null) {
                    failure = ex;
                } else {
                    failure.addSuppressed(ex);
                }
            }
        }
        throw failure != null ? failure : new SocketTimeoutException("Connect timed out");
    }

    /** TLS over {@code plain} to {@code host}: any failure is a {@link UpstreamException.Kind#TLS} one. */
    private static Socket tls(SSLSocketFactory factory, Socket plain, String host, int port) {
        try {
            return handshake(factory, plain, host, port);
        } catch (IOException e) {
            throw new UpstreamException(UpstreamException.Kind.TLS, host + ":" + port + " (" + UpstreamException.why(e) + ")",
                                        e);
        }
    }

    private static Socket handshake(SSLSocketFactory factory, Socket plain, String host, int port) throws IOException {
        SSLSocket s = (SSLSocket) factory.createSocket(plain, host, port, true);
        SSLParameters params = s.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        params.setApplicationProtocols(new String[] {"http/1.1"});
        // SNI: the JDK derives it only for names with a dot, so set it for every host name
        // (not for an IP address, RFC 6066 §3); a name SNI cannot carry goes without
        if (!Endpoint.ipLiteral(host)) {
            try {
                params.setServerNames(List.of(new SNIHostName(host)));
            } catch (IllegalArgumentException notADnsName) {
                // the JDK's own choice stays
            }
        }
        s.setSSLParameters(params);
        s.startHandshake();
        return s;
    }

    /**
     * Asks the HTTP proxy for a tunnel ({@code CONNECT host:port}). Returns null when it is open,
     * the Proxy-Authenticate challenges when the proxy answered 407.
     */
    private List<String> connectTunnel(boolean sendCredentials) throws IOException {
        Endpoint.ProxyAddress p = endpoint.proxy();
        String target = endpoint.host() + ":" + endpoint.port();
        StringBuilder sb = new StringBuilder(128).append("CONNECT ").append(target).append(" HTTP/1.1\r\nHost: ")
                .append(target).append("\r\n");
        if (sendCredentials) {
            sb.append("Proxy-Authorization: ").append(p.credentials().basic()).append("\r\n");
        }
        sb.append("\r\n");
        write(sb.toString().getBytes(StandardCharsets.ISO_8859_1), null);
        String status = readLine();
        int code = ResponseHead.statusCode(status);
        long length = 0;
        List<String> challenges = new ArrayList<>();
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
                length = Long.parseLong(line.substring(15).trim());
            } else if (line.regionMatches(true, 0, "proxy-authenticate:", 0, 19)) {
                challenges.add(line.substring(19).trim());
            }
        }
        if (code == 407) {
            return challenges;
        }
        if (code / 100 != 2) {
            throw new UpstreamException(UpstreamException.Kind.PROXY, p + " refused the tunnel to " + target + ": "
                    + status.trim(), null);
        }
        if (length != 0) {
            throw new UpstreamException(UpstreamException.Kind.PROXY, p + " sent a body with its CONNECT answer", null);
        }
        return null;
    }

    /**
     * From now on a single read or write may take at most {@code idle} (the request's idle
     * timeout); kept by the {@link IoWatchdog}, the socket itself has no timeout.
     */
    void watch(Duration idle) throws IOException {
        socket.setSoTimeout(0);
        idleLimitNanos = Math.max(1, idle.toNanos());
        IoWatchdog.INSTANCE.watch(this);
    }

    /** The exchange is over (pooled or closed): no limit any more. */
    void unwatch() {
        idleLimitNanos = 0;
        IoWatchdog.INSTANCE.unwatch(this);
    }

    /** For the watchdog: in one read or write for longer than the limit. */
    boolean busyTooLong(long now) {
        long since = busySince;
        long limit = idleLimitNanos;
        return since != 0 && limit != 0 && now - since > limit;
    }

    /** For the watchdog: ends the read or write in progress with a timeout. */
    void expire() {
        expiredAfterNanos = idleLimitNanos;
        expired = true;
        close();
    }

    /** One socket read under the watchdog; a read it ended is a {@link SocketTimeoutException}. */
    private int socketRead(byte[] b, int off, int len) throws IOException {
        busySince = System.nanoTime();
        int n;
        try {
            n = in.read(b, off, len);
        } catch (IOException e) {
            throw expired ? timedOut(READ_TIMED_OUT, e) : e;
        } finally {
            busySince = 0;
        }
        if (n < 0 && expired) {
            // a TLS socket closed under a blocked read may report the end of the stream, not an error
            throw timedOut(READ_TIMED_OUT, null);
        }
        return n;
    }

    /** What a call the watchdog ended throws: {@code message} with the limit in ms for its %d. */
    private SocketTimeoutException timedOut(String message, IOException cause) {
        SocketTimeoutException timeout = new SocketTimeoutException(message.formatted(expiredAfterNanos / 1_000_000));
        if (cause != null) {
            timeout.initCause(cause);
        }
        return timeout;
    }

    /**
     * Writes the head and body, in one system call when together they are small; under the
     * watchdog like a read, since an upstream that stops reading a large body would otherwise
     * hold the call for ever.
     */
    void write(byte[] head, byte[] body) throws IOException {
        answered = false;
        busySince = System.nanoTime();
        try {
            if (body == null || body.length == 0) {
                out.write(head);
            } else if (head.length + body.length <= 16 * 1024) {
                byte[] all = new byte[head.length + body.length];
                System.arraycopy(head, 0, all, 0, head.length);
                System.arraycopy(body, 0, all, head.length, body.length);
                out.write(all);
            } else {
                out.write(head);
                out.write(body);
            }
            out.flush();
        } catch (IOException e) {
            throw expired ? timedOut("the upstream did not take the request body within %d ms", e) : e;
        } finally {
            busySince = 0;
        }
    }

    /** One CRLF (or LF) terminated line without its terminator, ISO-8859-1. EOF before any byte: {@link EOFException}. */
    String readLine() throws IOException {
        StringBuilder sb = null;
        while (true) {
            if (pos == lim && fill() < 0) {
                throw new EOFException(sb == null ? "connection closed by upstream" : "connection closed mid-line");
            }
            int start = pos;
            while (pos < lim) {
                if (buf[pos] == '\n') {
                    int end = pos > start && buf[pos - 1] == '\r' ? pos - 1 : pos;
                    String part = new String(buf, start, end - start, StandardCharsets.ISO_8859_1);
                    pos++;
                    if (sb == null) {
                        return part;
                    }
                    sb.append(part);
                    int n = sb.length();
                    return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
                }
                pos++;
            }
            if (sb == null) {
                sb = new StringBuilder(256);
            }
            sb.append(new String(buf, start, pos - start, StandardCharsets.ISO_8859_1));
            if (sb.length() > MAX_LINE) {
                throw new ProtocolException("upstream sent a header line longer than " + MAX_LINE + " bytes");
            }
        }
    }

    /** Reads up to {@code len} bytes: from the buffer if it holds any, else one socket read (straight into b when large). */
    int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (pos == lim) {
            if (len >= BUFFER) {
                int n = socketRead(b, off, len);
                if (n > 0) {
                    answered = true;
                }
                return n;
            }
            if (fill() < 0) {
                return -1;
            }
        }
        int n = Math.min(len, lim - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }

    private int fill() throws IOException {
        pos = 0;
        lim = 0;
        int n = socketRead(buf, 0, BUFFER);
        if (n > 0) {
            lim = n;
            answered = true;
        }
        return n;
    }

    /** Whether any byte arrived since the request was written (then resending it is not safe). */
    boolean answered() {
        return answered;
    }

    /** Bytes already read from the socket that no exchange has consumed (must be 0 when pooled). */
    int buffered() {
        return lim - pos;
    }

    boolean isOpen() {
        return !socket.isClosed();
    }

    /** {@code action} runs once, when this connection closes; set right after it opened, before any other thread sees it. */
    void onClose(Runnable action) {
        onClose = action;
    }

    void close() {
        unwatch();
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        Runnable action = onClose;
        if (closed.compareAndSet(false, true) && action != null) {
            action.run();
        }
    }
}
