package io.llmio.proxy.translate;

import java.util.List;

/**
 * What every dialect's stream encoder shares: the latest usage is kept for the closing event, an
 * upstream error is written as the caller's error event and ends the stream, and once ended
 * (by an error or by {@link #end}) the encoder writes nothing more.
 */
abstract class EncoderBase implements Dialect.StreamEncoder {
    /** The latest cumulative usage (a subclass may seed it, e.g. from the stream's start). */
    Turn.Tokens usage;
    private boolean done;

    EncoderBase(Turn.Tokens usage) {
        this.usage = usage;
    }

    @Override
    public final void accept(Delta delta, List<OutEvent> out) {
        if (done) {
            return;
        }
        switch (delta) {
            case Delta.Usage u -> usage = u.usage();
            case Delta.Error e -> {
                out.add(error(e.failure()));
                done = true;
            }
            case Delta.Done d -> end(out);
            case Delta.Content c -> content(c, out);
        }
    }

    @Override
    public final void end(List<OutEvent> out) {
        if (done) {
            return;
        }
        finish(out);
        done = true;
    }

    abstract void content(Delta.Content delta, List<OutEvent> out);

    /** The caller's error event for an upstream failure mid-stream. */
    abstract OutEvent error(Turn.Failure failure);

    /** Writes what closes the caller's stream after the upstream ended. */
    abstract void finish(List<OutEvent> out);
}
