package io.llmio.registry;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One upstream account (SPEC §3). {@code id} is 0 before the row is stored. {@code tpmLimit}: tokens per sliding
 * 60 s, counted from the usage of its answers (0 = none); a provider over it is skipped like one over its RPM.
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
                       int tpmLimit,
                       boolean maxCompletionTokens) {
    public Provider {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        errorMatcher = errorMatcher == null ? List.of() : List.copyOf(errorMatcher);
        apiKey = apiKey == null ? Secret.of("") : apiKey;
        proxy = proxy == null ? "" : proxy;
        console = console == null ? "" : console;
    }

    /** A provider without a TPM limit that sends {@code max_tokens} (the defaults). */
    public Provider(long id, String name, ProviderType type, String baseUrl, Secret apiKey, Map<String, String> headers,
                    String proxy, List<String> errorMatcher, int rpmLimit, int ipLockMinutes, String console,
                    boolean enabled, Instant createdAt, Instant updatedAt) {
        this(id, name, type, baseUrl, apiKey, headers, proxy, errorMatcher, rpmLimit, ipLockMinutes, console, enabled,
             createdAt, updatedAt, 0, false);
    }

    /** With a TPM limit, sending {@code max_tokens}. */
    public Provider(long id, String name, ProviderType type, String baseUrl, Secret apiKey, Map<String, String> headers,
                    String proxy, List<String> errorMatcher, int rpmLimit, int ipLockMinutes, String console,
                    boolean enabled, Instant createdAt, Instant updatedAt, int tpmLimit) {
        this(id, name, type, baseUrl, apiKey, headers, proxy, errorMatcher, rpmLimit, ipLockMinutes, console, enabled,
             createdAt, updatedAt, tpmLimit, false);
    }

    /** Without a TPM limit, with the {@code max_completion_tokens} switch. */
    public Provider(long id, String name, ProviderType type, String baseUrl, Secret apiKey, Map<String, String> headers,
                    String proxy, List<String> errorMatcher, int rpmLimit, int ipLockMinutes, String console,
                    boolean enabled, Instant createdAt, Instant updatedAt, boolean maxCompletionTokens) {
        this(id, name, type, baseUrl, apiKey, headers, proxy, errorMatcher, rpmLimit, ipLockMinutes, console, enabled,
             createdAt, updatedAt, 0, maxCompletionTokens);
    }

    /** Every setting equal (id, name and times aside): storing {@code o} over this would change nothing. */
    public boolean sameSettings(Provider o) {
        return type == o.type && java.util.Objects.equals(baseUrl, o.baseUrl) && apiKey.value().equals(o.apiKey.value())
                && headers.equals(o.headers) && proxy.equals(o.proxy) && errorMatcher.equals(o.errorMatcher)
                && rpmLimit == o.rpmLimit && tpmLimit == o.tpmLimit && ipLockMinutes == o.ipLockMinutes
                && console.equals(o.console) && enabled == o.enabled && maxCompletionTokens == o.maxCompletionTokens;
    }

    public Provider withId(long newId) {
        return new Provider(newId, name, type, baseUrl, apiKey, headers, proxy, errorMatcher, rpmLimit, ipLockMinutes,
                            console, enabled, createdAt, updatedAt, tpmLimit, maxCompletionTokens);
    }

    public Provider withTpmLimit(int tpm) {
        return new Provider(id, name, type, baseUrl, apiKey, headers, proxy, errorMatcher, rpmLimit, ipLockMinutes,
                            console, enabled, createdAt, updatedAt, tpm, maxCompletionTokens);
    }

    public Provider withMaxCompletionTokens(boolean on) {
        return new Provider(id, name, type, baseUrl, apiKey, headers, proxy, errorMatcher, rpmLimit, ipLockMinutes,
                            console, enabled, createdAt, updatedAt, tpmLimit, on);
    }
}
