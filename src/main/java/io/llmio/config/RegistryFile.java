package io.llmio.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmio.registry.Association;
import io.llmio.registry.Model;
import io.llmio.registry.Provider;
import io.llmio.registry.ProviderType;
import io.llmio.registry.Secret;
import io.llmio.registry.Strategy;
import io.llmio.json.StrictObject;
import io.llmio.upstream.UpstreamClient;
import io.llmio.store.Columns;

/** Reads and validates the {@code providers:} and {@code models:} sections of a config file. */
public final class RegistryFile {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Names are VARCHAR(191) in every dialect (the longest a utf8mb4 unique index takes on old MySQL). */
    static final int MAX_NAME = Columns.NAME.max();

    private RegistryFile() {
    }

    static RegistrySpec read(StrictObject root) {
        List<Provider> providers = new ArrayList<>();
        Set<String> providerNames = new HashSet<>();
        for (StrictObject p : root.children("providers")) {
            Provider provider = provider(p);
            if (!providerNames.add(provider.name())) {
                throw p.fail(p.key("name"), "duplicates provider `" + provider.name() + "`");
            }
            providers.add(provider);
        }
        List<RegistrySpec.ModelSpec> models = new ArrayList<>();
        Set<String> modelNames = new HashSet<>();
        for (StrictObject m : root.children("models")) {
            RegistrySpec.ModelSpec spec = model(m);
            if (!modelNames.add(spec.model().name())) {
                throw m.fail(m.key("name"), "duplicates model `" + spec.model().name() + "`");
            }
            models.add(spec);
        }
        return new RegistrySpec(providers, models);
    }

    private static Provider provider(StrictObject p) {
        String name = name(p);
        String typeText = p.requiredString("type");
        ProviderType type = ProviderType.parse(typeText)
                .orElseThrow(() -> p.fail(p.key("type"), "must be one of " + ProviderType.names() + ", got `"
                        + typeText + "`"));
        String baseUrl = p.fits("base-url", httpUrl(p, "base-url", p.requiredString("base-url")), Columns.URL);
        String apiKey = p.fits("api-key", p.string("api-key", ""), Columns.TEXT);
        String proxy = p.fits("proxy", p.string("proxy", ""), Columns.URL);
        if (!proxy.isBlank()) {
            try {
                UpstreamClient.checkProxy(proxy);
            } catch (IllegalArgumentException e) {
                throw p.fail(p.key("proxy"), e.getMessage());
            }
        }
        String console = p.fits("console", p.string("console", ""), Columns.URL);
        Map<String, String> headers = p.stringMap("headers");
        p.fits("headers", JSON.valueToTree(headers).toString(), Columns.TEXT);
        List<String> errorMatcher = p.stringList("error-matcher");
        p.fits("error-matcher", JSON.valueToTree(errorMatcher).toString(), Columns.TEXT);
        Provider provider = new Provider(0, name, type, stripSlash(baseUrl), Secret.of(apiKey), headers, proxy,
                                         errorMatcher, p.integer("rpm-limit", 0, 0, 1_000_000),
                                         p.integer("ip-lock-minutes", 0, 0, 525_600), console, p.bool("enabled", true),
                                         null, null, p.integer("tpm-limit", 0, 0, 1_000_000_000),
                                         p.bool("max-completion-tokens", false));
        p.finish();
        return provider;
    }

    private static RegistrySpec.ModelSpec model(StrictObject m) {
        String name = name(m);
        String strategyText = m.string("strategy", "lottery");
        Strategy strategy = Strategy.parse(strategyText)
                .orElseThrow(() -> m.fail(m.key("strategy"), "must be lottery or rotor, got `" + strategyText + "`"));
        Model model = new Model(0, name, m.fits("remark", m.string("remark", ""), Columns.TEXT), strategy,
                                m.integer("max-retry", Model.DEFAULT_MAX_RETRY, 1, 20),
                                m.integer("timeout-seconds", Model.DEFAULT_TIMEOUT_SECONDS, 1, 3600),
                                m.bool("io-log", false), m.bool("breaker", true), m.bool("enabled", true), null, null);
        List<RegistrySpec.AssociationSpec> associations = new ArrayList<>();
        Set<String> links = new HashSet<>();
        for (StrictObject a : m.children("providers")) {
            String provider = a.requiredString("provider");
            String upstreamModel = a.fits("model", a.string("model", name), Columns.NAME);
            if (!links.add(provider + "\n" + upstreamModel)) {
                throw a.fail(a.path(), "duplicates the link to provider `" + provider
                        + "` with model `" + upstreamModel + "`");
            }
            String extraBody = a.fits("extra-body", extraBody(a), Columns.TEXT);
            Map<String, String> headers = a.stringMap("headers");
            a.fits("headers", JSON.valueToTree(headers).toString(), Columns.TEXT);
            Association association = new Association(0, 0, 0, upstreamModel, a.integer("weight", 1, 1, 1_000_000),
                                                      a.bool("tool-call", true), a.bool("structured-output", true),
                                                      a.bool("image", true), a.bool("with-header", false),
                                                      headers, extraBody, a.bool("enabled", true), null, null);
            a.finish();
            associations.add(new RegistrySpec.AssociationSpec(provider, association, a.key("provider")));
        }
        m.finish();
        return new RegistrySpec.ModelSpec(model, associations);
    }

    private static String name(StrictObject n) {
        String name = n.requiredString("name").trim();
        if (name.length() > MAX_NAME) {
            throw n.fail(n.key("name"), "must be at most " + MAX_NAME + " characters, got " + name.length());
        }
        return name;
    }

    private static String extraBody(StrictObject a) {
        JsonNode v = a.raw("extra-body");
        if (v == null || v.isNull()) {
            return "{}";
        }
        if (v.isTextual()) {
            try {
                v = JSON.readTree(v.asText());
            } catch (Exception e) {
                throw a.fail(a.key("extra-body"), "must be a JSON object");
            }
        }
        if (!(v instanceof ObjectNode obj)) {
            throw a.fail(a.key("extra-body"), "must be a mapping (JSON object)");
        }
        return obj.toString();
    }

    private static String httpUrl(StrictObject n, String key, String value) {
        try {
            URI uri = URI.create(value.trim());
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new IllegalArgumentException();
            }
            return value.trim();
        } catch (IllegalArgumentException e) {
            throw n.fail(n.key(key), "must be an http(s) URL, got `" + value + "`");
        }
    }

    static String stripSlash(String url) {
        String u = url;
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }

    /** Exposed for the import route: parses YAML text holding providers/models only. */
    public static RegistrySpec parse(String source, JsonNode tree, Map<String, String> env) {
        StrictObject root = ConfigErrors.read(source, tree, ConfigLoader.interpolator(env));
        RegistrySpec spec = read(root);
        root.finish();
        return spec;
    }
}
