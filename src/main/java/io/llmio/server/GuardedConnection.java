package io.llmio.server;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

import io.helidon.common.buffers.DataReader;
import io.helidon.common.buffers.DataWriter;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.common.socket.HelidonSocket;
import io.helidon.common.socket.PeerInfo;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.ListenerContext;
import io.helidon.webserver.ProxyProtocolData;
import io.helidon.webserver.Router;
import io.helidon.webserver.ServerConnectionException;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;

/**
 * One client connection under the listener's time limits. Helidon's HTTP/1 connection runs on
 * this context, whose reader notes when the connection waits for bytes and in which part of a
 * request; Helidon's idle sweep asks {@link #idleTime()} and closes the socket of a connection
 * that waited too long (the head past the header timeout, a body stalled past the body timeout,
 * a keep-alive wait past the idle timeout). The reader also turns an HTTP/1.0 request into a
 * one-shot HTTP/1.1 request ({@link Http10}).
 */
final class GuardedConnection implements ConnectionContext, ServerConnection, Supplier<byte[]> {
    /** what {@link #idleTime()} reports for a connection past its limit: more than any sweep threshold */
    static final Duration OVERDUE = Duration.ofDays(3650);

    private static final int HEAD = 0;
    private static final int BODY = 1;
    private static final int HANDLER = 2;
    private static final int RESPONSE = 3;
    private static final int IDLE = 4;
    /** a request line longer than this is handed to Helidon as it is (which rejects it) */
    private static final int MAX_LINE = 8192;

    private final ConnectionContext ctx;
    private final GuardedListener listener;
    private final DataReader reader;
    private final Http10.Writer writer;
    private ServerConnection http;

    private volatile int phase = HEAD;
    private volatile long headDeadline;
    /** System.nanoTime() when the current socket read began; 0 while not reading */
    private volatile long readingSince;
    /** the request line of the request being read is not complete yet (connection thread only) */
    private boolean lineStart = true;
    /** the request or its answer said Connection: close */
    private volatile boolean closeAfterResponse;
    /** the thread that runs Helidon's connection and its handlers; any other thread reading is a watcher */
    private volatile Thread owner;

    GuardedConnection(ConnectionContext ctx, GuardedListener listener) {
        this.ctx = ctx;
        this.listener = listener;
        this.headDeadline = System.nanoTime() + listener.headerNanos();
        this.reader = DataReader.create(this);
        this.writer = new Http10.Writer(ctx.dataWriter());
    }

    void start(ServerConnectionSelector http1) {
        this.http = http1.connection(this);
    }

    // ---- the reader: every byte the connection reads comes through here

    @Override
    public byte[] get() {
        Thread t = owner;
        if (t != null && t != Thread.currentThread()) {
            return watched();
        }
        int p = phase;
        if ((p == RESPONSE || p == HANDLER) && closeAfterResponse) {
            // end of input makes Helidon close the connection
            return null;
        }
        if (p == RESPONSE || p == HANDLER) {
            // the previous request is answered: this read waits for the next one
            phase = IDLE;
            writer.http10(false);
        }
        byte[] got = read();
        if (got == null) {
            return null;
        }
        if (phase == IDLE) {
            phase = HEAD;
            headDeadline = System.nanoTime() + listener.headerNanos();
            lineStart = true;
        }
        if (phase == HEAD && lineStart) {
            return requestLine(got);
        }
        return got;
    }

    private byte[] read() {
        readingSince = System.nanoTime() | 1;
        try {
            return ctx.serverSocket().get();
        } catch (UncheckedIOException e) {
            throw new ServerConnectionException("Failed to get data from socket", e);
        } finally {
            readingSince = 0;
        }
    }

    /**
     * A read by another thread while a handler runs: the proxy watching for a caller that leaves
     * while it waits for an upstream (io.llmio.proxy.ClientLink). It is no part of a request, so it
     * neither moves the phase nor counts as a wait the sweep times (the handler's own timeouts do);
     * and it reads the socket even after a Connection: close, for only the real end of the stream
     * may say the caller left. Bytes it gets (a pipelined request) stay in the reader; the watched
     * answer says Connection: close, so they are never served.
     */
    private byte[] watched() {
        try {
            return ctx.serverSocket().get();
        } catch (UncheckedIOException e) {
            throw new ServerConnectionException("Failed to get data from socket", e);
        }
    }

