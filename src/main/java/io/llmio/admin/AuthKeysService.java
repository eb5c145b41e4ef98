package io.llmio.admin;

import java.time.Instant;
import java.util.List;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmio.json.StrictObject;
import io.llmio.auth.KeyHash;
import io.llmio.limits.Limiter;
import io.llmio.registry.AuthKey;
import io.llmio.registry.KeyLimits;
import io.llmio.registry.KeySpend;
import io.llmio.registry.Secret;
import io.llmio.store.RegistryLoader;
import io.llmio.store.Columns;
import io.llmio.store.AuthKeyStore;

/**
 * {@code /api/auth-keys}: caller keys. The server generates the secret; POST shows it in full, once. Each key
 * carries its budgets and limits (0 = none) and its {@code usage} against them, read from the limiter.
 */
public final class AuthKeysService implements HttpService {
    private static final String[] READ_ONLY = {"id", "key", "usage_count", "last_used_at", "created_at", "updated_at",
                                               "usage"};

    private final AuthKeyStore keys;
    private final RegistryLoader loader;
    private final Limiter limiter;

    public AuthKeysService(AuthKeyStore keys, RegistryLoader loader, Limiter limiter) {
        this.keys = keys;
        this.loader = loader;
        this.limiter = limiter;
    }

    /** {@code key} is the masked prefix, except in the response of the POST that created it. */
    public record View(long id, String name, String key, boolean enabled, boolean allowAll, List<String> models,
                       Instant expiresAt, long usageCount, Instant lastUsedAt, Instant createdAt, Instant updatedAt,
                       double budgetUsd, double budgetUsdDaily, double budgetUsdMonthly, long budgetTokens,
                       long budgetTokensDaily, long budgetTokensMonthly, int rpmLimit, int tpmLimit, int maxParallel,
                       Usage usage) {
        static View of(AuthKey k, String key, Limiter.KeyState state) {
            KeyLimits l = k.limits();
            return new View(k.id(), k.name(), key, k.enabled(), k.allowAll(), k.models(), k.expiresAt(), k.usageCount(),
                            k.lastUsedAt(), k.createdAt(), k.updatedAt(), l.usd(), l.usdDaily(), l.usdMonthly(),
                            l.tokens(), l.tokensDaily(), l.tokensMonthly(), l.rpm(), l.tpm(), l.maxParallel(),
                            Usage.of(state));
        }
    }

    /** A key's budgets and limits under the names {@link View} uses (0 = none). */
    public record LimitsView(double budgetUsd, double budgetUsdDaily, double budgetUsdMonthly, long budgetTokens,
                             long budgetTokensDaily, long budgetTokensMonthly, int rpmLimit, int tpmLimit,
                             int maxParallel) {
        static LimitsView of(KeyLimits l) {
            return new LimitsView(l.usd(), l.usdDaily(), l.usdMonthly(), l.tokens(), l.tokensDaily(), l.tokensMonthly(),
                                  l.rpm(), l.tpm(), l.maxParallel());
        }
    }

    /** What a key used: spend and tokens in total, today and this month (UTC); requests and tokens in the last minute; requests in flight. */
    public record Usage(double usd, double usdDaily, double usdMonthly, long tokens, long tokensDaily, long tokensMonthly,
                        int rpm, long tpm, int parallel) {
        static Usage of(Limiter.KeyState s) {
            KeySpend p = s.spent();
            return new Usage(p.usd(), p.usdDay(), p.usdMonth(), p.tokens(), p.tokensDay(), p.tokensMonth(), s.rpm(),
                             s.tpm(), s.parallel());
        }
    }

    private View view(AuthKey k, String key) {
        return View.of(k, key, limiter.keyStates(List.of(k.id())).getFirst());
    }

    private View view(AuthKey k) {
        return view(k, k.keyPrefix());
    }

    /** Budgets and limits from an API body (or the YAML), each kept from {@code base} when absent. */
    static KeyLimits readLimits(StrictObject b, KeyLimits base) {
        return new KeyLimits(b.number("budget_usd", base.usd(), 0), b.number("budget_usd_daily", base.usdDaily(), 0),
                             b.number("budget_usd_monthly", base.usdMonthly(), 0),
                             b.longOrNull("budget_tokens", base.tokens(), 0),
                             b.longOrNull("budget_tokens_daily", base.tokensDaily(), 0),
                             b.longOrNull("budget_tokens_monthly", base.tokensMonthly(), 0),
                             b.integer("rpm_limit", base.rpm(), 0, 1_000_000),
                             b.integer("tpm_limit", base.tpm(), 0, 1_000_000_000),
                             b.integer("max_parallel", base.maxParallel(), 0, 100_000));
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/auth-keys", Api.accepts(this::list, Api.PAGE, Api.PAGE_SIZE))
                .post("/auth-keys", this::create)
                .get("/auth-keys/{id}", this::get)
                .put("/auth-keys/{id}", this::update)
                .patch("/auth-keys/{id}", this::update)
                .delete("/auth-keys/{id}", this::delete);
    }

    private void list(ServerRequest req, ServerResponse res) {
        List<AuthKey> all = keys.list();
        List<Limiter.KeyState> states = limiter.keyStates(all.stream().map(AuthKey::id).toList());
        List<View> views = new java.util.ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            views.add(View.of(all.get(i), all.get(i).keyPrefix(), states.get(i)));
        }
        Api.ok(res, Api.paging(req).slice(views));
    }

    private void get(ServerRequest req, ServerResponse res) {
        Api.ok(res, view(find(Api.id(req))));
    }

    private void create(ServerRequest req, ServerResponse res) {
        String secret = KeyHash.generate();
        AuthKey base = new AuthKey(0, null, KeyHash.sha256(secret), Secret.mask(secret), true, false, List.of(), null, 0,
                                   null, null, null);
        AuthKey created = keys.create(read(Api.body(req, Columns.AUTH_KEYS).ignore(READ_ONLY), base));
        loader.reload();
        Api.send(res, 201, view(created, secret));
    }

    private void update(ServerRequest req, ServerResponse res) {
        AuthKey old = find(Api.id(req));
        AuthKey updated = keys.update(read(Api.body(req, Columns.AUTH_KEYS).ignore(READ_ONLY), old))
                .orElseThrow(() -> ApiError.notFound("no auth key with id " + old.id()));
        loader.reload();
        Api.ok(res, view(updated));
    }

    private void delete(ServerRequest req, ServerResponse res) {
        long id = Api.id(req);
        if (!keys.delete(id)) {
            throw ApiError.notFound("no auth key with id " + id);
        }
        loader.reload();
        Api.noContent(res);
    }

    private static AuthKey read(StrictObject b, AuthKey base) {
        String name = base.name() == null || b.has("name") ? b.requiredString("name") : base.name();
        List<String> models = b.stringList("models", base.models()).stream().map(String::trim)
                .filter(s -> !s.isEmpty()).distinct().toList();
        AuthKey k = new AuthKey(base.id(), name, base.keyHash(), base.keyPrefix(), b.bool("enabled", base.enabled()),
                                b.bool("allow_all", base.allowAll()), models, b.instant("expires_at", base.expiresAt()),
                                base.usageCount(), base.lastUsedAt(), base.createdAt(), base.updatedAt(),
                                readLimits(b, base.limits()));
        b.finish();
        return k;
    }

    private AuthKey find(long id) {
        return keys.get(id).orElseThrow(() -> ApiError.notFound("no auth key with id " + id));
    }
}
