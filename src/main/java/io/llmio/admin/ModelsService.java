package io.llmio.admin;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmio.json.StrictObject;
import io.llmio.registry.Association;
import io.llmio.registry.Model;
import io.llmio.registry.Strategy;
import io.llmio.store.RegistryLoader;
import io.llmio.store.Columns;
import io.llmio.store.AssociationStore;
import io.llmio.store.ModelStore;

/** {@code /api/models}: CRUD of public model names; PUT and PATCH both merge the given fields. */
public final class ModelsService implements HttpService {
    private static final String[] READ_ONLY = {"id", "created_at", "updated_at", "association_count"};

    private final ModelStore models;
    private final AssociationStore associations;
    private final RegistryLoader loader;

    public ModelsService(ModelStore models, AssociationStore associations, RegistryLoader loader) {
        this.models = models;
        this.associations = associations;
        this.loader = loader;
    }

    public record View(long id, String name, String remark, String strategy, int maxRetry, int timeoutSeconds,
                       boolean ioLog, boolean breaker, boolean enabled, long associationCount, Instant createdAt,
                       Instant updatedAt) {
        static View of(Model m, long associationCount) {
            return new View(m.id(), m.name(), m.remark(), m.strategy().wire(), m.maxRetry(), m.timeoutSeconds(), m.ioLog(),
                            m.breaker(), m.enabled(), associationCount, m.createdAt(), m.updatedAt());
        }
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/models", Api.accepts(this::list, "search", Api.PAGE, Api.PAGE_SIZE))
                .post("/models", this::create)
                .get("/models/{id}", this::get)
                .put("/models/{id}", this::update)
                .patch("/models/{id}", this::update)
                .delete("/models/{id}", Api.accepts(this::delete, "cascade"));
    }

    private void list(ServerRequest req, ServerResponse res) {
        String search = Api.query(req, "search");
        String s = search == null ? null : search.toLowerCase(Locale.ROOT);
        Map<Long, Long> counts = associations.list().stream()
                .collect(Collectors.groupingBy(Association::modelId, Collectors.counting()));
        List<View> all = models.list().stream()
                .filter(m -> s == null || m.name().toLowerCase(Locale.ROOT).contains(s)
                        || m.remark().toLowerCase(Locale.ROOT).contains(s))
                .map(m -> View.of(m, counts.getOrDefault(m.id(), 0L))).toList();
        Api.ok(res, Api.paging(req).slice(all));
    }

    private void get(ServerRequest req, ServerResponse res) {
        Api.ok(res, view(find(Api.id(req))));
    }

    private void create(ServerRequest req, ServerResponse res) {
        Model m = read(Api.body(req, Columns.MODELS).ignore(READ_ONLY), new Model(0, null, "", Strategy.LOTTERY, Model.DEFAULT_MAX_RETRY,
                                                                 Model.DEFAULT_TIMEOUT_SECONDS, false, true, true, null, null));
        Model created = models.create(m);
        loader.reload();
        Api.send(res, 201, View.of(created, 0));
    }

    private void update(ServerRequest req, ServerResponse res) {
        Model old = find(Api.id(req));
        Model updated = models.update(read(Api.body(req, Columns.MODELS).ignore(READ_ONLY), old))
                .orElseThrow(() -> ApiError.notFound("no model with id " + old.id()));
        loader.reload();
        Api.ok(res, view(updated));
    }

    private void delete(ServerRequest req, ServerResponse res) {
        long id = Api.id(req);
        if (!models.delete(id, Api.flag(req, "cascade"))) {
            throw ApiError.notFound("no model with id " + id);
        }
        loader.reload();
        Api.noContent(res);
    }

    private static Model read(StrictObject b, Model base) {
        String name = base.name() == null || b.has("name") ? b.requiredString("name") : base.name();
        String strategyText = b.string("strategy", base.strategy().wire());
        Strategy strategy = Strategy.parse(strategyText)
                .orElseThrow(() -> ApiError.invalid("`strategy` must be lottery or rotor, got `" + strategyText + "`"));
        Model m = new Model(base.id(), name, b.string("remark", base.remark()), strategy,
                            b.integer("max_retry", base.maxRetry(), 1, 20),
                            b.integer("timeout_seconds", base.timeoutSeconds(), 1, 3600), b.bool("io_log", base.ioLog()),
                            b.bool("breaker", base.breaker()), b.bool("enabled", base.enabled()), null, null);
        b.finish();
        return m;
    }

    private View view(Model m) {
        return View.of(m, associations.byModel(m.id()).size());
    }

    private Model find(long id) {
        return models.get(id).orElseThrow(() -> ApiError.notFound("no model with id " + id));
    }
}
