package io.llmio.proxy;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.helidon.common.buffers.DataReader;
import io.helidon.common.socket.HelidonSocket;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.http1.Http1ConnectionListener;
import io.llmio.upstream.Cancellation;

/**
 * The caller's connection as one proxied request sees it, watched by one ticking thread:
 * <ul>
 * <li>while the gateway waits for the upstream (before the first byte goes to the caller) a
 *     caller that closes its connection is noticed and the upstream call is cancelled (its
 *     connection closed, never pooled). Helidon reads nothing from a connection while its
 *     handler runs, so once a wait has lasted a moment a virtual thread reads from the caller's
 *     connection (into Helidon's own reader, so a pipelined request is kept): the end of the
 *     stream or an error there means the caller left. A blocked read cannot be taken back, so
 *     such an answer carries {@code Connection: close} and the connection ends with it (a
 *     reconnect is nothing next to an upstream call that took that long). Helidon's own idle
 *     monitor ({@code HelidonSocket.idle()}) cannot serve: with the server's socket timeout of 0
 *     it reports any connection closed after 101 ms and breaks its next read;</li>
 * <li>a write to the caller that blocks longer than the write timeout (a caller that stopped
 *     reading) closes the caller's connection, which ends the write with an error, and cancels
 *     the upstream call. Helidon's socket writes have no timeout of their own.</li>
 * </ul>
 * Helidon runs a handler on its connection's thread; {@link #LISTENER} (registered on the HTTP/1
 * protocol) leaves the connection there for {@link #open}. Without it (a test routing without a
 * socket) the link watches nothing.
 */
final class ClientLink implements AutoCloseable {
    /** how often links are checked: a timeout or disconnect is acted on up to this much late */
    static final long TICK_MILLIS = 100;
    /**
     * a wait for the upstream shorter than this costs no monitor and no reconnect: a caller that
     * leaves sooner wastes little, and a gateway slowed down by load does not start closing
     * keep-alive connections on top of it
     */
    private static final long MONITOR_AFTER_NANOS = 1_000_000_000L;
    private static final ThreadLocal<ConnectionContext> CURRENT = new ThreadLocal<>();
    private static final Set<ClientLink> WATCHED = ConcurrentHashMap.newKeySet();

