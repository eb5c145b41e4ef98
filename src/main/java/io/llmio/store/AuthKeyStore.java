package io.llmio.store;

import io.helidon.dbclient.DbRow;
import io.llmio.registry.AuthKey;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code auth_keys} table: only the hex SHA-256 of a caller key and its masked prefix are stored.
 * Create, update and delete bump the registry version; {@link #recordUsage(Map)} does not.
 */
public final class AuthKeyStore {
    /** Usage gathered in memory for one key since the last flush. */
    public record Usage(long count, Instant lastUsedAt) {
    }

    private final Database database;

    public AuthKeyStore(Database database) {
        this.database = database;
    }

    public List<AuthKey> list() {
        return Sql.list(database.db().execute(), "select-auth-keys", Map.of(), AuthKeyStore::map);
    }

    public Optional<AuthKey> get(long id) {
        return Sql.one(database.db().execute(), "select-auth-key-by-id", Sql.params("id", id), AuthKeyStore::map);
    }

    /** The key whose secret hashes to {@code keyHash} (lower-case hex SHA-256). */
    public Optional<AuthKey> byHash(String keyHash) {
        return Sql.one(database.db().execute(), "select-auth-key-by-hash", Sql.params("key_hash", keyHash),
                       AuthKeyStore::map);
    }

    /** Inserts a key; usage starts at 0. {@link ConflictException} if the hash exists. */
    public AuthKey create(String name, String keyHash, String keyPrefix, boolean enabled, boolean allowAll,
                          List<String> models, Instant expiresAt) {
        return create(new AuthKey(0, name, keyHash, keyPrefix, enabled, allowAll, models, expiresAt, 0, null, null, null));
    }

    /** Inserts {@code k} (id, usage and times ignored) and returns it with its id. */
    public AuthKey create(AuthKey k) {
        validate(k);
        return database.inTransaction(tx -> {
            long id = Sql.insertId(tx, "insert-auth-key", params(k));
            RegistryVersionStore.bump(tx);
            return Sql.one(tx, "select-auth-key-by-id", Sql.params("id", id), AuthKeyStore::map).orElseThrow();
        });
    }

    /** Replaces name, hash, prefix, enabled, allow_all, models and expiry of key {@code k.id()}. */
    public Optional<AuthKey> update(AuthKey k) {
        validate(k);
        return database.inTransaction(tx -> {
            Map<String, Object> params = params(k);
            params.put("id", k.id());
            if (Sql.dml(tx, "update-auth-key", params) == 0) {
                return Optional.empty();
            }
            RegistryVersionStore.bump(tx);
            return Sql.one(tx, "select-auth-key-by-id", Sql.params("id", k.id()), AuthKeyStore::map);
        });
    }

    public boolean delete(long id) {
        return database.inTransaction(tx -> {
            if (Sql.dml(tx, "delete-auth-key", Sql.params("id", id)) == 0) {
                return false;
            }
            RegistryVersionStore.bump(tx);
            return true;
        });
    }

    /**
     * Adds counts and moves {@code last_used_at} forward for a batch of keys, in one transaction, without
     * bumping the registry version. Ids of deleted keys are skipped.
     */
    public void recordUsage(Map<Long, Usage> usage) {
        if (usage.isEmpty()) {
            return;
        }
        database.runInTransaction(tx -> usage.forEach((id, u) -> Sql.dml(tx, "update-auth-key-usage",
                Sql.params("id", id, "count", u.count(), "last_used_at", database.time(u.lastUsedAt())))));
    }

    private static void validate(AuthKey k) {
        if (k.name() == null || k.keyHash() == null || k.keyHash().isBlank()) {
            throw new IllegalArgumentException("auth key needs a name and a key hash");
        }
    }

    private Map<String, Object> params(AuthKey k) {
        return Sql.params("name", k.name(), "key_hash", k.keyHash(), "key_prefix", k.keyPrefix() == null ? "" : k.keyPrefix(),
                          "enabled", k.enabled(), "allow_all", k.allowAll(), "models", Rows.json(k.models()),
                          "expires_at", database.time(k.expiresAt()), "now", database.time(Rows.now()));
    }

    static AuthKey map(DbRow r) {
        return new AuthKey(Rows.lng(r, "id"), Rows.str(r, "name"), Rows.str(r, "key_hash"), Rows.str(r, "key_prefix"),
                           Rows.bool(r, "enabled"), Rows.bool(r, "allow_all"), Rows.stringList(Rows.str(r, "models")),
                           Rows.instant(r, "expires_at"), Rows.lng(r, "usage_count"), Rows.instant(r, "last_used_at"),
                           Rows.instant(r, "created_at"), Rows.instant(r, "updated_at"));
    }
}
