package io.llmio.proxy.translate;

/**
 * What the response encoder needs to know about the caller.
 *
 * @param model   the caller's public model name, echoed in the answer
 * @param created Unix seconds for OpenAI's {@code created} (the translator reads no clock)
 */
public record Reply(String model, long created) {
}
