package io.llmio.proxy.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The statistics statements recognise token counts by the end of their style's wire name. */
class StyleTest {
    @Test
    void exactlyTheTokenCountingStylesEndWithTheSuffixTheStatsSqlMatches() {
        for (Style s : Style.values()) {
            assertThat(s.wire().endsWith(Style.COUNT_TOKENS_SUFFIX)).as(s.wire()).isEqualTo(s.countsTokens());
            assertThat(Style.countsTokens(s.wire())).as(s.wire()).isEqualTo(s.countsTokens());
        }
        assertThat(Style.countsTokens(null)).isFalse();
        assertThat(Style.countsTokens("gemini")).isFalse();
        assertThat(Style.countsTokens("gemini-count-tokens")).isTrue();
    }
}
