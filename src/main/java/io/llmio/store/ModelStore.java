package io.llmio.store;

import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;
import io.llmio.registry.Model;
import io.llmio.registry.Strategy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code models} table. Writes bump the registry version in the same transaction. Methods
 * taking a {@link DbExecute} run inside the caller's transaction; the others open their own.
 */
public final class ModelStore {
    private final Database database;

    public ModelStore(Database database) {
        this.database = database;
    }

    public List<Model> list() {
        return list(database.db().execute());
    }

    public List<Model> list(DbExecute ex) {
        return Sql.list(ex, "select-models", Map.of(), ModelStore::map);
    }

    public Optional<Model> get(long id) {
        return get(database.db().execute(), id);
    }

    public Optional<Model> get(DbExecute ex, long id) {
        return Sql.one(ex, "select-model-by-id", Sql.params("id", id), ModelStore::map);
    }

    public Optional<Model> byName(String name) {
        return byName(database.db().execute(), name);
    }

    public Optional<Model> byName(DbExecute ex, String name) {
        return Sql.one(ex, "select-model-by-name", Sql.params("name", name), ModelStore::map);
    }

    /** Inserts a model (its id is ignored) and returns it with its id; {@link ConflictException} if the name is taken. */
    public Model create(Model m) {
        return database.inTransaction(tx -> create(tx, m));
    }

    public Model create(DbExecute ex, Model m) {
        validate(m);
        if (byName(ex, m.name()).isPresent()) {
            throw new ConflictException("a model named '" + m.name() + "' already exists");
        }
        long id = Sql.insertId(ex, "insert-model", params(m));
        RegistryVersionStore.bump(ex);
        return get(ex, id).orElseThrow();
    }

    /** Replaces every field of the model {@code m.id()}; empty if there is no such model. */
    public Optional<Model> update(Model m) {
        return database.inTransaction(tx -> update(tx, m));
    }

    public Optional<Model> update(DbExecute ex, Model m) {
        validate(m);
        if (get(ex, m.id()).isEmpty()) {
            return Optional.empty();
        }
        Optional<Model> clash = byName(ex, m.name());
        if (clash.isPresent() && clash.get().id() != m.id()) {
            throw new ConflictException("a model named '" + m.name() + "' already exists");
        }
        Map<String, Object> params = params(m);
        params.put("id", m.id());
        if (Sql.dml(ex, "update-model", params) == 0) {
            return Optional.empty();
        }
        RegistryVersionStore.bump(ex);
        return get(ex, m.id());
    }

    /** Creates or replaces the model with {@code m.name()}; returns it with its id. */
    public Model upsertByName(Model m) {
        return database.inTransaction(tx -> upsertByName(tx, m));
    }

    public Model upsertByName(DbExecute ex, Model m) {
        Optional<Model> existing = byName(ex, m.name());
        return existing.isPresent() ? update(ex, m.withId(existing.get().id())).orElseThrow() : create(ex, m);
    }

    /**
     * Hard-deletes the model (the name can be reused). With associations: {@link ConflictException}
     * unless {@code cascade}, which deletes them too. False if there was no such model.
     */
    public boolean delete(long id, boolean cascade) {
        return database.inTransaction(tx -> delete(tx, id, cascade));
    }

    public boolean delete(DbExecute ex, long id, boolean cascade) {
        Optional<Model> m = get(ex, id);
        if (m.isEmpty()) {
            return false;
        }
        long links = Sql.one(ex, "count-associations-by-model", Sql.params("model_id", id), r -> Rows.lng(r, "n"))
                .orElse(0L);
        if (links > 0 && !cascade) {
            throw new ConflictException("model '" + m.get().name() + "' has " + links
                                        + " provider association(s); delete them first or delete with cascade");
        }
        Sql.dml(ex, "delete-associations-by-model", Sql.params("model_id", id));
        Sql.dml(ex, "delete-model", Sql.params("id", id));
        RegistryVersionStore.bump(ex);
        return true;
    }

    private static void validate(Model m) {
        if (m.name() == null || m.name().isBlank()) {
            throw new IllegalArgumentException("model name is empty");
        }
    }

    private Map<String, Object> params(Model m) {
        return Sql.params("name", m.name(), "remark", m.remark(), "strategy", m.strategy().wire(),
                          "max_retry", m.maxRetry(), "timeout_seconds", m.timeoutSeconds(), "io_log", m.ioLog(),
                          "breaker", m.breaker(), "enabled", m.enabled(), "now", database.time(Rows.now()));
    }

    static Model map(DbRow r) {
        String strategy = Rows.str(r, "strategy");
        return new Model(Rows.lng(r, "id"), Rows.str(r, "name"), Rows.str(r, "remark"),
                         Strategy.parse(strategy).orElseThrow(() -> new IllegalStateException("unknown strategy " + strategy)),
                         Rows.integer(r, "max_retry"), Rows.integer(r, "timeout_seconds"), Rows.bool(r, "io_log"),
                         Rows.bool(r, "breaker"), Rows.bool(r, "enabled"), Rows.instant(r, "created_at"),
                         Rows.instant(r, "updated_at"));
    }
}
