package io.llmio.proxy.translate;

/** One protocol-neutral stream event, produced by a stream decoder and consumed by an encoder. */
public sealed interface Delta {
    /** What a stream encoder writes in its own way; usage, error and done it handles alike (see {@code EncoderBase}). */
    sealed interface Content extends Delta {
    }

    record Start(String id, String model, Turn.Tokens usage) implements Content {
    }

    record Text(String text) implements Content {
    }

    record Thinking(String text) implements Content {
    }

    record Signature(String signature) implements Content {
    }

    record RedactedThinking(String data) implements Content {
    }

    /** A tool call begins; {@code key} identifies it among the upstream's parallel calls. */
    record ToolStart(int key, String id, String name) implements Content {
    }

    record ToolArgs(int key, String fragment) implements Content {
    }

    record Stop(Turn.Finish finish, String stopSequence) implements Content {
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
