package io.llmio.proxy;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.llmio.upstream.UpstreamResponse;

/**
 * The upstream answers being relayed right now, so that shutdown can end them (hardening item 8):
 * {@link #endAll()} closes each one, and its relay then ends the client's stream with the
 * protocol's error event and its log row with {@code error} "server shutting down"; attempts
 * that start after it fail at once without calling upstream.
 */
final class InFlight {
    private final Set<UpstreamResponse> open = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    /** True once shutdown ended the relays: a relay that breaks now broke because of it. */
    boolean stopping() {
        return stopping;
    }

    /** Tracks {@code response} until the returned handle is closed. */
    Tracked track(UpstreamResponse response) {
        open.add(response);
        if (stopping) {
            response.close();
        }
        return () -> open.remove(response);
    }

    interface Tracked extends AutoCloseable {
        @Override
        void close();
    }

    /** Ends every relay under way (their upstream answers are closed) and every attempt still to come. */
    void endAll() {
        stopping = true;
        for (UpstreamResponse r : open) {
            r.close();
        }
    }

    int size() {
        return open.size();
    }
}
