package io.llmio.store;

import io.llmio.registry.Association;
import io.llmio.registry.Model;
import io.llmio.registry.Provider;
import io.llmio.registry.ProviderType;
import io.llmio.registry.Secret;
import io.llmio.registry.Strategy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;

import static io.llmio.store.Fixtures.association;
import static io.llmio.store.Fixtures.model;
import static io.llmio.store.Fixtures.provider;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Providers, models and associations on embedded H2, PostgreSQL and MariaDB. */
class RegistryStoresTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void providerCrudRoundTripsEveryFieldAndCanSetFalseAndZero(Dialect dialect) {
        Database db = TestDatabases.clean(dialect);
        ProviderStore providers = new ProviderStore(db);

        Provider created = providers.create(provider("openai-main"));
        assertThat(created.id()).isPositive();
        assertThat(created.createdAt()).isNotNull();
        assertThat(created).usingRecursiveComparison().ignoringFields("id", "createdAt", "updatedAt")
                .isEqualTo(provider("openai-main"));
        assertThat(created.apiKey().value()).isEqualTo("sk-test-0123456789abcdef");
        assertThat(created.maxCompletionTokens()).isTrue();
        assertThat(providers.get(created.id())).contains(created);
        assertThat(providers.byName("openai-main")).contains(created);
        assertThat(providers.list()).containsExactly(created);

        Provider changed = new Provider(created.id(), "openai-main", ProviderType.ANTHROPIC, "https://other/v1", Secret.of("k2"),
                                        Map.of(), "", List.of(), 0, 0, "", false, null, null);
        Provider updated = providers.update(changed).orElseThrow();
        assertThat(updated.enabled()).isFalse();
        assertThat(updated.maxCompletionTokens()).isFalse();
        assertThat(updated.rpmLimit()).isZero();
        assertThat(updated.ipLockMinutes()).isZero();
        assertThat(updated.type()).isEqualTo(ProviderType.ANTHROPIC);
        assertThat(updated.headers()).isEmpty();
        assertThat(updated.errorMatcher()).isEmpty();
        assertThat(updated.createdAt()).isEqualTo(created.createdAt());
        assertThat(providers.get(created.id())).contains(updated);

