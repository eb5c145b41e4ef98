package io.llmio.server;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.Status;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionListener;
import io.helidon.webserver.http1.Http1ConnectionSelectorConfig;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;
import io.llmio.config.ListenerLimits;

/**
 * The listener's only protocol: Helidon's HTTP/1.1 behind a cap on open connections and the
 * time limits of {@link GuardedConnection}. A connection over the cap is answered 503 and closed
 * at once (not left waiting in the accept queue); Helidon's own cap sits a little above it so
 * that the refusals themselves never take the process past its file descriptors.
 */
public final class GuardedListener implements ServerConnectionSelector {
    private static final Logger LOG = Logger.getLogger(GuardedListener.class.getName());
    /** connections Helidon may accept beyond the cap: the ones being refused right now */
    private static final int REFUSING = 64;
    private static final byte[] REFUSAL = ("HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nRetry-After: 1\r\n"
            + "Content-Type: text/plain\r\nContent-Length: 41\r\n\r\nllmio has too many open connections now.\n")
            .getBytes(StandardCharsets.US_ASCII);

    /** Helidon's listener log, held here so that the handler set on it is not collected with it */
    private static final Logger HELIDON_LISTENER = Logger.getLogger("io.helidon.webserver.ServerListener");
    private static final AtomicBoolean WATCHING = new AtomicBoolean();
    private static final long WARN_EVERY_NANOS = Duration.ofMinutes(1).toNanos();

