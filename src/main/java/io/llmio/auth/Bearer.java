package io.llmio.auth;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

/** The one reader of {@code Authorization: Bearer <token>}, for the proxy codecs and the admin API. */
public final class Bearer {
    private Bearer() {
    }

    /** The bearer token of a request, or null when there is none (or it is empty). */
    public static String token(ServerRequest req) {
        String h = req.headers().first(HeaderNames.AUTHORIZATION).orElse(null);
        if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String v = h.substring(7).trim();
        return v.isEmpty() ? null : v;
    }
}
