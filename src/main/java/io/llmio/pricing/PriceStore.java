package io.llmio.pricing;

import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.llmio.store.Database;
import io.llmio.store.Rows;
import io.llmio.store.Sql;

/** The {@code model_prices} table: one price per association, or per public model name. */
public final class PriceStore {
    private final Database database;

    public PriceStore(Database database) {
        this.database = database;
    }

    public List<ModelPrice> list() {
        return Sql.list(database.db().execute(), "select-prices", Map.of(), PriceStore::map);
    }

    public Optional<ModelPrice> get(long id) {
        return get(database.db().execute(), id);
    }

    public Optional<ModelPrice> forModel(String modelName) {
        return Sql.one(database.db().execute(), "select-price-by-model", Sql.params("model_name", modelName), PriceStore::map);
    }

    public Optional<ModelPrice> forAssociation(long associationId) {
        return Sql.one(database.db().execute(), "select-price-by-association", Sql.params("association_id", associationId),
                       PriceStore::map);
    }

    /**
     * Inserts or replaces the price keyed by its association (when set) or its model name; returns the
     * stored row. The id of {@code p} is ignored.
     */
    public ModelPrice upsert(ModelPrice p) {
        if (p.associationId() == null && (p.modelName() == null || p.modelName().isBlank())) {
            throw new IllegalArgumentException("a price needs a model name or an association id");
        }
        return database.inTransaction(tx -> {
            Optional<ModelPrice> existing = p.associationId() != null
                    ? Sql.one(tx, "select-price-by-association", Sql.params("association_id", p.associationId()), PriceStore::map)
                    : Sql.one(tx, "select-price-by-model", Sql.params("model_name", p.modelName()), PriceStore::map);
            Map<String, Object> params = Sql.params("model_name", p.modelName(), "association_id", p.associationId(),
                    "input_per_mtok", p.inputPerMtok(), "output_per_mtok", p.outputPerMtok(),
                    "cached_input_per_mtok", p.cachedInputPerMtok(), "source", p.source(), "now", database.time(Rows.now()));
            long id;
            if (existing.isPresent()) {
                id = existing.get().id();
                params.put("id", id);
                Sql.dml(tx, "update-price", params);
            } else {
                id = Sql.insertId(tx, "insert-price", params);
            }
            return get(tx, id).orElseThrow();
        });
    }

    public boolean delete(long id) {
        return Sql.dml(database.db().execute(), "delete-price", Sql.params("id", id)) > 0;
    }

    private static Optional<ModelPrice> get(DbExecute ex, long id) {
        return Sql.one(ex, "select-price-by-id", Sql.params("id", id), PriceStore::map);
    }

    static ModelPrice map(DbRow r) {
        return new ModelPrice(Rows.lng(r, "id"), Rows.str(r, "model_name"), Rows.lngOrNull(r, "association_id"),
                              Rows.dbl(r, "input_per_mtok"), Rows.dbl(r, "output_per_mtok"),
                              Rows.dblOrNull(r, "cached_input_per_mtok"), Rows.str(r, "source"), Rows.instant(r, "updated_at"));
    }
}
