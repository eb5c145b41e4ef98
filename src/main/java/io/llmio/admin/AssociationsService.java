package io.llmio.admin;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmio.json.StrictObject;
import io.llmio.registry.Association;
import io.llmio.registry.Provider;
import io.llmio.registry.SecretFields;
import io.llmio.store.RegistryLoader;
import io.llmio.store.Columns;
import io.llmio.store.AssociationStore;
import io.llmio.store.ModelStore;
import io.llmio.store.ProviderStore;

/** Model ↔ provider links: {@code /api/models/{id}/providers} and {@code /api/model-providers}, plus the test call. */
public final class AssociationsService implements HttpService {
    private static final String[] READ_ONLY = {"id", "created_at", "updated_at", "provider_name", "provider_type"};

    private final AssociationStore associations;
    private final ModelStore models;
    private final ProviderStore providers;
    private final RegistryLoader loader;
    private final UpstreamProbe probe;

    public AssociationsService(AssociationStore associations, ModelStore models, ProviderStore providers,
                               RegistryLoader loader, UpstreamProbe probe) {
        this.associations = associations;
        this.models = models;
        this.providers = providers;
        this.loader = loader;
        this.probe = probe;
    }

    public record View(long id, long modelId, long providerId, String providerName, String providerType,
                       String providerModel, int weight, boolean toolCall, boolean structuredOutput, boolean image,
                       boolean withHeader, Map<String, String> headers, JsonNode extraBody, boolean enabled,
                       Instant createdAt, Instant updatedAt) {
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/models/{id}/providers", this::listByModel)
                .post("/model-providers", this::create)
                .get("/model-providers/{id}", this::get)
                .put("/model-providers/{id}", this::update)
                .patch("/model-providers/{id}", this::update)
                .delete("/model-providers/{id}", this::delete)
                .post("/model-providers/{id}/test", this::test)
                .post("/model-providers/{id}/test-tools", this::testTools);
    }

    private void listByModel(ServerRequest req, ServerResponse res) {
        long modelId = Api.id(req);
        models.get(modelId).orElseThrow(() -> ApiError.notFound("no model with id " + modelId));
        Api.ok(res, Map.of("items", associations.byModel(modelId).stream().map(this::view).toList()));
    }

    private void get(ServerRequest req, ServerResponse res) {
        Api.ok(res, view(find(Api.id(req))));
    }

    private void create(ServerRequest req, ServerResponse res) {
        StrictObject b = Api.body(req, Columns.ASSOCIATIONS).ignore(READ_ONLY);
        Long modelId = b.longOrNull("model_id", null, 1);
        Long providerId = b.longOrNull("provider_id", null, 1);
        if (modelId == null) {
            throw ApiError.invalid("`model_id` is required");
        }
        if (providerId == null) {
            throw ApiError.invalid("`provider_id` is required");
        }
        Association base = new Association(0, modelId, providerId, null, 1, true, true, true, false, Map.of(), "{}", true,
                                           null, null);
        Association created = associations.create(read(b, base));
        loader.reload();
        Api.send(res, 201, view(created));
    }

    private void update(ServerRequest req, ServerResponse res) {
        Association old = find(Api.id(req));
        StrictObject b = Api.body(req, Columns.ASSOCIATIONS).ignore(READ_ONLY);
        Association base = new Association(old.id(), b.longOrNull("model_id", old.modelId(), 1),
                                           b.longOrNull("provider_id", old.providerId(), 1), old.providerModel(),
                                           old.weight(), old.toolCall(), old.structuredOutput(), old.image(),
                                           old.withHeader(), old.headers(), old.extraBody(), old.enabled(), null, null);
        Association updated = associations.update(read(b, base))
                .orElseThrow(() -> ApiError.notFound("no association with id " + old.id()));
        loader.reload();
        Api.ok(res, view(updated));
    }

    private void delete(ServerRequest req, ServerResponse res) {
        long id = Api.id(req);
        if (!associations.delete(id)) {
            throw ApiError.notFound("no association with id " + id);
        }
        loader.reload();
        Api.noContent(res);
    }

    private void test(ServerRequest req, ServerResponse res) {
        Association a = find(Api.id(req));
        Api.ok(res, probe.test(provider(a), a));
    }

    private void testTools(ServerRequest req, ServerResponse res) {
        Association a = find(Api.id(req));
        Api.ok(res, probe.testTools(provider(a), a));
    }

    private Provider provider(Association a) {
        return providers.get(a.providerId()).orElseThrow(() -> ApiError.notFound("no provider with id " + a.providerId()));
    }

    /** Checks the ids exist (422 naming the field) and reads the remaining fields over {@code base}. */
    private Association read(StrictObject b, Association base) {
        if (models.get(base.modelId()).isEmpty()) {
            throw ApiError.invalid("`model_id`: no model with id " + base.modelId());
        }
        if (providers.get(base.providerId()).isEmpty()) {
            throw ApiError.invalid("`provider_id`: no provider with id " + base.providerId());
        }
        String providerModel = base.providerModel() == null || b.has("provider_model")
                ? b.requiredString("provider_model") : base.providerModel();
        Association a = new Association(base.id(), base.modelId(), base.providerId(), providerModel,
                                        b.integer("weight", base.weight(), 1, 1_000_000),
                                        b.bool("tool_call", base.toolCall()),
                                        b.bool("structured_output", base.structuredOutput()), b.bool("image", base.image()),
                                        b.bool("with_header", base.withHeader()),
                                        SecretFields.keepHeaders(b.stringMap("headers", base.headers()), base.headers()),
                                        b.object("extra_body", base.extraBody()), b.bool("enabled", base.enabled()),
                                        null, null);
        b.finish();
        return a;
    }

    private View view(Association a) {
        Provider p = providers.get(a.providerId()).orElse(null);
        JsonNode extra;
        try {
            extra = Api.JSON.readTree(a.extraBody());
        } catch (Exception e) {
            extra = Api.JSON.createObjectNode();
        }
        return new View(a.id(), a.modelId(), a.providerId(), p == null ? "" : p.name(), p == null ? "" : p.type().wire(),
                        a.providerModel(), a.weight(), a.toolCall(), a.structuredOutput(), a.image(), a.withHeader(),
                        SecretFields.maskHeaders(a.headers()), extra, a.enabled(), a.createdAt(), a.updatedAt());
    }

    private Association find(long id) {
        return associations.get(id).orElseThrow(() -> ApiError.notFound("no association with id " + id));
    }
}
