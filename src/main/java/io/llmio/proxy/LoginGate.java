package io.llmio.proxy;

import java.time.Duration;
import java.util.List;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmio.auth.LoginThrottle;
import io.llmio.limits.ClientIpResolver;
import io.llmio.proxy.protocol.ProtocolCodec;

/**
 * The {@link LoginThrottle} in front of the proxy endpoints: a client IP that sent too many bad API
 * keys gets 429 with {@code Retry-After} in its protocol's error envelope; a 401 answered to a request
 * that presented a key counts as a failure (a missing key is a mistake, not a guess). Registered
 * before the proxy's routes; costs a map-size check per request while no IP has failed.
 */
public final class LoginGate implements Handler {
    private static final HeaderName X_API_KEY = HeaderNames.create("x-api-key");
    private static final HeaderName X_GOOG_API_KEY = HeaderNames.create("x-goog-api-key");
    private static final ProtocolCodec OPENAI = Codecs.OPENAI;
    private static final ProtocolCodec ANTHROPIC = Codecs.ANTHROPIC;
    private static final ProtocolCodec GEMINI = Codecs.GEMINI;

    private final LoginThrottle throttle;
    private final ClientIpResolver clientIps;

    public LoginGate(LoginThrottle throttle, ClientIpResolver clientIps) {
        this.throttle = throttle;
        this.clientIps = clientIps;
    }

    /** The paths this gate guards. */
    public static List<String> paths() {
        return List.of("/v1/*", "/openai/*", "/anthropic/*", "/gemini/*");
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        if (!throttle.enabled()) {
            res.next();
            return;
        }
        String ip = clientIps.resolve(req);
        Duration wait = throttle.blocked(ip);
        if (wait != null) {
            long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
            res.status(Status.TOO_MANY_REQUESTS_429);
            res.header(HeaderNames.RETRY_AFTER, Long.toString(seconds));
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.send(codec(req).error(429, "Too many failed authentication attempts from your address: retry in "
                    + seconds + " s with a valid key.", null));
            return;
        }
        if (presentsKey(req)) {
            res.whenSent(() -> {
                if (res.status().code() == 401) {
                    throttle.failed(ip, req.prologue().method().text() + " " + req.path().path());
                }
            });
        }
        res.next();
    }

    /** True when the request carries a caller key in any of the places the three protocols read it from. */
    public static boolean presentsKey(ServerRequest req) {
        return req.headers().contains(HeaderNames.AUTHORIZATION) || req.headers().contains(X_API_KEY)
                || req.headers().contains(X_GOOG_API_KEY) || req.query().contains("key");
    }


    private static ProtocolCodec codec(ServerRequest req) {
        String path = req.path().path();
        if (path.startsWith("/gemini/")) {
            return GEMINI;
        }
        if (path.startsWith("/anthropic/") || path.startsWith("/v1/messages")
                || req.headers().contains(HeaderNames.create("anthropic-version"))) {
            return ANTHROPIC;
        }
        return OPENAI;
    }
}
