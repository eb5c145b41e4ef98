package io.llmio.proxy.protocol;

/**
 * Token usage of one call as the upstream reported it.
 *
 * @param cached    prompt tokens served from a cache (part of prompt)
 * @param reasoning reasoning / thinking tokens (part of completion)
 */
public record Usage(long prompt, long completion, long total, long cached, long reasoning) {
    public static final Usage NONE = new Usage(0, 0, 0, 0, 0);

    public boolean isEmpty() {
        return prompt == 0 && completion == 0 && total == 0;
    }
}
