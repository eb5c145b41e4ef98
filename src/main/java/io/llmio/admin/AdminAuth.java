package io.llmio.admin;

import java.time.Duration;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmio.auth.Bearer;
import io.llmio.auth.LoginThrottle;
import io.llmio.limits.ClientIpResolver;
import io.llmio.proxy.LoginGate;
import io.llmio.registry.Secret;

/**
 * The admin gate in front of {@code /api/*}, {@code /health/detail} and {@code /metrics}:
 * {@code Authorization: Bearer <TOKEN>} compared in constant time. Without a TOKEN everything is open.
 * {@code GET /api/version} is always open; {@code /api/key/summary} authenticates its API key itself.
 * Wrong tokens (and unknown keys on the key summary) count against the client IP in the
 * {@link LoginThrottle}; an IP over its budget gets 429 with {@code Retry-After}, right token or not.
 */
public final class AdminAuth implements Handler {
    private static final String KEY_SUMMARY = "/api/key/summary";

    private final Secret token;
    private final LoginThrottle throttle;
    private final ClientIpResolver clientIps;

    public AdminAuth(Secret token, LoginThrottle throttle, ClientIpResolver clientIps) {
        this.token = token;
        this.throttle = throttle;
        this.clientIps = clientIps;
    }

    public boolean open() {
        return token.isEmpty();
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        String path = req.path().path();
        boolean keySummary = path.equals(KEY_SUMMARY);
        if (path.equals("/api/version") || (token.isEmpty() && !keySummary)) {
            res.next();
            return;
        }
        String ip = throttle.enabled() ? clientIps.resolve(req) : null;
        Duration wait = ip == null ? null : throttle.blocked(ip);
        if (wait != null) {
            long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
            res.header(HeaderNames.RETRY_AFTER, Long.toString(seconds));
            Api.error(res, 429, "rate_limited", "too many failed logins from your address: retry in " + seconds + " s");
            return;
        }
        if (keySummary) {
            if (ip != null && LoginGate.presentsKey(req)) {
                res.whenSent(() -> {
                    if (res.status().code() == 401) {
                        throttle.failed(ip, "GET " + KEY_SUMMARY);
                    }
                });
            }
            res.next();
            return;
        }
        String presented = Bearer.token(req);
        if (presented == null) {
            Api.error(res, 401, "unauthorized", "missing admin token: send Authorization: Bearer <TOKEN>");
            return;
        }
        if (!token.matches(presented)) {
            if (ip != null) {
                throttle.failed(ip, "admin API " + req.prologue().method().text() + " " + path);
            }
            Api.error(res, 401, "unauthorized", "invalid admin token " + Secret.mask(presented));
            return;
        }
        res.next();
    }

}
