package io.llmio.stats;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.helidon.dbclient.DbRow;
import io.llmio.store.Database;
import io.llmio.store.Rows;
import io.llmio.store.Sql;

/**
 * Aggregates over {@code request_logs} for dashboards and health (named statements {@code stats-*}).
 * A request is one trace id: {@code requests} counts distinct trace ids of finished attempts,
 * {@code success} those with a successful attempt; tokens and cost add up every attempt.
 */
public final class StatsStore {
    private final Database database;

    public StatsStore(Database database) {
        this.database = database;
    }

    /** Sums over a set of log rows. */
    public record Totals(long requests, long success, long promptTokens, long completionTokens, long totalTokens,
                         double cost) {
        public static final Totals ZERO = new Totals(0, 0, 0, 0, 0, 0);

        public Totals plus(Totals o) {
            return new Totals(requests + o.requests, success + o.success, promptTokens + o.promptTokens,
                              completionTokens + o.completionTokens, totalTokens + o.totalTokens, cost + o.cost);
        }
    }

    /** Totals of one 15-minute UTC slot starting at {@code start}. */
    public record Slot(Instant start, Totals totals) {
    }

    public record ModelTotals(String model, Totals totals) {
    }

    /** {@code authKeyId} null = admin token. */
    public record KeyTotals(Long authKeyId, Totals totals) {
    }

    /** Attempts of a provider or route in a window. */
    public record Health(long attempts, long success, double meanMs) {
    }

    public record RouteKey(String model, long providerId, String providerModel) {
    }

    /** Rows with {@code from <= created_at < to}; {@code authKeyId} null = every caller. */
    public Totals totals(Instant from, Instant to, Long authKeyId) {
        return Sql.one(database.db().execute(), "stats-totals", params(from, to, authKeyId), StatsStore::totals)
                .orElse(Totals.ZERO);
    }

    public List<Slot> slots(Instant from, Instant to, Long authKeyId) {
        return Sql.list(database.db().execute(), "stats-by-slot", params(from, to, authKeyId),
                        r -> new Slot(Instant.ofEpochSecond(Rows.lng(r, "slot") * 900), totals(r)));
    }

    public List<ModelTotals> byModel(Instant from, Instant to, Long authKeyId, int limit) {
        Map<String, Object> p = params(from, to, authKeyId);
        p.put("limit", limit);
        return Sql.list(database.db().execute(), "stats-by-model", p, r -> new ModelTotals(Rows.str(r, "model"), totals(r)));
    }

    public List<KeyTotals> byKey(Instant from, Instant to, int limit) {
        Map<String, Object> p = params(from, to, null);
        p.put("limit", limit);
        return Sql.list(database.db().execute(), "stats-by-key", p,
                        r -> new KeyTotals(Rows.lngOrNull(r, "auth_key_id"), totals(r)));
    }

    public Map<Long, Health> healthByProvider(Instant from) {
        Map<Long, Health> out = new java.util.HashMap<>();
        Sql.list(database.db().execute(), "stats-health-by-provider", Sql.params("from", database.time(from)),
                 r -> Map.entry(Rows.lng(r, "provider_id"), health(r))).forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    public Map<RouteKey, Health> healthByRoute(Instant from) {
        Map<RouteKey, Health> out = new java.util.HashMap<>();
        Sql.list(database.db().execute(), "stats-health-by-route", Sql.params("from", database.time(from)),
                 r -> Map.entry(new RouteKey(Rows.str(r, "model"), Rows.lng(r, "provider_id"), Rows.str(r, "provider_model")),
                                health(r))).forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    private Map<String, Object> params(Instant from, Instant to, Long authKeyId) {
        return Sql.params("from", database.time(from), "to", database.time(to), "any_key", authKeyId == null ? 1 : 0,
                          "auth_key_id", authKeyId == null ? -1L : authKeyId);
    }

    private static Totals totals(DbRow r) {
        return new Totals(Rows.lng(r, "requests"), Rows.lng(r, "success"), Rows.lng(r, "prompt_tokens"),
                          Rows.lng(r, "completion_tokens"), Rows.lng(r, "total_tokens"), Rows.dbl(r, "cost"));
    }

    private static Health health(DbRow r) {
        Double mean = Rows.dblOrNull(r, "mean_ms");
        return new Health(Rows.lng(r, "attempts"), Rows.lng(r, "success"), mean == null ? 0 : mean);
    }
}