        assertThat(providers.update(changed.withId(created.id() + 1000))).isEmpty();
        assertThat(providers.delete(created.id(), false)).isTrue();
        assertThat(providers.get(created.id())).isEmpty();
        assertThat(providers.delete(created.id(), false)).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void modelAndAssociationUpdatesCanSetFalseAndZero(Dialect dialect) {
        Database db = TestDatabases.clean(dialect);
        Model m = new ModelStore(db).create(model("gpt-4o"));
        Provider p = new ProviderStore(db).create(provider("p1"));
        assertThat(m.ioLog()).isTrue();

        Model off = new ModelStore(db).update(new Model(m.id(), "gpt-4o", "", Strategy.ROTOR, 0, 0, false, false, false, null, null))
                .orElseThrow();
        assertThat(off).usingRecursiveComparison().ignoringFields("createdAt", "updatedAt")
                .isEqualTo(new Model(m.id(), "gpt-4o", "", Strategy.ROTOR, 0, 0, false, false, false, null, null));

        AssociationStore links = new AssociationStore(db);
        Association a = links.create(association(m.id(), p.id(), "gpt-4o-2024-08-06"));
        assertThat(a).usingRecursiveComparison().ignoringFields("id", "createdAt", "updatedAt")
                .isEqualTo(association(m.id(), p.id(), "gpt-4o-2024-08-06"));
        Association cleared = links.update(new Association(a.id(), m.id(), p.id(), "gpt-4o-2024-08-06", 0, false, false, false,
                                                           false, Map.of(), "{}", false, null, null)).orElseThrow();
        assertThat(cleared.weight()).isZero();
        assertThat(cleared.toolCall() || cleared.structuredOutput() || cleared.image() || cleared.withHeader() || cleared.enabled())
                .isFalse();
        assertThat(links.byModel(m.id())).containsExactly(cleared);
        assertThat(links.byProvider(p.id())).containsExactly(cleared);
        assertThat(links.delete(a.id())).isTrue();
        assertThat(links.list()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void uniqueNamesAndKeysClashWithConflict(Dialect dialect) {
        Database db = TestDatabases.clean(dialect);
        ProviderStore providers = new ProviderStore(db);
        ModelStore models = new ModelStore(db);
        Provider p = providers.create(provider("dup"));
        Provider other = providers.create(provider("other"));
        assertThatThrownBy(() -> providers.create(provider("dup"))).isInstanceOf(ConflictException.class)
                .hasMessageContaining("'dup'");
        assertThatThrownBy(() -> providers.update(provider("dup").withId(other.id())))
                .isInstanceOf(ConflictException.class);
        Model m = models.create(model("m"));
        assertThatThrownBy(() -> models.create(model("m"))).isInstanceOf(ConflictException.class);
        AssociationStore links = new AssociationStore(db);
        links.create(association(m.id(), p.id(), "x"));
        assertThatThrownBy(() -> links.create(association(m.id(), p.id(), "x"))).isInstanceOf(ConflictException.class);
        links.create(association(m.id(), p.id(), "y"));
        assertThat(providers.list()).hasSize(2);
        assertThat(links.list()).hasSize(2);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void deleteWithAssociationsNeedsCascadeAndNamesAreReusable(Dialect dialect) {
        Database db = TestDatabases.clean(dialect);
        ProviderStore providers = new ProviderStore(db);
        ModelStore models = new ModelStore(db);
        AssociationStore links = new AssociationStore(db);
        Provider p = providers.create(provider("p"));
        Model m1 = models.create(model("m1"));
        Model m2 = models.create(model("m2"));
        links.create(association(m1.id(), p.id(), "a"));
        links.create(association(m2.id(), p.id(), "b"));

        assertThatThrownBy(() -> providers.delete(p.id(), false)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("2 model association");
        assertThatThrownBy(() -> models.delete(m1.id(), false)).isInstanceOf(ConflictException.class);
        assertThat(providers.get(p.id())).isPresent();
        assertThat(links.list()).hasSize(2);

        assertThat(models.delete(m1.id(), true)).isTrue();
        assertThat(links.list()).extracting(Association::modelId).containsExactly(m2.id());
        assertThat(providers.delete(p.id(), true)).isTrue();
        assertThat(links.list()).isEmpty();
        assertThat(models.delete(m2.id(), false)).isTrue();

        Provider again = providers.create(provider("p"));
        assertThat(again.id()).isNotEqualTo(p.id());
        assertThat(models.create(model("m1")).name()).isEqualTo("m1");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void upsertsCreateThenReplaceByNameAndKey(Dialect dialect) {
        Database db = TestDatabases.clean(dialect);
        ProviderStore providers = new ProviderStore(db);
        ModelStore models = new ModelStore(db);
        AssociationStore links = new AssociationStore(db);

        Provider p1 = providers.upsertByName(provider("cfg"));
        Provider p2 = providers.upsertByName(new Provider(0, "cfg", ProviderType.GEMINI, "https://g/v1beta", Secret.of("g"),
                                                          Map.of(), "", List.of(), 0, 0, "", false, null, null));
        assertThat(p2.id()).isEqualTo(p1.id());
        assertThat(p2.type()).isEqualTo(ProviderType.GEMINI);
        assertThat(p2.enabled()).isFalse();
        assertThat(providers.list()).hasSize(1);

        Model m1 = models.upsertByName(model("cm"));
        Model m2 = models.upsertByName(new Model(0, "cm", "", Strategy.ROTOR, 1, 30, false, false, true, null, null));
        assertThat(m2.id()).isEqualTo(m1.id());
        assertThat(m2.strategy()).isEqualTo(Strategy.ROTOR);

        Association a1 = links.upsert(association(m1.id(), p1.id(), "up"));
        Association a2 = links.upsert(new Association(0, m1.id(), p1.id(), "up", 7, false, false, false, false, Map.of(), "{}",
                                                      true, null, null));
        assertThat(a2.id()).isEqualTo(a1.id());
        assertThat(a2.weight()).isEqualTo(7);
        assertThat(a2.toolCall()).isFalse();
        assertThat(links.list()).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void aFailingStatementRollsBackTheWholeTransaction(Dialect dialect) {
        Database db = TestDatabases.clean(dialect);
        ProviderStore providers = new ProviderStore(db);
        ModelStore models = new ModelStore(db);
        AssociationStore links = new AssociationStore(db);
        RegistryVersionStore versions = new RegistryVersionStore(db);
        long before = versions.current();

        // a statement the database rejects (foreign key to a model that does not exist)
        assertThatThrownBy(() -> db.runInTransaction(tx -> {
            Provider p = providers.create(tx, provider("half"));
            models.create(tx, model("half-model"));
            links.create(tx, association(999_999, p.id(), "nope"));
        })).isNotInstanceOf(ConflictException.class).hasMessageNotContaining("Connection is closed");
        assertThat(providers.list()).isEmpty();
        assertThat(models.list()).isEmpty();
        assertThat(versions.current()).isEqualTo(before);

        // a conflict found by the store itself half way through
        assertThatThrownBy(() -> db.runInTransaction(tx -> {
            providers.create(tx, provider("first"));
            providers.create(tx, provider("first"));
        })).isInstanceOf(ConflictException.class);
        assertThat(providers.list()).isEmpty();
        assertThat(versions.current()).isEqualTo(before);

        // the pool is healthy afterwards and a good transaction commits everything
        db.runInTransaction(tx -> {
            Provider p = providers.create(tx, provider("whole"));
            Model m = models.create(tx, model("whole-model"));
            links.create(tx, association(m.id(), p.id(), "ok"));
        });
        assertThat(links.list()).hasSize(1);
        assertThat(db.ping()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void everyRegistryWriteBumpsTheVersionOnce(Dialect dialect) {
        Database db = TestDatabases.clean(dialect);
        RegistryVersionStore versions = new RegistryVersionStore(db);
        ProviderStore providers = new ProviderStore(db);
        ModelStore models = new ModelStore(db);
        AssociationStore links = new AssociationStore(db);
        AuthKeyStore keys = new AuthKeyStore(db);

        long v = versions.current();
        Provider p = providers.create(provider("v"));
        assertThat(versions.current()).isEqualTo(++v);
        Model m = models.create(model("v"));
        assertThat(versions.current()).isEqualTo(++v);
        Association a = links.create(association(m.id(), p.id(), "v"));
        assertThat(versions.current()).isEqualTo(++v);
        providers.update(p);
        models.update(m);
        links.update(a);
        assertThat(versions.current()).isEqualTo(v += 3);
        var k = keys.create("k", "a".repeat(64), "sk-l…aaaa", true, true, List.of(), null);
        assertThat(versions.current()).isEqualTo(++v);
        keys.recordUsage(Map.of(k.id(), new AuthKeyStore.Usage(3, java.time.Instant.now())));
        assertThat(versions.current()).as("usage counters do not bump").isEqualTo(v);
        assertThat(versions.bump()).isEqualTo(++v);
        providers.delete(p.id(), true);
        assertThat(versions.current()).isEqualTo(++v);
    }
}
