package io.llmio.registry;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One upstream account (SPEC §3). {@code id} is 0 before the row is stored.
 * {@code maxCompletionTokens}: a translated request's output limit goes to this OpenAI-type provider as
 * {@code max_completion_tokens} (OpenAI's reasoning models) rather than {@code max_tokens} (SPEC §11).
 */
public record Provider(long id,
                       String name,
                       ProviderType type,
                       String baseUrl,
                       Secret apiKey,
                       Map<String, String> headers,
                       String proxy,
                       List<String> errorMatcher,
                       int rpmLimit,
                       int ipLockMinutes,
                       String console,
                       boolean enabled,
                       Instant createdAt,
                       Instant updatedAt,
                       boolean maxCompletionTokens) {
    public Provider {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        errorMatcher = errorMatcher == null ? List.of() : List.copyOf(errorMatcher);
        apiKey = apiKey == null ? Secret.of("") : apiKey;
        proxy = proxy == null ? "" : proxy;
        console = console == null ? "" : console;
    }

    /** A provider that sends {@code max_tokens} (the default). */
    public Provider(long id, String name, ProviderType type, String baseUrl, Secret apiKey, Map<String, String> headers,
                    String proxy, List<String> errorMatcher, int rpmLimit, int ipLockMinutes, String console,
                    boolean enabled, Instant createdAt, Instant updatedAt) {
        this(id, name, type, baseUrl, apiKey, headers, proxy, errorMatcher, rpmLimit, ipLockMinutes, console, enabled,
             createdAt, updatedAt, false);
    }

    public Provider withId(long newId) {
        return new Provider(newId, name, type, baseUrl, apiKey, headers, proxy, errorMatcher, rpmLimit, ipLockMinutes,
                            console, enabled, createdAt, updatedAt, maxCompletionTokens);
    }
}
