package io.llmio.store;

import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;
import io.llmio.registry.Association;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code model_providers} table (model ↔ provider links). Writes bump the registry version in the
 * same transaction. Methods taking a {@link DbExecute} run inside the caller's transaction.
 */
public final class AssociationStore {
    private final Database database;

    public AssociationStore(Database database) {
        this.database = database;
    }

    public List<Association> list() {
        return list(database.db().execute());
    }

    public List<Association> list(DbExecute ex) {
        return Sql.list(ex, "select-associations", Map.of(), AssociationStore::map);
    }

    public List<Association> byModel(long modelId) {
        return byModel(database.db().execute(), modelId);
    }

    public List<Association> byModel(DbExecute ex, long modelId) {
        return Sql.list(ex, "select-associations-by-model", Sql.params("model_id", modelId), AssociationStore::map);
    }

    public List<Association> byProvider(long providerId) {
        return Sql.list(database.db().execute(), "select-associations-by-provider", Sql.params("provider_id", providerId),
                        AssociationStore::map);
    }

    public Optional<Association> get(long id) {
        return get(database.db().execute(), id);
    }

    public Optional<Association> get(DbExecute ex, long id) {
        return Sql.one(ex, "select-association-by-id", Sql.params("id", id), AssociationStore::map);
    }

    /** The association with this (model, provider, provider model) key. */
    public Optional<Association> byKey(DbExecute ex, long modelId, long providerId, String providerModel) {
        return Sql.one(ex, "select-association-by-key",
                       Sql.params("model_id", modelId, "provider_id", providerId, "provider_model", providerModel),
                       AssociationStore::map);
    }

    /** Inserts (id ignored); {@link ConflictException} if the (model, provider, provider model) key exists. */
    public Association create(Association a) {
        return database.inTransaction(tx -> create(tx, a));
    }

    public Association create(DbExecute ex, Association a) {
        validate(a);
        if (byKey(ex, a.modelId(), a.providerId(), a.providerModel()).isPresent()) {
            throw new ConflictException("model " + a.modelId() + " is already linked to provider " + a.providerId()
                                        + " as '" + a.providerModel() + "'");
        }
        long id = Sql.insertId(ex, "insert-association", params(a));
        RegistryVersionStore.bump(ex);
        return get(ex, id).orElseThrow();
    }

    /** Replaces every field of association {@code a.id()}; empty if there is no such association. */
    public Optional<Association> update(Association a) {
        return database.inTransaction(tx -> update(tx, a));
    }

    public Optional<Association> update(DbExecute ex, Association a) {
        validate(a);
        if (get(ex, a.id()).isEmpty()) {
            return Optional.empty();
        }
        Optional<Association> clash = byKey(ex, a.modelId(), a.providerId(), a.providerModel());
        if (clash.isPresent() && clash.get().id() != a.id()) {
            throw new ConflictException("model " + a.modelId() + " is already linked to provider " + a.providerId()
                                        + " as '" + a.providerModel() + "'");
        }
        Map<String, Object> params = params(a);
        params.put("id", a.id());
        if (Sql.dml(ex, "update-association", params) == 0) {
            return Optional.empty();
        }
        RegistryVersionStore.bump(ex);
        return get(ex, a.id());
    }

    /** Creates or replaces the association keyed by (model_id, provider_id, provider_model). */
    public Association upsert(Association a) {
        return database.inTransaction(tx -> upsert(tx, a));
    }

    public Association upsert(DbExecute ex, Association a) {
        Optional<Association> existing = byKey(ex, a.modelId(), a.providerId(), a.providerModel());
        return existing.isPresent() ? update(ex, a.withId(existing.get().id())).orElseThrow() : create(ex, a);
    }

    /** Hard delete; false if there was no such association. */
    public boolean delete(long id) {
        return database.inTransaction(tx -> delete(tx, id));
    }

    public boolean delete(DbExecute ex, long id) {
        if (Sql.dml(ex, "delete-association", Sql.params("id", id)) == 0) {
            return false;
        }
        RegistryVersionStore.bump(ex);
        return true;
    }

    private static void validate(Association a) {
        if (a.providerModel() == null || a.providerModel().isBlank()) {
            throw new IllegalArgumentException("association has no provider model");
        }
    }

    private Map<String, Object> params(Association a) {
        return Sql.params("model_id", a.modelId(), "provider_id", a.providerId(), "provider_model", a.providerModel(),
                          "weight", a.weight(), "tool_call", a.toolCall(), "structured_output", a.structuredOutput(),
                          "image", a.image(), "with_header", a.withHeader(), "headers", Rows.json(a.headers()),
                          "extra_body", a.extraBody(), "enabled", a.enabled(), "now", database.time(Rows.now()));
    }

    static Association map(DbRow r) {
        return new Association(Rows.lng(r, "id"), Rows.lng(r, "model_id"), Rows.lng(r, "provider_id"),
                               Rows.str(r, "provider_model"), Rows.integer(r, "weight"), Rows.bool(r, "tool_call"),
                               Rows.bool(r, "structured_output"), Rows.bool(r, "image"), Rows.bool(r, "with_header"),
                               Rows.stringMap(Rows.str(r, "headers")), Rows.str(r, "extra_body"), Rows.bool(r, "enabled"),
                               Rows.instant(r, "created_at"), Rows.instant(r, "updated_at"));
    }
}
