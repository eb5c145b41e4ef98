package io.llmio.store;

import io.helidon.dbclient.DbRow;
import io.llmio.registry.AuthKey;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.llmio.registry.KeyLimits;
import io.llmio.registry.KeySpend;
import io.llmio.registry.UsagePeriods;

/**
 * The {@code auth_keys} table: only the hex SHA-256 of a caller key and its masked prefix are stored; and
 * {@code auth_key_usage}, what each key spent per period (total, UTC day, UTC month).
 * Create, update and delete bump the registry version; {@link #recordUsage} does not.
 */
public final class AuthKeyStore {
    /** Usage gathered in memory for one key since the last flush: requests, and tokens and spend to add. */
    public record Usage(long count, Instant lastUsedAt, long tokens, double cost) {
        public Usage(long count, Instant lastUsedAt) {
            this(count, lastUsedAt, 0, 0);
        }

        public Usage plus(Usage o) {
            return new Usage(count + o.count, lastUsedAt.isAfter(o.lastUsedAt) ? lastUsedAt : o.lastUsedAt,
                             tokens + o.tokens, cost + o.cost);
        }
    }

    /** Usage is gathered per key and UTC day, so that a batch across midnight adds to both days. */
    public record UsageKey(long keyId, LocalDate day) {
        public static UsageKey of(long keyId, Instant at) {
            return new UsageKey(keyId, LocalDate.ofEpochDay(UsagePeriods.day(at.toEpochMilli())));
        }
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
            Sql.dml(tx, "delete-auth-key-usage", Sql.params("id", id));
            RegistryVersionStore.bump(tx);
            return true;
        });
    }

    /** As {@link #recordUsage(Map)}, for usage of today. */
    public void recordUsage(Map<Long, Usage> usage) {
        Map<UsageKey, Usage> byDay = new HashMap<>();
        usage.forEach((id, u) -> byDay.put(UsageKey.of(id, u.lastUsedAt()), u));
        recordUsageByDay(byDay);
    }

    /**
     * Adds counts and moves {@code last_used_at} forward for a batch of keys, and adds tokens and spend to each
     * key's total, day and month, in one transaction, without bumping the registry version. Ids of deleted keys
     * are skipped (their spend rows are left for nobody: deleting a key deletes its rows).
     */
    public void recordUsageByDay(Map<UsageKey, Usage> usage) {
        if (usage.isEmpty()) {
            return;
        }
        database.runInTransaction(tx -> usage.forEach((k, u) -> {
            if (Sql.dml(tx, "update-auth-key-usage", Sql.params("id", k.keyId(), "count", u.count(), "last_used_at",
                                                                 database.time(u.lastUsedAt()))) == 0
                    || (u.tokens() == 0 && u.cost() == 0)) {
                return;
            }
            Object now = database.time(Rows.now());
            for (String period : List.of(UsagePeriods.TOTAL, "day:" + k.day(), "month:" + java.time.YearMonth.from(k.day()))) {
                Sql.dml(tx, "add-auth-key-usage", Sql.params("id", k.keyId(), "period", period, "cost", u.cost(),
                                                            "tokens", u.tokens(), "now", now));
            }
        }));
    }

    /** What each key spent in total, on the UTC day and in the UTC month of {@code at} (keys with any spend). */
    public Map<Long, KeySpend> spent(Instant at) {
        Map<Long, KeySpend> out = new HashMap<>();
        long ms = at.toEpochMilli();
        String day = UsagePeriods.dayLabel(ms);
        String month = UsagePeriods.monthLabel(ms);
        Sql.list(database.db().execute(), "select-auth-key-usage",
                 Sql.params("total", UsagePeriods.TOTAL, "day", day, "month", month), r -> r)
                .forEach(r -> {
                    long id = Rows.lng(r, "auth_key_id");
                    String period = Rows.str(r, "period");
                    double cost = Rows.dbl(r, "cost");
                    long tokens = Rows.lng(r, "tokens");
                    KeySpend s = out.getOrDefault(id, KeySpend.ZERO);
                    out.put(id, period.equals(day) ? new KeySpend(s.usd(), s.tokens(), cost, tokens, s.usdMonth(), s.tokensMonth())
                            : period.equals(month) ? new KeySpend(s.usd(), s.tokens(), s.usdDay(), s.tokensDay(), cost, tokens)
                            : new KeySpend(cost, tokens, s.usdDay(), s.tokensDay(), s.usdMonth(), s.tokensMonth()));
                });
        return out;
    }

    private static void validate(AuthKey k) {
        if (k.name() == null || k.keyHash() == null || k.keyHash().isBlank()) {
            throw new IllegalArgumentException("auth key needs a name and a key hash");
        }
    }

    private Map<String, Object> params(AuthKey k) {
        return Sql.params("name", k.name(), "key_hash", k.keyHash(), "key_prefix", k.keyPrefix() == null ? "" : k.keyPrefix(),
                          "enabled", k.enabled(), "allow_all", k.allowAll(), "models", Rows.json(k.models()),
                          "expires_at", database.time(k.expiresAt()), "budget_usd", k.limits().usd(),
                          "budget_usd_daily", k.limits().usdDaily(), "budget_usd_monthly", k.limits().usdMonthly(),
                          "budget_tokens", k.limits().tokens(), "budget_tokens_daily", k.limits().tokensDaily(),
                          "budget_tokens_monthly", k.limits().tokensMonthly(), "rpm_limit", k.limits().rpm(),
                          "tpm_limit", k.limits().tpm(), "max_parallel", k.limits().maxParallel(),
                          "now", database.time(Rows.now()));
    }

    static AuthKey map(DbRow r) {
        return new AuthKey(Rows.lng(r, "id"), Rows.str(r, "name"), Rows.str(r, "key_hash"), Rows.str(r, "key_prefix"),
                           Rows.bool(r, "enabled"), Rows.bool(r, "allow_all"), Rows.stringList(Rows.str(r, "models")),
                           Rows.instant(r, "expires_at"), Rows.lng(r, "usage_count"), Rows.instant(r, "last_used_at"),
                           Rows.instant(r, "created_at"), Rows.instant(r, "updated_at"),
                           new KeyLimits(Rows.dbl(r, "budget_usd"), Rows.dbl(r, "budget_usd_daily"),
                                         Rows.dbl(r, "budget_usd_monthly"), Rows.lng(r, "budget_tokens"),
                                         Rows.lng(r, "budget_tokens_daily"), Rows.lng(r, "budget_tokens_monthly"),
                                         Rows.integer(r, "rpm_limit"), Rows.integer(r, "tpm_limit"),
                                         Rows.integer(r, "max_parallel")));
    }
}
