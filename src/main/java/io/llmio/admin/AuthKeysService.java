package io.llmio.admin;

import java.time.Instant;
import java.util.List;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmio.json.StrictObject;
import io.llmio.auth.KeyHash;
import io.llmio.registry.AuthKey;
import io.llmio.registry.Secret;
import io.llmio.store.RegistryLoader;
import io.llmio.store.Columns;
import io.llmio.store.AuthKeyStore;

/** {@code /api/auth-keys}: caller keys. The server generates the secret; POST shows it in full, once. */
public final class AuthKeysService implements HttpService {
    private static final String[] READ_ONLY = {"id", "key", "usage_count", "last_used_at", "created_at", "updated_at"};

    private final AuthKeyStore keys;
    private final RegistryLoader loader;

    public AuthKeysService(AuthKeyStore keys, RegistryLoader loader) {
        this.keys = keys;
        this.loader = loader;
    }

    /** {@code key} is the masked prefix, except in the response of the POST that created it. */
    public record View(long id, String name, String key, boolean enabled, boolean allowAll, List<String> models,
                       Instant expiresAt, long usageCount, Instant lastUsedAt, Instant createdAt, Instant updatedAt) {
        static View of(AuthKey k, String key) {
            return new View(k.id(), k.name(), key, k.enabled(), k.allowAll(), k.models(), k.expiresAt(), k.usageCount(),
                            k.lastUsedAt(), k.createdAt(), k.updatedAt());
        }

        static View of(AuthKey k) {
            return of(k, k.keyPrefix());
        }
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
        Api.ok(res, Api.paging(req).slice(keys.list().stream().map(View::of).toList()));
    }

    private void get(ServerRequest req, ServerResponse res) {
        Api.ok(res, View.of(find(Api.id(req))));
    }

    private void create(ServerRequest req, ServerResponse res) {
        String secret = KeyHash.generate();
        AuthKey base = new AuthKey(0, null, KeyHash.sha256(secret), Secret.mask(secret), true, false, List.of(), null, 0,
                                   null, null, null);
        AuthKey created = keys.create(read(Api.body(req, Columns.AUTH_KEYS).ignore(READ_ONLY), base));
        loader.reload();
        Api.send(res, 201, View.of(created, secret));
    }

    private void update(ServerRequest req, ServerResponse res) {
        AuthKey old = find(Api.id(req));
        AuthKey updated = keys.update(read(Api.body(req, Columns.AUTH_KEYS).ignore(READ_ONLY), old))
                .orElseThrow(() -> ApiError.notFound("no auth key with id " + old.id()));
        loader.reload();
        Api.ok(res, View.of(updated));
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
                                base.usageCount(), base.lastUsedAt(), base.createdAt(), base.updatedAt());
        b.finish();
        return k;
    }

    private AuthKey find(long id) {
        return keys.get(id).orElseThrow(() -> ApiError.notFound("no auth key with id " + id));
    }
}
