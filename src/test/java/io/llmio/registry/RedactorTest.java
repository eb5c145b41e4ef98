package io.llmio.registry;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RedactorTest {

    private static Provider provider(long id, String key, Map<String, String> headers, String proxy) {
        return new Provider(id, "p" + id, ProviderType.OPENAI, "http://x/v1", Secret.of(key), headers, proxy, List.of(), 0, 0,
                            "", true, null, null);
    }

    private static RegistrySnapshot snapshot(List<Provider> providers, Map<String, String> associationHeaders) {
        Model m = new Model(1, "m", "", Strategy.LOTTERY, 3, 60, false, false, true, null, null);
        Association a = new Association(1, 1, providers.getFirst().id(), "up", 1, true, true, true, false, associationHeaders,
                                        "{}", true, null, null);
        return RegistrySnapshot.of(1, providers, List.of(m), List.of(a), List.of());
    }

    @Test
    void everyKindOfSecretInTheRegistryIsFound() {
        RegistrySnapshot snap = snapshot(List.of(
                provider(1, "sk-provider-key-1", Map.of("X-Api-Key", "header-key-22", "OpenAI-Beta", "assistants=v2",
                                                        "X-Forward", "Bearer tok-in-bearer-33"), ""),
                provider(2, "sk-provider-key-2", Map.of(), "http://alice:p%40ss-word-44@proxy.local:3128")),
                Map.of("X-Team-Token", "assoc-token-55"));
        Redactor r = Redactor.of(snap, Secret.of("the-admin-token"));
        String text = "sk-provider-key-1 sk-provider-key-2 header-key-22 tok-in-bearer-33 p@ss-word-44 p%40ss-word-44 "
                + "assoc-token-55 the-admin-token assistants=v2";
        assertThat(r.redact(text)).isEqualTo("[REDACTED] ".repeat(8) + "assistants=v2");
    }

    @Test
    void proxyCredentialsAreFoundAsAProxyAuthorizationHeaderToo() {
        Redactor r = Redactor.of(provider(1, "", Map.of(), "http://alice:secret-pw-1@proxy:3128"));
        String basic = java.util.Base64.getEncoder().encodeToString("alice:secret-pw-1".getBytes(StandardCharsets.UTF_8));
        assertThat(r.redact("Proxy-Authorization: Basic " + basic)).isEqualTo("Proxy-Authorization: Basic [REDACTED]");
        assertThat(r.redact("http://alice:secret-pw-1@proxy:3128")).isEqualTo("http://[REDACTED]@proxy:3128");
    }

    @Test
    void escapedAndEncodedFormsAreFound() {
        Redactor r = Redactor.of(List.of("a/b\"c+d=e"));
        assertThat(r.redact("{\"msg\":\"key a\\/b\\\"c+d=e\"}")).isEqualTo("{\"msg\":\"key [REDACTED]\"}");
        assertThat(r.redact("?key=a%2Fb%22c%2Bd%3De")).isEqualTo("?key=[REDACTED]");
    }

    @Test
    void theLongestSecretWinsAndShortValuesAreLeftAlone() {
        Redactor r = Redactor.of(List.of("abcdef", "abcdef123456", "abc"));
        assertThat(r.redact("abcdef123456 abcdef abc")).isEqualTo("[REDACTED] [REDACTED] abc");
    }

    @Test
    void cleanTextAndBodiesComeBackAsTheSameInstance() {
        Redactor r = Redactor.of(List.of("sk-secret-1"));
        String text = "nothing to hide";
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        assertThat(r.redact(text)).isSameAs(text);
        assertThat(r.redact(body)).isSameAs(body);
        assertThat(new String(r.redact("é sk-secret-1".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8))
                .isEqualTo("é [REDACTED]");
        assertThat(Redactor.NONE.redact(text)).isSameAs(text);
        assertThat(r.redact((String) null)).isNull();
    }

    @Test
    void theRegistryRebuildsItsRedactorWithEachSnapshot() {
        Registry registry = new Registry(Secret.of("admin-secret"));
        assertThat(registry.redactor().redact("admin-secret")).isEqualTo("[REDACTED]");
        assertThat(registry.redactor().redact("sk-new-key-1")).isEqualTo("sk-new-key-1");
        registry.replace(snapshot(List.of(provider(1, "sk-new-key-1", Map.of(), "")), Map.of()));
        Redactor first = registry.redactor();
        assertThat(first.redact("sk-new-key-1 admin-secret")).isEqualTo("[REDACTED] [REDACTED]");
        assertThat(registry.redactor()).as("not rebuilt per read").isSameAs(first);
    }
}
