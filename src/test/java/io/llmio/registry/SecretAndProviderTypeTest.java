package io.llmio.registry;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SecretAndProviderTypeTest {

    @Test
    void secretsMaskEverywhereTheyArePrinted() {
        Secret s = Secret.of("sk-proj-abcdefghijklmnopqrstuvwxyz0123");
        assertThat(s.toString()).isEqualTo("sk-p…0123").doesNotContain("abcdefghijklmnop");
        assertThat(s.masked()).isEqualTo(s.toString());
        assertThat("key=" + s).doesNotContain("abcdefghijklmnop");
        assertThat(Secret.of("short").toString()).isEqualTo("****");
        assertThat(Secret.of("12345678").toString()).isEqualTo("****");
        // nine characters show at most two and four of them
        assertThat(Secret.mask("123456789")).isEqualTo("12…6789");
        assertThat(Secret.of(null).isEmpty()).isTrue();
        assertThat(Secret.of("").toString()).isEmpty();
        assertThat(Secret.mask(null)).isEmpty();
    }

    @Test
    void matchesIsExactComparison() {
        Secret s = Secret.of("token-1");
        assertThat(s.matches("token-1")).isTrue();
        assertThat(s.matches("token-2")).isFalse();
        assertThat(s.matches("token-")).isFalse();
        assertThat(s.matches("token-11")).isFalse();
        assertThat(s.matches(null)).isFalse();
        assertThat(Secret.of("é").matches("é")).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"openai,OPENAI", "OpenAI,OPENAI", " anthropic ,ANTHROPIC", "gemini,GEMINI",
                "openai-responses,OPENAI_RESPONSES", "codex,OPENAI_RESPONSES", "Codex,OPENAI_RESPONSES",
                "azure,AZURE", "Azure,AZURE"})
    void providerTypesParse(String text, ProviderType expected) {
        assertThat(ProviderType.parse(text)).contains(expected);
    }

    @Test
    void unknownProviderTypesDoNotParseAndWireNamesRoundTrip() {
        assertThat(ProviderType.parse(null)).isEmpty();
        assertThat(ProviderType.parse("")).isEmpty();
        assertThat(ProviderType.parse("openai_responses")).isEmpty();
        assertThat(ProviderType.parse("azure-openai")).isEmpty();
        for (ProviderType t : ProviderType.values()) {
            assertThat(ProviderType.parse(t.wire())).contains(t);
            assertThat(t.toString()).isEqualTo(t.wire());
        }
    }
}
