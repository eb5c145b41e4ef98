package io.llmio.proxy;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** A provider's {@code error_matcher}: substrings that mark a 200 body as a failure. */
final class ErrorMatcher {
    private ErrorMatcher() {
    }

    /** The first matcher found in the body, or null. */
    static String match(List<String> matchers, byte[] body) {
        if (matchers.isEmpty()) {
            return null;
        }
        String text = new String(body, StandardCharsets.UTF_8);
        for (String m : matchers) {
            if (!m.isEmpty() && text.contains(m)) {
                return m;
            }
        }
        return null;
    }
}
