package io.llmio.observe;

/** Where attempt logs go; never blocks and never throws on the request path. */
public interface LogSink {
    /** Records the attempt's current state (called at start and again when it ends). */
    void record(AttemptLog log);

    LogSink DISCARD = log -> { };
}
