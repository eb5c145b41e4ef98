package io.llmio.store;

import io.llmio.registry.AuthKey;
import io.llmio.registry.KeyLimits;
import io.llmio.registry.KeySpend;
import io.llmio.registry.Association;
import io.llmio.registry.Model;
import io.llmio.registry.Provider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static io.llmio.store.Fixtures.association;
import static io.llmio.store.Fixtures.model;
import static io.llmio.store.Fixtures.provider;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import io.llmio.pricing.ModelPrice;
import io.llmio.pricing.PriceStore;

/** Auth keys, settings and prices on embedded H2, PostgreSQL and MariaDB. */
class OtherStoresTest {
    private static final String HASH_A = "a".repeat(64);
    private static final String HASH_B = "b".repeat(64);

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void authKeyCrudUsageAndUniqueHash(Dialect dialect) {
        Database db = TestDatabases.clean(dialect);
        AuthKeyStore keys = new AuthKeyStore(db);
        Instant expiry = Instant.parse("2030-01-02T03:04:05.678Z");

        AuthKey k = keys.create("ci", HASH_A, "sk-llmio-ab…aaaa", true, false, List.of("gpt-4o", "claude"), expiry);
        assertThat(k.id()).isPositive();
        assertThat(k.models()).containsExactly("gpt-4o", "claude");
        assertThat(k.expiresAt()).isEqualTo(expiry);
        assertThat(k.usageCount()).isZero();
        assertThat(k.lastUsedAt()).isNull();
        assertThat(keys.byHash(HASH_A)).contains(k);
        assertThat(keys.byHash(HASH_B)).isEmpty();
        assertThatThrownBy(() -> keys.create("dup", HASH_A, "x", true, true, List.of(), null))
                .isInstanceOf(ConflictException.class);

        AuthKey off = keys.update(new AuthKey(k.id(), "ci2", HASH_A, "sk-llmio-ab…aaaa", false, true, List.of(), null, 0, null,
                                              null, null)).orElseThrow();
        assertThat(off.enabled()).isFalse();
        assertThat(off.allowAll()).isTrue();
        assertThat(off.models()).isEmpty();
        assertThat(off.expiresAt()).isNull();
        assertThat(off.name()).isEqualTo("ci2");

        Instant t1 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant t0 = t1.minusSeconds(60);
        keys.recordUsage(Map.of(k.id(), new AuthKeyStore.Usage(5, t1), 999_999L, new AuthKeyStore.Usage(1, t1)));
        keys.recordUsage(Map.of(k.id(), new AuthKeyStore.Usage(2, t0)));
        AuthKey used = keys.get(k.id()).orElseThrow();
        assertThat(used.usageCount()).isEqualTo(7);
        assertThat(used.lastUsedAt()).as("an older batch does not move last_used_at back").isEqualTo(t1);

        assertThat(keys.list()).hasSize(1);
        assertThat(keys.delete(k.id())).isTrue();
        assertThat(keys.get(k.id())).isEmpty();
        assertThat(keys.delete(k.id())).isFalse();
        assertThat(keys.create("reuse", HASH_A, "x", true, true, List.of(), null).name()).isEqualTo("reuse");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void authKeyLimitsAndSpendPerPeriod(Dialect dialect) {
        Database db = TestDatabases.clean(dialect);
        AuthKeyStore keys = new AuthKeyStore(db);
        KeyLimits limits = new KeyLimits(100.5, 2.25, 30, 1_000_000_000_000L, 50_000, 900_000, 60, 90_000, 4);
        AuthKey k = keys.create(new AuthKey(0, "budget", HASH_A, "x", true, true, List.of(), null, 0, null, null, null,
                                            limits));
        assertThat(keys.get(k.id()).orElseThrow().limits()).isEqualTo(limits);
        AuthKey none = keys.update(k.withLimits(KeyLimits.NONE)).orElseThrow();
        assertThat(none.limits()).isEqualTo(KeyLimits.NONE);

        Instant lastDayOfMonth = Instant.parse("2026-11-30T23:59:59Z");
        Instant nextDay = Instant.parse("2026-12-01T00:00:01Z");
        Instant later = Instant.parse("2026-12-01T10:00:00Z");
        keys.recordUsageByDay(Map.of(AuthKeyStore.UsageKey.of(k.id(), lastDayOfMonth),
                                     new AuthKeyStore.Usage(1, lastDayOfMonth, 100, 0.25),
                                     AuthKeyStore.UsageKey.of(k.id(), nextDay), new AuthKeyStore.Usage(2, nextDay, 30, 0.5)));
        keys.recordUsageByDay(Map.of(AuthKeyStore.UsageKey.of(k.id(), later), new AuthKeyStore.Usage(1, later, 5, 0.125),
                                     AuthKeyStore.UsageKey.of(999_999L, later), new AuthKeyStore.Usage(1, later, 5, 1)));
        assertThat(keys.get(k.id()).orElseThrow().usageCount()).isEqualTo(4);
        assertThat(keys.spent(later)).as("an unknown key adds nothing")
                .containsExactly(Map.entry(k.id(), new KeySpend(0.875, 135, 0.625, 35, 0.625, 35)));
        assertThat(keys.spent(lastDayOfMonth).get(k.id())).isEqualTo(new KeySpend(0.875, 135, 0.25, 100, 0.25, 100));
        assertThat(keys.spent(Instant.parse("2027-01-05T00:00:00Z")).get(k.id()))
                .isEqualTo(new KeySpend(0.875, 135, 0, 0, 0, 0));

        assertThat(keys.delete(k.id())).isTrue();
        assertThat(keys.spent(later)).as("a deleted key's spend goes with it").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void settingsPutGetOverwriteAllDelete(Dialect dialect) {
        Database db = TestDatabases.clean(dialect);
        SettingStore settings = new SettingStore(db);
        assertThat(settings.get("log_retention_days")).isEmpty();
        assertThat(settings.get("log_retention_days", "30")).isEqualTo("30");
        settings.put("log_retention_days", "7");
        settings.put("key", "reserved words are fine");
        settings.put("log_retention_days", "0");
        assertThat(settings.get("log_retention_days")).contains("0");
        assertThat(settings.all()).containsExactly(Map.entry("key", "reserved words are fine"), Map.entry("log_retention_days", "0"));
        assertThat(settings.delete("key")).isTrue();
        assertThat(settings.delete("key")).isFalse();
        assertThat(settings.all()).containsOnlyKeys("log_retention_days");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void pricesPerModelAndPerAssociation(Dialect dialect) {
        Database db = TestDatabases.clean(dialect);
        PriceStore prices = new PriceStore(db);
        ModelPrice m = prices.upsert(new ModelPrice(0, "gpt-4o", null, 2.5, 10, 1.25, ModelPrice.SYNC, null));
        assertThat(m.id()).isPositive();
        assertThat(prices.forModel("gpt-4o")).contains(m);
        ModelPrice m2 = prices.upsert(new ModelPrice(0, "gpt-4o", null, 0, 0, null, ModelPrice.MANUAL, null));
        assertThat(m2.id()).isEqualTo(m.id());
        assertThat(m2.inputPerMtok()).isZero();
        assertThat(m2.cachedInputPerMtok()).isNull();
        assertThat(m2.source()).isEqualTo("manual");

        Provider p = new ProviderStore(db).create(provider("p"));
        Model model = new ModelStore(db).create(model("gpt-4o"));
        Association a = new AssociationStore(db).create(association(model.id(), p.id(), "gpt-4o-mini"));
        ModelPrice ap = prices.upsert(new ModelPrice(0, "ignored", a.id(), 0.15, 0.6, null, null, null));
        assertThat(ap.modelName()).isNull();
        assertThat(prices.forAssociation(a.id())).contains(ap);
        assertThat(prices.list()).hasSize(2);

        new AssociationStore(db).delete(a.id());
        assertThat(prices.forAssociation(a.id())).as("an association's price goes with it").isEmpty();
        assertThat(prices.delete(m.id())).isTrue();
        assertThat(prices.list()).isEmpty();
    }
}