    /** Leaves each request's connection to the thread that will run its handler. */
    static final Http1ConnectionListener LISTENER = new Http1ConnectionListener() {
        @Override
        public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
            CURRENT.set(ctx);
        }
    };

    static {
        Thread.ofPlatform().name("llmio-client-watchdog").daemon(true).start(ClientLink::watch);
    }

    private final HelidonSocket socket;
    private final DataReader reader;
    private final long writeTimeoutNanos;
    /** System.nanoTime() when the write in progress began, 0 when none is */
    private volatile long writingSince;
    /** System.nanoTime() when the wait for the upstream began, 0 when not waiting */
    private volatile long waitingSince;
    private Cancellation upstream;
    /** the thread reading the caller's connection while the gateway waits, or null */
    private Thread monitor;
    /** the answer says {@code Connection: close} (so Helidon reads nothing beside the monitor) */
    private boolean announcedClose;
    private boolean closed;
    private volatile boolean gone;
    private volatile boolean writeTimedOut;

    private ClientLink(HelidonSocket socket, DataReader reader, Duration writeTimeout) {
        this.socket = socket;
        this.reader = reader;
        this.writeTimeoutNanos = writeTimeout.toNanos();
    }

    /** The link of the request this thread is handling; close it when the request ends. */
    static ClientLink open(Duration writeTimeout) {
        ConnectionContext ctx = CURRENT.get();
        HelidonSocket socket = null;
        DataReader reader = null;
        if (ctx != null) {
            try {
                socket = ctx.serverSocket();
                reader = ctx.dataReader();
            } catch (UnsupportedOperationException e) {
                socket = null;
            }
        }
        ClientLink link = new ClientLink(socket, reader, writeTimeout);
        if (socket != null) {
            WATCHED.add(link);
        }
        return link;
    }

    /** The gateway waits for {@code call}'s answer: a caller leaving meanwhile cancels it. */
    synchronized void awaiting(Cancellation call) {
        upstream = call;
        if (gone) {
            call.cancel();
        }
        waitingSince = System.nanoTime();
    }

    /** The wait is over (the answer is about to be relayed, or the attempt failed). */
    synchronized void answered() {
        waitingSince = 0;
    }

    /**
     * Before the answer's head goes out (after {@link #answered}): if the caller's connection is
     * being read, the answer says it closes the connection.
     */
    synchronized void beforeAnswer(ServerResponse res) {
        if (monitor != null) {
            res.header(HeaderNames.CONNECTION, "close");
            announcedClose = true;
        }
    }

    /** The caller closed its connection while the gateway waited for the upstream. */
    boolean gone() {
        return gone;
    }

    /** A write to the caller blocked for longer than the write timeout. */
    boolean writeTimedOut() {
        return writeTimedOut;
    }

    /** What the log row says when the caller is no longer there. */
    String goneReason() {
        return writeTimedOut ? "client disconnected: not reading (a write blocked for "
                + writeTimeoutNanos / 1_000_000_000L + " s)" : "client disconnected";
    }

    /** {@code out} with each write, flush and close under the write timeout. */
    OutputStream guard(OutputStream out) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                begin();
                try {
                    out.write(b);
                } finally {
                    end();
                }
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                begin();
                try {
                    out.write(b, off, len);
                } finally {
                    end();
                }
            }

            @Override
            public void flush() throws IOException {
                begin();
                try {
                    out.flush();
                } finally {
                    end();
                }
            }

            @Override
            public void close() throws IOException {
                begin();
                try {
                    out.close();
                } finally {
                    end();
                }
            }
        };
    }

    /** Marks a write to the caller in progress (pair with {@link #end}). */
    void begin() {
        writingSince = System.nanoTime();
    }

    void end() {
        writingSince = 0;
    }

    /**
     * Closes the caller's connection: an answer already under way must not look complete when
     * its upstream broke (a body cut short of its length or its last chunk is an error to the caller).
     */
    void abort() {
        if (socket != null) {
            // now, on this thread: Helidon must not get to end the answer properly after the handler returns
            socket.close();
        }
    }

    /**
     * The request is over. A monitor still reading the connection ends when Helidon closes it
     * after the answer ({@link #beforeAnswer} made it say {@code Connection: close}).
     */
    @Override
    public void close() {
        boolean unannounced;
        synchronized (this) {
            closed = true;
            upstream = null;
            unannounced = monitor != null && monitor.isAlive() && !announcedClose;
        }
        WATCHED.remove(this);
        if (unannounced) {
            // an answer that did not go through beforeAnswer (a failure): Helidon would read the
            // next request beside the monitor, so the connection ends here
            socket.close();
        }
    }

    private void check(long now) {
        long writing = writingSince;
        if (writing != 0 && now - writing > writeTimeoutNanos) {
            Cancellation call;
            synchronized (this) {
                if (closed || writingSince != writing) {
                    return;
                }
                writeTimedOut = true;
                gone = true;
                call = upstream;
            }
            WATCHED.remove(this);
            // closing a TLS socket writes close_notify, which could block: not on this thread
            Thread.ofVirtual().name("llmio-client-write-timeout").start(() -> {
                socket.close();
                if (call != null) {
                    call.cancel();
                }
            });
            return;
        }
        long waiting = waitingSince;
        if (waiting == 0 || now - waiting < MONITOR_AFTER_NANOS) {
            return;
        }
        synchronized (this) {
            if (closed || waitingSince == 0 || monitor != null || reader.available() > 0) {
                return;
            }
            monitor = Thread.ofVirtual().name("llmio-client-monitor").start(this::monitor);
        }
    }

    /** Reads the caller's connection until it sends something (kept for Helidon) or ends. */
    private void monitor() {
        try {
            reader.pullData();
            return; // a pipelined request: the caller is there
        } catch (RuntimeException e) {
            // end of stream, reset, or the socket closed under the read
        }
        Cancellation call;
        synchronized (this) {
            if (closed) {
                return;
            }
            gone = true;
            call = upstream;
        }
        WATCHED.remove(this);
        if (call != null) {
            call.cancel();
        }
    }

    private static void watch() {
        while (true) {
            try {
                Thread.sleep(TICK_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (ClientLink link : WATCHED) {
                try {
                    link.check(now);
                } catch (RuntimeException e) {
                    // one broken link must not stop the watchdog
                    WATCHED.remove(link);
                }
            }
        }
    }
}
