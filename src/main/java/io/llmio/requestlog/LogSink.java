package io.llmio.requestlog;

import java.util.ArrayList;
import java.util.List;

/** Where attempt logs go; never blocks and never throws on the request path. */
public interface LogSink {
    /** Records the attempt's current state (called at start and again when it ends). */
    void record(AttemptLog log);

    /**
     * A list to collect a streamed answer's SSE data payloads in (io_log), for
     * {@link AttemptLog#responseEvents}; a sink that caps stored bodies gives one that stops growing at the cap.
     */
    default List<String> eventLog() {
        return new ArrayList<>();
    }

    LogSink DISCARD = log -> { };
}
