package io.llmio.store;

import io.helidon.dbclient.DbExecute;

import java.util.Map;

/**
 * The one-row {@code registry_version} table. Every store mutation of providers, models, associations
 * and auth keys bumps it in the same transaction; instances poll {@link #current()} and reload their
 * in-memory registry when it moves.
 */
public final class RegistryVersionStore {
    private final Database database;

    public RegistryVersionStore(Database database) {
        this.database = database;
    }

    public long current() {
        return current(database.db().execute());
    }

    public long current(DbExecute ex) {
        return Sql.one(ex, "select-registry-version", Map.of(), r -> Rows.lng(r, "version"))
                .orElseThrow(() -> new IllegalStateException("registry_version has no row: migrations not applied?"));
    }

    /** Bumps the version on its own (e.g. after a change made outside the stores). */
    public long bump() {
        return database.inTransaction(tx -> {
            bump(tx);
            return current(tx);
        });
    }

    static void bump(DbExecute ex) {
        Sql.dml(ex, "bump-registry-version", Map.of());
    }
}
