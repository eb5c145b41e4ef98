package io.llmio.mock;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One request exactly as the mock received it. Header names are lower-cased; values keep their
 * order. {@code query} is the raw query string without '?', or empty.
 */
public record RecordedRequest(String method, String path, String query,
                              Map<String, List<String>> headers, byte[] body) {

    /** First value of a header (name case-insensitive). */
    public Optional<String> header(String name) {
        List<String> v = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.getFirst());
    }

    /** Decoded value of a query parameter. */
    public Optional<String> queryParam(String name) {
        if (query.isEmpty()) {
            return Optional.empty();
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (k.equals(name)) {
                return Optional.of(eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
