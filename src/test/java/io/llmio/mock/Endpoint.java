package io.llmio.mock;

/** Every endpoint the mock serves, with its fixture folder. */
enum Endpoint {
    CHAT_COMPLETIONS(MockProtocol.OPENAI, "chat_completions", true),
    RESPONSES(MockProtocol.OPENAI, "responses", true),
    EMBEDDINGS(MockProtocol.OPENAI, "embeddings", false),
    OPENAI_MODELS(MockProtocol.OPENAI, "models", false),
    MESSAGES(MockProtocol.ANTHROPIC, "messages", true),
    COUNT_TOKENS(MockProtocol.ANTHROPIC, "count_tokens", false),
    ANTHROPIC_MODELS(MockProtocol.ANTHROPIC, "models", false),
    GENERATE_CONTENT(MockProtocol.GEMINI, "generateContent", true),
    STREAM_GENERATE_CONTENT(MockProtocol.GEMINI, "streamGenerateContent", true),
    EMBED_CONTENT(MockProtocol.GEMINI, "embedContent", false),
    BATCH_EMBED_CONTENTS(MockProtocol.GEMINI, "batchEmbedContents", false),
    GEMINI_COUNT_TOKENS(MockProtocol.GEMINI, "countTokens", false),
    GEMINI_MODELS(MockProtocol.GEMINI, "models", false);

    private final MockProtocol protocol;
    private final String dir;
    private final boolean scenarioBased;

    Endpoint(MockProtocol protocol, String dir, boolean scenarioBased) {
        this.protocol = protocol;
        this.dir = dir;
        this.scenarioBased = scenarioBased;
    }

    MockProtocol protocol() {
        return protocol;
    }

    String dir() {
        return dir;
    }

    /** Whether the answer depends on the scenario (generation) or is one fixed fixture. */
    boolean scenarioBased() {
        return scenarioBased;
    }
}
