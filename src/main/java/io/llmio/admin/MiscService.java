package io.llmio.admin;

import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmio.auth.Bearer;
import io.llmio.auth.KeyHash;
import io.llmio.limits.Limiter;
import io.llmio.stats.Statistics;
import io.llmio.registry.AuthKey;
import io.llmio.registry.Registry;

/** {@code GET /api/version} (open) and {@code GET /api/key/summary} (called with an API key: its own usage). */
public final class MiscService implements HttpService {
    public static final String VERSION = "0.1.0";

    private final String database;
    private final boolean redis;
    private final boolean auth;
    private final Registry registry;
    private final Statistics stats;
    private final InstantSource clock;
    private final Limiter limiter;

    public MiscService(String database, boolean redis, boolean auth, Registry registry, Statistics stats, InstantSource clock,
                       Limiter limiter) {
        this.limiter = limiter;
        this.database = database;
        this.redis = redis;
        this.auth = auth;
        this.registry = registry;
        this.stats = stats;
        this.clock = clock;
    }

    public record KeyView(long id, String name, String key, List<String> models, boolean allowAll, Instant expiresAt) {
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/version", this::version)
                .get("/key/summary", this::keySummary);
    }

    private void version(ServerRequest req, ServerResponse res) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("version", VERSION);
        out.put("database", database);
        out.put("redis", redis);
        out.put("auth", auth);
        Api.ok(res, out);
    }

    private void keySummary(ServerRequest req, ServerResponse res) {
        String presented = Bearer.token(req);
        if (presented == null) {
            throw ApiError.unauthorized("send your API key as Authorization: Bearer sk-llmio-…");
        }
        AuthKey key = registry.current().keyByHash(KeyHash.sha256(presented))
                .orElseThrow(() -> ApiError.unauthorized("unknown API key (the admin token has no key summary)"));
        if (!key.usableAt(clock.instant())) {
            throw ApiError.unauthorized("API key " + key.keyPrefix() + " is disabled or expired");
        }
        Statistics.Overview overview = stats.summary(key.id());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("key", new KeyView(key.id(), key.name(), key.keyPrefix(), key.models(), key.allowAll(), key.expiresAt()));
        // budgets and limits (0 = none) and the usage against them, as the proxy counts it
        out.put("limits", AuthKeysService.LimitsView.of(key.limits()));
        out.put("usage", AuthKeysService.Usage.of(limiter.keyStates(List.of(key.id())).getFirst()));
        out.put("total", overview.total());
        out.put("today", overview.today());
        out.put("series", stats.series("7d", key.id()));
        out.put("models", stats.models(key.id(), null, 20));
        Api.ok(res, out);
    }
}
