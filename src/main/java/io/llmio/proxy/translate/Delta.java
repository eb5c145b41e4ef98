package io.llmio.proxy.translate;

/** One protocol-neutral stream event, produced by a stream decoder and consumed by an encoder. */
public sealed interface Delta {
    record Start(String id, String model, Turn.Tokens usage) implements Delta {
    }

    record Text(String text) implements Delta {
    }

    record Thinking(String text) implements Delta {
    }

    record Signature(String signature) implements Delta {
    }

    record RedactedThinking(String data) implements Delta {
    }

    /** A tool call begins; {@code key} identifies it among the upstream's parallel calls. */
    record ToolStart(int key, String id, String name) implements Delta {
    }

    record ToolArgs(int key, String fragment) implements Delta {
    }

    record Stop(Turn.Finish finish, String stopSequence) implements Delta {
    }

    /** Cumulative usage so far (the latest one wins). */
    record Usage(Turn.Tokens usage) implements Delta {
    }

    record Error(Turn.Failure failure) implements Delta {
    }

    /** The upstream said the stream is complete. */
    record Done() implements Delta {
    }
}
