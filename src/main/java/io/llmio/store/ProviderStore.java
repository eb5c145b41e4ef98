package io.llmio.store;

import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;
import io.llmio.registry.Provider;
import io.llmio.registry.ProviderType;
import io.llmio.registry.Secret;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code providers} table. Writes bump the registry version in the same transaction. Methods
 * taking a {@link DbExecute} run inside the caller's transaction (the config loader applies a whole
 * file in one); the others open their own.
 */
public final class ProviderStore {
    private final Database database;

    public ProviderStore(Database database) {
        this.database = database;
    }

    public List<Provider> list() {
        return list(database.db().execute());
    }

    public List<Provider> list(DbExecute ex) {
        return Sql.list(ex, "select-providers", Map.of(), ProviderStore::map);
    }

    public Optional<Provider> get(long id) {
        return get(database.db().execute(), id);
    }

    public Optional<Provider> get(DbExecute ex, long id) {
        return Sql.one(ex, "select-provider-by-id", Sql.params("id", id), ProviderStore::map);
    }

    public Optional<Provider> byName(String name) {
        return byName(database.db().execute(), name);
    }

    public Optional<Provider> byName(DbExecute ex, String name) {
        return Sql.one(ex, "select-provider-by-name", Sql.params("name", name), ProviderStore::map);
    }

    /** Inserts a provider (its id is ignored) and returns it with its id; {@link ConflictException} if the name is taken. */
    public Provider create(Provider p) {
        return database.inTransaction(tx -> create(tx, p));
    }

    public Provider create(DbExecute ex, Provider p) {
        validate(p);
        if (byName(ex, p.name()).isPresent()) {
            throw new ConflictException("a provider named '" + p.name() + "' already exists");
        }
        long id = Sql.insertId(ex, "insert-provider", params(p));
        RegistryVersionStore.bump(ex);
        return get(ex, id).orElseThrow();
    }

    /** Replaces every field of the provider {@code p.id()}; empty if there is no such provider. */
    public Optional<Provider> update(Provider p) {
        return database.inTransaction(tx -> update(tx, p));
    }

    public Optional<Provider> update(DbExecute ex, Provider p) {
        validate(p);
        if (get(ex, p.id()).isEmpty()) {
            return Optional.empty();
        }
        Optional<Provider> clash = byName(ex, p.name());
        if (clash.isPresent() && clash.get().id() != p.id()) {
            throw new ConflictException("a provider named '" + p.name() + "' already exists");
        }
        Map<String, Object> params = params(p);
        params.put("id", p.id());
        if (Sql.dml(ex, "update-provider", params) == 0) {
            return Optional.empty();
        }
        RegistryVersionStore.bump(ex);
        return get(ex, p.id());
    }

    /** Creates or replaces the provider with {@code p.name()}; returns it with its id. */
    public Provider upsertByName(Provider p) {
        return database.inTransaction(tx -> upsertByName(tx, p));
    }

    public Provider upsertByName(DbExecute ex, Provider p) {
        Optional<Provider> existing = byName(ex, p.name());
        return existing.isPresent() ? update(ex, p.withId(existing.get().id())).orElseThrow() : create(ex, p);
    }

    /**
     * Hard-deletes the provider (the name can be reused). With associations: {@link ConflictException}
     * unless {@code cascade}, which deletes them too. False if there was no such provider.
     */
    public boolean delete(long id, boolean cascade) {
        return database.inTransaction(tx -> delete(tx, id, cascade));
    }

    public boolean delete(DbExecute ex, long id, boolean cascade) {
        Optional<Provider> p = get(ex, id);
        if (p.isEmpty()) {
            return false;
        }
        long links = Sql.one(ex, "count-associations-by-provider", Sql.params("provider_id", id), r -> Rows.lng(r, "n"))
                .orElse(0L);
        if (links > 0 && !cascade) {
            throw new ConflictException("provider '" + p.get().name() + "' is used by " + links
                                        + " model association(s); delete them first or delete with cascade");
        }
        Sql.dml(ex, "delete-associations-by-provider", Sql.params("provider_id", id));
        Sql.dml(ex, "delete-provider", Sql.params("id", id));
        RegistryVersionStore.bump(ex);
        return true;
    }

    private static void validate(Provider p) {
        if (p.name() == null || p.name().isBlank()) {
            throw new IllegalArgumentException("provider name is empty");
        }
        if (p.type() == null) {
            throw new IllegalArgumentException("provider '" + p.name() + "' has no type");
        }
    }

    private Map<String, Object> params(Provider p) {
        return Sql.params("name", p.name(), "type", p.type().wire(), "base_url", p.baseUrl() == null ? "" : p.baseUrl(),
                          "api_key", p.apiKey().value(), "headers", Rows.json(p.headers()), "proxy", p.proxy(),
                          "error_matcher", Rows.json(p.errorMatcher()), "rpm_limit", p.rpmLimit(),
                          "ip_lock_minutes", p.ipLockMinutes(), "console", p.console(), "enabled", p.enabled(),
                          "tpm_limit", p.tpmLimit(), "max_completion_tokens", p.maxCompletionTokens(), "now", database.time(Rows.now()));
    }

    static Provider map(DbRow r) {
        String type = Rows.str(r, "type");
        return new Provider(Rows.lng(r, "id"), Rows.str(r, "name"),
                            ProviderType.parse(type).orElseThrow(() -> new IllegalStateException("unknown provider type " + type)),
                            Rows.str(r, "base_url"), Secret.of(Rows.str(r, "api_key")), Rows.stringMap(Rows.str(r, "headers")),
                            Rows.str(r, "proxy"), Rows.stringList(Rows.str(r, "error_matcher")), Rows.integer(r, "rpm_limit"),
                            Rows.integer(r, "ip_lock_minutes"), Rows.str(r, "console"), Rows.bool(r, "enabled"),
                            Rows.instant(r, "created_at"), Rows.instant(r, "updated_at"), Rows.integer(r, "tpm_limit"),
                            Rows.bool(r, "max_completion_tokens"));
    }
}
