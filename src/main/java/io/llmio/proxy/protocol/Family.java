package io.llmio.proxy.protocol;

/** The three client protocol families; each has its own key location and error envelope. */
public enum Family {
    OPENAI,
    ANTHROPIC,
    GEMINI
}
