package io.llmio.admin;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmio.registry.Secret;

/**
 * The admin gate in front of {@code /api/*}, {@code /health/detail} and {@code /metrics}:
 * {@code Authorization: Bearer <TOKEN>} compared in constant time. Without a TOKEN everything is open.
 * {@code GET /api/version} is always open; {@code /api/key/summary} authenticates its API key itself.
 */
public final class AdminAuth implements Handler {
    private final Secret token;

    public AdminAuth(Secret token) {
        this.token = token;
    }

    public boolean open() {
        return token.isEmpty();
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        String path = req.path().path();
        if (token.isEmpty() || path.equals("/api/version") || path.equals("/api/key/summary")) {
            res.next();
            return;
        }
        String presented = bearer(req);
        if (presented == null) {
            Api.error(res, 401, "unauthorized", "missing admin token: send Authorization: Bearer <TOKEN>");
            return;
        }
        if (!token.matches(presented)) {
            Api.error(res, 401, "unauthorized", "invalid admin token " + Secret.mask(presented));
            return;
        }
        res.next();
    }

    /** The bearer token of a request, or null. */
    public static String bearer(ServerRequest req) {
        String h = req.headers().first(HeaderNames.AUTHORIZATION).orElse(null);
        if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String v = h.substring(7).trim();
        return v.isEmpty() ? null : v;
    }
}