    private final int max;
    private final long headerNanos;
    private final long bodyNanos;
    private final long idleNanos;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);
    private final ServerConnectionSelector http1;

    private GuardedListener(ListenerLimits limits, Http1Config.Builder http1, Http1ConnectionListener... receivers) {
        this.max = limits.effectiveMaxConnections();
        this.headerNanos = limits.headerTimeout().toNanos();
        this.bodyNanos = limits.bodyTimeout().toNanos();
        this.idleNanos = limits.idleTimeout().toNanos();
        // one listener each way: Helidon 4.5.0 combines several into one that notifies none of them
        List<Http1ConnectionListener> received = new ArrayList<>(http1.receiveListeners());
        received.addAll(List.of(receivers));
        List<Http1ConnectionListener> sent = List.copyOf(http1.sendListeners());
        this.http1 = Http1ConnectionSelectorConfig.builder()
                .config(http1.receiveListeners(List.of(new Phases(true, received)))
                                .sendListeners(List.of(new Phases(false, sent))).build())
                .build();
    }

    /**
     * Puts the guard on the server's default listener (after its config was read, so that these win)
     * and makes a listener that dies end the process.
     */
    public static GuardedListener install(WebServerConfig.Builder server, ListenerLimits limits,
                                          io.helidon.config.Config http1Config, Http1ConnectionListener... receivers) {
        GuardedListener guard = new GuardedListener(limits, Http1Config.builder().config(http1Config), receivers);
        server.protocolsDiscoverServices(false)
                .clearProtocols()
                .clearConnectionSelectors()
                .addConnectionSelector(guard)
                .maxTcpConnections(guard.max + REFUSING)
                // the sweep that asks each connection whether it is overdue (GuardedConnection.idleTime)
                .idleConnectionPeriod(Duration.ofSeconds(1))
                .idleConnectionTimeout(Duration.ofSeconds(1));
        exitWhenListenerDies();
        return guard;
    }

    public int maxConnections() {
        return max;
    }

    long headerNanos() {
        return headerNanos;
    }

    long bodyNanos() {
        return bodyNanos;
    }

    long idleNanos() {
        return idleNanos;
    }

    void closed() {
        open.decrementAndGet();
    }

    /** One warning a minute at most while connections are refused, with their count. */
    private void refusedSinceWarning() {
        long n = refused.incrementAndGet();
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
            refused.addAndGet(-n);
            LOG.warning(n + " connection(s) refused (503): " + max + " are open, the most LLMIO_MAX_CONNECTIONS "
                                + "(connections.max) allows.");
        }
    }

    @Override
    public int bytesToIdentifyConnection() {
        return 0;
    }

    @Override
    public Support supports(io.helidon.common.buffers.BufferData data) {
        return Support.SUPPORTED;
    }

    @Override
    public Set<String> supportedApplicationProtocols() {
        return http1.supportedApplicationProtocols();
    }

    @Override
    public ServerConnection connection(ConnectionContext ctx) {
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            refusedSinceWarning();
            return new Refused(ctx);
        }
        try {
            GuardedConnection c = new GuardedConnection(ctx, this);
            c.start(http1);
            return c;
        } catch (RuntimeException e) {
            open.decrementAndGet();
            throw e;
        }
    }

    /**
     * Helidon's accept loop ends for good on any error (say "Too many open files") while the JVM
     * lives on and the port refuses: a supervisor would see nothing wrong, and /health cannot
     * answer on a dead port. So llmio says why and exits with status 3, for the supervisor to
     * restart it. The loop reports its end only through this log line.
     */
    static void exitWhenListenerDies() {
        if (!WATCHING.compareAndSet(false, true)) {
            return;
        }
        HELIDON_LISTENER.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                String msg = record.getMessage();
                if (record.getLevel().intValue() >= Level.SEVERE.intValue() && msg != null
                        && msg.contains("this server socket is terminating now")) {
                    Throwable cause = record.getThrown();
                    LOG.severe("The listener stopped accepting connections (" + (cause == null ? msg : cause)
                                       + "); llmio exits with status 3 so that its supervisor restarts it.");
                    for (Handler h : Logger.getLogger("").getHandlers()) {
                        h.flush();
                    }
                    Runtime.getRuntime().halt(3);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
    }

    /**
     * Tells each connection which part of a request it is in, and passes each event on to the other
     * listeners of its direction.
     */
    private static final class Phases implements Http1ConnectionListener {
        private final boolean receive;
        private final List<Http1ConnectionListener> others;

        Phases(boolean receive, List<Http1ConnectionListener> others) {
            this.receive = receive;
            this.others = List.copyOf(others);
        }

        @Override
        public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
            for (Http1ConnectionListener l : others) {
                l.prologue(ctx, prologue);
            }
        }

        @Override
        public void data(ConnectionContext ctx, BufferData data) {
            for (Http1ConnectionListener l : others) {
                l.data(ctx, data);
            }
        }

        @Override
        public void data(ConnectionContext ctx, byte[] bytes, int offset, int length) {
            for (Http1ConnectionListener l : others) {
                l.data(ctx, bytes, offset, length);
            }
        }

        @Override
        public void headers(ConnectionContext ctx, Headers headers) {
            for (Http1ConnectionListener l : others) {
                l.headers(ctx, headers);
            }
            if (ctx instanceof GuardedConnection c) {
                if (receive) {
                    c.headersRead(headers);
                } else {
                    c.responseHeaders(headers);
                }
            }
        }

        @Override
        public void status(ConnectionContext ctx, Status status) {
            for (Http1ConnectionListener l : others) {
                l.status(ctx, status);
            }
            if (!receive && ctx instanceof GuardedConnection c) {
                c.responseStarted();
            }
        }
    }

    /** A connection over the cap: answered 503 and closed without reading it. */
    private static final class Refused implements ServerConnection {
        private final ConnectionContext ctx;

        Refused(ConnectionContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void handle(Limit limit) {
            try {
                ctx.serverSocket().write(BufferData.create(REFUSAL));
            } catch (RuntimeException e) {
                // the client left already; it is closed either way
            }
        }

        @Override
        public Duration idleTime() {
            return Duration.ZERO;
        }

        @Override
        public void close(boolean interrupt) {
            ctx.serverSocket().close();
        }
    }
}
