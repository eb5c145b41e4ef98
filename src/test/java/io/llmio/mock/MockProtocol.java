package io.llmio.mock;

/** The three upstream wire protocols the mock speaks. */
public enum MockProtocol {
    OPENAI("openai"),
    ANTHROPIC("anthropic"),
    GEMINI("gemini");

    private final String dir;

    MockProtocol(String dir) {
        this.dir = dir;
    }

    /** Folder name under {@code fixtures/}. */
    public String dir() {
        return dir;
    }
}
