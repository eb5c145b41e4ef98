package io.llmio.proxy.translate;

/**
 * What the request encoder needs to know about the upstream.
 *
 * @param model            the upstream model name to put in the body
 * @param defaultMaxTokens used when the target requires a limit the caller did not give (Anthropic)
 * @param legacyMaxTokens  OpenAI upstream takes {@code max_tokens} (most OpenAI-compatible servers)
 *                         rather than {@code max_completion_tokens} (OpenAI reasoning models)
 */
public record Target(String model, int defaultMaxTokens, boolean legacyMaxTokens) {
    public static final int DEFAULT_MAX_TOKENS = 4096;

    public static Target of(String model) {
        return new Target(model, DEFAULT_MAX_TOKENS, true);
    }
}
