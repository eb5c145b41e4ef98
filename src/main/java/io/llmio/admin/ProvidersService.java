package io.llmio.admin;

import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmio.json.StrictObject;
import io.llmio.upstream.UpstreamClient;
import io.llmio.registry.Provider;
import io.llmio.registry.ProviderType;
import io.llmio.registry.Secret;
import io.llmio.registry.SecretFields;
import io.llmio.store.RegistryLoader;
import io.llmio.store.Columns;
import io.llmio.store.ProviderStore;

/** {@code /api/providers}: CRUD, the provider's own model list, the provider types. */
public final class ProvidersService implements HttpService {
    private static final String[] READ_ONLY = {"id", "created_at", "updated_at"};

    private final ProviderStore providers;
    private final RegistryLoader loader;
    private final UpstreamProbe probe;

    public ProvidersService(ProviderStore providers, RegistryLoader loader, UpstreamProbe probe) {
        this.providers = providers;
        this.loader = loader;
        this.probe = probe;
    }

    /** A provider as the API shows it: the key, credential headers and the proxy password masked. */
    public record View(long id, String name, String type, String baseUrl, String apiKey, Map<String, String> headers,
                       String proxy, List<String> errorMatcher, int rpmLimit, int ipLockMinutes, String console,
                       boolean enabled, Instant createdAt, Instant updatedAt, int tpmLimit, boolean maxCompletionTokens) {
        static View of(Provider p) {
            return new View(p.id(), p.name(), p.type().wire(), p.baseUrl(), p.apiKey().masked(),
                            SecretFields.maskHeaders(p.headers()), SecretFields.maskProxy(p.proxy()),
                            p.errorMatcher(), p.rpmLimit(), p.ipLockMinutes(), p.console(), p.enabled(), p.createdAt(),
                            p.updatedAt(), p.tpmLimit(), p.maxCompletionTokens());
        }
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/providers", Api.accepts(this::list, "search", "type", Api.PAGE, Api.PAGE_SIZE))
                .post("/providers", this::create)
                .get("/providers/types", this::types)
                .get("/providers/{id}", this::get)
                .put("/providers/{id}", this::update)
                .patch("/providers/{id}", this::update)
                .delete("/providers/{id}", Api.accepts(this::delete, "cascade"))
                .get("/providers/{id}/upstream-models", this::upstreamModels);
    }

    private void list(ServerRequest req, ServerResponse res) {
        String search = lower(Api.query(req, "search"));
        String type = Api.query(req, "type");
        ProviderType t = type == null ? null : ProviderType.parse(type)
                .orElseThrow(() -> ApiError.badRequest("query parameter `type` must be one of " + typeNames()));
        List<View> all = providers.list().stream()
                .filter(p -> search == null || p.name().toLowerCase(Locale.ROOT).contains(search)
                        || p.baseUrl().toLowerCase(Locale.ROOT).contains(search))
                .filter(p -> t == null || p.type() == t)
                .map(View::of).toList();
        Api.ok(res, Api.paging(req).slice(all));
    }

    private void types(ServerRequest req, ServerResponse res) {
        Api.ok(res, Map.of("items", Arrays.stream(ProviderType.values()).map(ProviderType::wire).toList()));
    }

    private void get(ServerRequest req, ServerResponse res) {
        Api.ok(res, View.of(find(Api.id(req))));
    }

    private void create(ServerRequest req, ServerResponse res) {
        StrictObject b = Api.body(req, Columns.PROVIDERS).ignore(READ_ONLY);
        Provider p = read(b, new Provider(0, null, null, null, Secret.of(""), Map.of(), "", List.of(), 0, 0, "", true,
                                          null, null));
        Provider created = providers.create(p);
        loader.reload();
        Api.send(res, 201, View.of(created));
    }

    private void update(ServerRequest req, ServerResponse res) {
        Provider old = find(Api.id(req));
        Provider p = read(Api.body(req, Columns.PROVIDERS).ignore(READ_ONLY), old);
        Provider updated = providers.update(p).orElseThrow(() -> notFound(old.id()));
        loader.reload();
        Api.ok(res, View.of(updated));
    }

    private void delete(ServerRequest req, ServerResponse res) {
        long id = Api.id(req);
        if (!providers.delete(id, Api.flag(req, "cascade"))) {
            throw notFound(id);
        }
        loader.reload();
        Api.noContent(res);
    }

    private void upstreamModels(ServerRequest req, ServerResponse res) {
        Api.ok(res, Map.of("items", probe.models(find(Api.id(req)))));
    }

    /** The provider from {@code b} over {@code base}: fields absent from the body keep base's values. */
    private static Provider read(StrictObject b, Provider base) {
        String name = base.name() == null || b.has("name") ? b.requiredString("name") : base.name();
        String typeText = b.string("type", base.type() == null ? null : base.type().wire());
        if (typeText == null) {
            throw ApiError.invalid("`type` is required: one of " + typeNames());
        }
        ProviderType type = ProviderType.parse(typeText)
                .orElseThrow(() -> ApiError.invalid("`type` must be one of " + typeNames() + ", got `" + typeText + "`"));
        String baseUrl = base.baseUrl() == null || b.has("base_url") ? url("base_url", b.requiredString("base_url"))
                : base.baseUrl();
        String key = b.string("api_key", null);
        Secret apiKey = key == null || key.equals(base.apiKey().masked()) ? base.apiKey() : Secret.of(key.trim());
        // a masked value sent back (the view as read) keeps the stored secret
        String proxy = SecretFields.keepProxy(b.string("proxy", base.proxy()).trim(), base.proxy());
        if (!proxy.isEmpty()) {
            try {
                UpstreamClient.checkProxy(proxy);
            } catch (IllegalArgumentException e) {
                throw ApiError.invalid("`proxy`: " + e.getMessage());
            }
        }
        Provider p = new Provider(base.id(), name, type, baseUrl, apiKey, SecretFields.keepHeaders(b.stringMap("headers", base.headers()), base.headers()), proxy,
                                  b.stringList("error_matcher", base.errorMatcher()),
                                  b.integer("rpm_limit", base.rpmLimit(), 0, 1_000_000),
                                  b.integer("ip_lock_minutes", base.ipLockMinutes(), 0, 525_600),
                                  b.string("console", base.console()).trim(), b.bool("enabled", base.enabled()), null, null,
                                  b.integer("tpm_limit", base.tpmLimit(), 0, 1_000_000_000),
                                  b.bool("max_completion_tokens", base.maxCompletionTokens()));
        b.finish();
        return p;
    }

    static String url(String field, String value) {
        String v = value.trim();
        try {
            URI uri = URI.create(v);
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    || uri.getHost() == null) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            throw ApiError.invalid("`" + field + "` must be an http(s) URL, got `" + v + "`");
        }
        while (v.endsWith("/")) {
            v = v.substring(0, v.length() - 1);
        }
        return v;
    }

    private Provider find(long id) {
        return providers.get(id).orElseThrow(() -> notFound(id));
    }

    private static ApiError notFound(long id) {
        return ApiError.notFound("no provider with id " + id);
    }

    private static String typeNames() {
        return ProviderType.names();
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
