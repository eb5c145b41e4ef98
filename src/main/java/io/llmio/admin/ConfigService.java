package io.llmio.admin;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmio.config.RegistryFile;
import io.llmio.config.RegistrySpec;
import io.llmio.errors.StartupException;
import io.llmio.registry.Association;
import io.llmio.registry.Model;
import io.llmio.registry.Provider;
import io.llmio.registry.SecretFields;
import io.llmio.store.RegistryLoader;
import io.llmio.store.AssociationStore;
import io.llmio.store.ModelStore;
import io.llmio.store.ProviderStore;

/**
 * {@code /api/config}: the registry as {@code config/llmio.yaml} text and back. A masked key,
 * credential header or proxy password in an imported file (as exported without {@code ?secrets=true})
 * keeps the stored one, so export → import leaves the registry identical either way.
 */
public final class ConfigService implements HttpService {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    private final ProviderStore providers;
    private final ModelStore models;
    private final AssociationStore associations;
    private final ConfigApplier applier;
    private final RegistryLoader loader;
    private final Map<String, String> env;

    public ConfigService(ProviderStore providers, ModelStore models, AssociationStore associations, ConfigApplier applier,
                         RegistryLoader loader, Map<String, String> env) {
        this.providers = providers;
        this.models = models;
        this.associations = associations;
        this.applier = applier;
        this.loader = loader;
        this.env = Map.copyOf(env);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/config/export", Api.accepts(this::export, "secrets"))
                .post("/config/import", Api.accepts(this::importFile, "dry_run"));
    }

    private void export(ServerRequest req, ServerResponse res) throws JsonProcessingException {
        boolean secrets = Api.flag(req, "secrets");
        Map<Long, Provider> byId = new LinkedHashMap<>();
        List<Map<String, Object>> ps = new ArrayList<>();
        for (Provider p : providers.list()) {
            byId.put(p.id(), p);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", p.name());
            m.put("type", p.type().wire());
            m.put("base-url", p.baseUrl());
            m.put("api-key", secrets ? p.apiKey().value() : p.apiKey().masked());
            m.put("headers", secrets ? p.headers() : SecretFields.maskHeaders(p.headers()));
            m.put("proxy", secrets ? p.proxy() : SecretFields.maskProxy(p.proxy()));
            m.put("error-matcher", p.errorMatcher());
            m.put("rpm-limit", p.rpmLimit());
            m.put("tpm-limit", p.tpmLimit());
            m.put("ip-lock-minutes", p.ipLockMinutes());
            m.put("console", p.console());
            m.put("enabled", p.enabled());
            if (p.maxCompletionTokens()) {
                m.put("max-completion-tokens", true);
            }
            ps.add(m);
        }
        List<Map<String, Object>> ms = new ArrayList<>();
        for (Model model : models.list()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", model.name());
            m.put("remark", model.remark());
            m.put("strategy", model.strategy().wire());
            m.put("max-retry", model.maxRetry());
            m.put("timeout-seconds", model.timeoutSeconds());
            m.put("io-log", model.ioLog());
            m.put("breaker", model.breaker());
            m.put("enabled", model.enabled());
            List<Map<String, Object>> links = new ArrayList<>();
            for (Association a : associations.byModel(model.id())) {
                Provider p = byId.get(a.providerId());
                if (p == null) {
                    continue;
                }
                Map<String, Object> l = new LinkedHashMap<>();
                l.put("provider", p.name());
                l.put("model", a.providerModel());
                l.put("weight", a.weight());
                l.put("tool-call", a.toolCall());
                l.put("structured-output", a.structuredOutput());
                l.put("image", a.image());
                l.put("with-header", a.withHeader());
                l.put("headers", secrets ? a.headers() : SecretFields.maskHeaders(a.headers()));
                l.put("extra-body", Api.JSON.readTree(a.extraBody()));
                l.put("enabled", a.enabled());
                links.add(l);
            }
            m.put("providers", links);
            ms.add(m);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("providers", ps);
        root.put("models", ms);
        res.header(HeaderNames.CONTENT_TYPE, "text/yaml; charset=utf-8");
        res.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"llmio.yaml\"");
        res.send(("# llmio registry export" + (secrets ? " (WITH SECRETS)" : " (api keys, credential headers and proxy passwords masked)") + "\n"
                  + YAML.writeValueAsString(root)).getBytes(StandardCharsets.UTF_8));
    }

    private void importFile(ServerRequest req, ServerResponse res) {
        boolean dryRun = Api.flag(req, "dry_run");
        String text = req.content().hasEntity() ? req.content().as(String.class) : "";
        if (text.isBlank()) {
            throw ApiError.badRequest("request body is empty: send the YAML of config/llmio.yaml");
        }
        JsonNode tree;
        try {
            tree = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw ApiError.badRequest("body is not valid YAML" + where + ": " + e.getOriginalMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw ApiError.badRequest("body must be a YAML mapping with `providers:` and/or `models:`");
        }
        RegistrySpec spec;
        List<ConfigApplier.Change> changes;
        try {
            spec = RegistryFile.parse("import", tree, env);
            changes = applier.apply("import", spec, dryRun);
        } catch (StartupException | IllegalArgumentException e) {
            throw ApiError.invalid(e.getMessage());
        }
        if (!dryRun) {
            loader.reload();
        }
        Api.ok(res, Map.of("applied", !dryRun, "changes", changes));
    }
}