    /** Collects the request line (Helidon would wait for it anyway) and rewrites an HTTP/1.0 one. */
    private byte[] requestLine(byte[] got) {
        byte[] buf = got;
        int nl = indexOf(buf, (byte) '\n', 0);
        lineStart = false;
        while (nl < 0 && buf.length <= MAX_LINE) {
            byte[] more = read();
            if (more == null) {
                return buf;
            }
            int from = buf.length;
            buf = concat(buf, more);
            nl = indexOf(buf, (byte) '\n', from);
        }
        if (nl < 0) {
            return buf;
        }
        byte[] rewritten = Http10.rewriteRequest(buf, nl);
        if (rewritten != buf) {
            writer.http10(true);
        }
        return rewritten;
    }

    // ---- phases, told by Helidon's receive and send listeners

    void headersRead(Headers headers) {
        boolean entity = headers.contains(HeaderNames.TRANSFER_ENCODING)
                || headers.contentLength().orElse(0L) > 0;
        phase = entity ? BODY : HANDLER;
        if (saysClose(headers)) {
            closeAfterThisRequest();
        }
    }

    void responseStarted() {
        phase = RESPONSE;
    }

    /** An answer that says Connection: close ends the connection (Helidon would wait for another request). */
    void responseHeaders(Headers headers) {
        if (saysClose(headers)) {
            closeAfterThisRequest();
        }
    }

    private static boolean saysClose(Headers headers) {
        if (!headers.contains(HeaderNames.CONNECTION)) {
            return false;
        }
        for (String v : headers.all(HeaderNames.CONNECTION, List::of)) {
            for (String token : v.split(",")) {
                if (token.trim().equalsIgnoreCase("close")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Helidon answers "Connection: close" but would go on reading requests (even ones already
     * buffered): its connection is told to stop after this one, and the reader reports the end of
     * input should it ask for more.
     */
    private void closeAfterThisRequest() {
        closeAfterResponse = true;
        http.close(false);
    }

    // ---- ServerConnection: Helidon's idle sweep and shutdown

    @Override
    public void handle(Limit limit) throws InterruptedException {
        owner = Thread.currentThread();
        try {
            http.handle(limit);
        } finally {
            listener.closed();
        }
    }

    @Override
    public Duration idleTime() {
        return overdue(System.nanoTime()) ? OVERDUE : Duration.ZERO;
    }

    boolean overdue(long now) {
        long since = readingSince;
        if (since == 0) {
            return false;
        }
        return switch (phase) {
            case HEAD -> now - headDeadline > 0;
            case BODY -> now - since > listener.bodyNanos();
            default -> now - since > listener.idleNanos();
        };
    }

    @Override
    public void close(boolean interrupt) {
        if (overdue(System.nanoTime())) {
            // a thread blocked reading a socket does not see an interrupt soon enough; a closed socket it does
            ctx.serverSocket().close();
        }
        http.close(interrupt);
    }

    // ---- ConnectionContext: Helidon's own, with this reader and writer

    @Override
    public DataReader dataReader() {
        return reader;
    }

    @Override
    public DataWriter dataWriter() {
        return writer;
    }

    @Override
    public ListenerContext listenerContext() {
        return ctx.listenerContext();
    }

    @Override
    public ExecutorService executor() {
        return ctx.executor();
    }

    @Override
    public Router router() {
        return ctx.router();
    }

    @Override
    public Optional<ProxyProtocolData> proxyProtocolData() {
        return ctx.proxyProtocolData();
    }

    @Override
    public HelidonSocket serverSocket() {
        return ctx.serverSocket();
    }

    @Override
    public PeerInfo remotePeer() {
        return ctx.remotePeer();
    }

    @Override
    public PeerInfo localPeer() {
        return ctx.localPeer();
    }

    @Override
    public boolean isSecure() {
        return ctx.isSecure();
    }

    @Override
    public String socketId() {
        return ctx.socketId();
    }

    @Override
    public String childSocketId() {
        return ctx.childSocketId();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static int indexOf(byte[] buf, byte b, int from) {
        for (int i = from; i < buf.length; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }

}
