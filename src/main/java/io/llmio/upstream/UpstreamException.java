package io.llmio.upstream;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.time.Duration;

import javax.net.ssl.SSLException;

/**
 * An upstream call failed before the response headers arrived, labelled by what happened. The
 * message starts with the {@link Kind#label() label} and names the host and port (or the proxy's,
 * without credentials), never a header or a URL path, so it can go to the log row and the caller.
 */
public final class UpstreamException extends UncheckedIOException {
    /** What failed, in the order an exchange gets there. */
    public enum Kind {
        /** the upstream's (or the proxy's) host name has no address */
        DNS("cannot resolve host"),
        /** nothing listens there (TCP RST on connect) */
        CONNECT_REFUSED("connect refused"),
        /** no TCP answer within the connect timeout */
        CONNECT_TIMEOUT("connect timed out"),
        /** another connect error (no route, network down) */
        CONNECT("connect failed"),
        /** the proxy refused the tunnel or broke the SOCKS or CONNECT handshake */
        PROXY("proxy failed"),
        /** the proxy answered 407 (or a SOCKS proxy refused the user and password) */
        PROXY_AUTH("proxy authentication failed (407)"),
        /** the TLS handshake with the upstream (or a TLS proxy) failed or timed out */
        TLS("TLS handshake failed"),
        /** the request could not be written (reset, or the upstream stopped reading) */
        WRITE("write failed"),
        /** connected and sent, then no response headers within the request's timeout */
        READ_TIMEOUT("read timeout"),
        /** the upstream reset the connection before its response headers */
        RESET("connection reset before response headers"),
        /** the upstream closed the connection before its response headers */
        EOF("connection closed before response headers"),
        /** the upstream's answer is not HTTP/1.x as it must be */
        PROTOCOL("malformed response"),
        /** the per-upstream connection cap and its wait queue are full: nothing was sent */
        OVERLOADED("overloaded"),
        /** the caller went away and the call was stopped */
        CANCELLED("cancelled");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final Kind kind;
    private final boolean timeout;

    UpstreamException(Kind kind, String detail, IOException cause) {
        this(kind, detail, cause, cause instanceof SocketTimeoutException);
    }

    UpstreamException(Kind kind, String detail, IOException cause, boolean timeout) {
        this(kind.label() + (detail == null || detail.isEmpty() ? "" : ": " + detail), kind, cause, timeout);
    }

    private UpstreamException(String message, Kind kind, IOException cause, boolean timeout) {
        // an UncheckedIOException needs a cause: a failure the client found itself gets one with the same message
        super(message, cause != null ? cause : new IOException(message));
        this.kind = kind;
        this.timeout = timeout;
    }

    public Kind kind() {
        return kind;
    }

    /** A timeout (connect, TLS handshake, write or read): the caller gets 504 when it was the last attempt. */
    public boolean timeout() {
        return timeout;
    }

    /** The cause's class and message, for the detail (no cause: ""). */
    static String why(IOException e) {
        if (e == null) {
            return "";
        }
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    /**
     * Labels a failure after the request started on an open connection: writing it ({@code wrote}
     * false) or waiting for the response headers.
     */
    static UpstreamException exchange(IOException e, boolean wrote, String where, Duration timeout) {
        if (!wrote) {
            return new UpstreamException(Kind.WRITE, where + " (" + why(e) + ")", e);
        }
        if (e instanceof SocketTimeoutException) {
            return new UpstreamException(Kind.READ_TIMEOUT, "no response headers within "
                    + (timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms") + " from "
                    + where, e);
        }
        if (e instanceof EOFException) {
            return new UpstreamException(Kind.EOF, where, e);
        }
        if (e instanceof SSLException) {
            return new UpstreamException(Kind.TLS, where + " (" + why(e) + ")", e);
        }
        if (e instanceof ProtocolException) {
            return new UpstreamException(Kind.PROTOCOL, e.getMessage() + " from " + where, e);
        }
        // a reset, a broken pipe, or any other I/O error while waiting
        return new UpstreamException(Kind.RESET, where + " (" + why(e) + ")", e);
    }
}
