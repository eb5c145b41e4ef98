package io.llmio.upstream;

import java.io.IOException;

/**
 * Lets another thread stop one upstream exchange at once (its caller went away): {@link #cancel}
 * ends its wait in a connection queue, or closes the exchange's connection, so a blocked connect-free read or write ends with an error and
 * the connection never goes back to the pool. Once the exchange has ended cleanly (connection
 * pooled) it no longer touches the connection.
 */
public final class Cancellation {
    private Connection connection;
    private boolean cancelled;
    /** wakes the exchange while it waits in a connection queue, or null */
    private Runnable wake;

    public void cancel() {
        Runnable w;
        synchronized (this) {
            cancelled = true;
            if (connection != null) {
                connection.close();
                connection = null;
            }
            w = wake;
        }
        if (w != null) {
            w.run();
        }
    }

    /** While the exchange waits for a connection, {@code w} (not null) wakes it; null when the wait is over. */
    synchronized void waiting(Runnable w) {
        wake = w;
    }

    public synchronized boolean cancelled() {
        return cancelled;
    }

    /** The exchange runs on {@code c} from now on; closes it at once if already cancelled. */
    synchronized void attach(Connection c) throws IOException {
        if (cancelled) {
            c.close();
            throw new IOException("the upstream call was cancelled");
        }
        connection = c;
    }

    /** The exchange is over: its connection is someone else's now. */
    synchronized void detach() {
        connection = null;
    }
}
