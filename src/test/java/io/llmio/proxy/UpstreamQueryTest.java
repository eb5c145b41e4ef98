package io.llmio.proxy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The client's query string as it goes upstream: the caller's Gemini key removed whatever its spelling. */
class UpstreamQueryTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "NULL | ''",
            "'' | ''",
            "alt=sse | alt=sse",
            "key=s3cret | ''",
            "key | ''",
            "key=s3cret&alt=sse | alt=sse",
            "%6bey=s3cret&alt=sse | alt=sse",
            "%6B%65%79=s3cret | ''",
            "k%65y=a&key=b&alt=sse&key=c | alt=sse",
            "KEY=s3cret&alt=sse | alt=sse",
            "alt=sse&+key=s3cret | alt=sse",
            "alt=sse&&beta=true | alt=sse&&beta=true",
            "a=%2B%20b&c= | a=%2B%20b&c=",
            "keys=1&monkey=2&key2=3 | keys=1&monkey=2&key2=3",
            // a name that cannot be decoded is dropped: it might be a key under a spelling we cannot read
            "%zzkey=s3cret&alt=sse | alt=sse"})
    void removesTheKeyAndKeepsTheRest(String raw, String expected) {
        assertThat(ProxyService.upstreamQuery(raw)).isEqualTo(expected);
    }
}
