package io.llmio.admin;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.llmio.registry.Association;
import io.llmio.registry.Model;
import io.llmio.registry.Provider;
import io.llmio.registry.ProviderType;
import io.llmio.registry.Secret;
import io.llmio.registry.Strategy;
import io.llmio.store.AssociationStore;
import io.llmio.store.Database;
import io.llmio.store.Dsn;
import io.llmio.store.ModelStore;
import io.llmio.store.ProviderStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import io.llmio.errors.StartupException;
import io.llmio.config.RegistryFile;
import io.llmio.config.RegistrySpec;

/** Applying the declarative registry to a real embedded database (SPEC §3: upserts by name, atomic). */
class ConfigApplierTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String FILE = """
            providers:
              - name: openai-main
                type: openai
                base-url: https://api.openai.com/v1
                api-key: sk-config-key
                rpm-limit: 60
              - name: claude
                type: anthropic
                base-url: https://api.anthropic.com/v1
            models:
              - name: gpt-4o
                strategy: rotor
                max-retry: 2
                providers:
                  - provider: openai-main
                    model: gpt-4o-2024-08-06
                    weight: 10
                  - provider: claude
                    model: claude-sonnet
                    weight: 3
                    tool-call: false
            """;

    @TempDir
    Path dir;
    Database db;
    ProviderStore providers;
    ModelStore models;
    AssociationStore associations;
    ConfigApplier applier;

    @BeforeEach
    void open() {
        db = Database.open(Dsn.embedded(dir), true);
        providers = new ProviderStore(db);
        models = new ModelStore(db);
        associations = new AssociationStore(db);
        applier = new ConfigApplier(db, providers, models, associations);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aFileWithoutTheKeyOrWithItsMaskedFormKeepsTheStoredKey() {
        applier.apply("llmio.yaml", spec(FILE), false);
        Provider claude = providers.byName("claude").orElseThrow();
        providers.update(new Provider(claude.id(), claude.name(), claude.type(), claude.baseUrl(),
                                      Secret.of("sk-ant-set-in-the-ui"), claude.headers(), claude.proxy(),
                                      claude.errorMatcher(), claude.rpmLimit(), claude.ipLockMinutes(), claude.console(),
                                      claude.enabled(), null, null));
        // claude has no api-key in the file: the key set in the UI survives the next start
        assertThat(applier.apply("llmio.yaml", spec(FILE), false)).filteredOn(c -> c.name().equals("claude"))
                .extracting(ConfigApplier.Change::action).containsExactly("unchanged");
        assertThat(providers.byName("claude").orElseThrow().apiKey().value()).isEqualTo("sk-ant-set-in-the-ui");
        // an export without secrets carries the masked key; importing it back changes nothing
        String masked = Secret.mask("sk-config-key");
        applier.apply("import", spec(FILE.replace("api-key: sk-config-key", "api-key: \"" + masked + "\"")), false);
        assertThat(providers.byName("openai-main").orElseThrow().apiKey().value()).isEqualTo("sk-config-key");
        // a real new key in the file wins
        applier.apply("llmio.yaml", spec(FILE.replace("sk-config-key", "sk-rotated")), false);
        assertThat(providers.byName("openai-main").orElseThrow().apiKey().value()).isEqualTo("sk-rotated");
    }

    @Test
    void firstApplyCreatesEverythingThenReportsItUnchanged() {
        List<ConfigApplier.Change> first = applier.apply("llmio.yaml", spec(FILE), false);
        assertThat(first).extracting(ConfigApplier.Change::action).containsOnly("create");
        assertThat(first).hasSize(5);

        Provider openai = providers.byName("openai-main").orElseThrow();
        assertThat(openai.type()).isEqualTo(ProviderType.OPENAI);
        assertThat(openai.apiKey().value()).isEqualTo("sk-config-key");
        assertThat(openai.rpmLimit()).isEqualTo(60);
        Model gpt = models.byName("gpt-4o").orElseThrow();
        assertThat(gpt.strategy()).isEqualTo(Strategy.ROTOR);
        assertThat(gpt.maxRetry()).isEqualTo(2);
        List<Association> links = associations.byModel(gpt.id());
        assertThat(links).extracting(Association::providerModel).containsExactlyInAnyOrder("gpt-4o-2024-08-06", "claude-sonnet");
        Association claudeLink = links.stream().filter(a -> a.providerModel().equals("claude-sonnet")).findFirst().orElseThrow();
        assertThat(claudeLink.providerId()).isEqualTo(providers.byName("claude").orElseThrow().id());
        assertThat(claudeLink.weight()).isEqualTo(3);
        assertThat(claudeLink.toolCall()).isFalse();

        List<ConfigApplier.Change> again = applier.apply("llmio.yaml", spec(FILE), false);
        assertThat(again).extracting(ConfigApplier.Change::action).containsOnly("unchanged");
        assertThat(providers.list()).hasSize(2);
        assertThat(associations.byModel(gpt.id())).hasSize(2);
    }

    @Test
    void configWinsOverEditsOfItsEntriesAndEntriesMadeElsewhereAreKept() {
        applier.apply("llmio.yaml", spec(FILE), false);
        Provider openai = providers.byName("openai-main").orElseThrow();
        Model gpt = models.byName("gpt-4o").orElseThrow();
        Association link = associations.byModel(gpt.id()).stream()
                .filter(a -> a.providerId() == openai.id()).findFirst().orElseThrow();
        // edits through the UI/API of entries the file declares
        providers.update(new Provider(openai.id(), "openai-main", ProviderType.OPENAI, "https://edited.example/v1",
                                      Secret.of("sk-edited"), Map.of(), "", List.of(), 1, 0, "", false, null, null));
        models.update(new Model(gpt.id(), "gpt-4o", "edited", Strategy.LOTTERY, 9, 5, true, false, false, null, null));
        associations.update(new Association(link.id(), gpt.id(), openai.id(), "gpt-4o-2024-08-06", 99, false, false, false,
                                            true, Map.of(), "{}", false, null, null));
        // and entries the file does not know
        Provider uiProvider = providers.create(new Provider(0, "ui-made", ProviderType.GEMINI,
                                                            "https://generativelanguage.googleapis.com/v1beta", Secret.of("g"),
                                                            Map.of(), "", List.of(), 0, 0, "", true, null, null));
        Model uiModel = models.create(new Model(0, "ui-model", "", Strategy.LOTTERY, 3, 60, false, true, true, null, null));
        associations.create(new Association(0, uiModel.id(), uiProvider.id(), "gemini-2.5-flash", 1, true, true, true, false,
                                            Map.of(), "{}", true, null, null));
        // a link of a declared model to a provider the file does not pair it with
        associations.create(new Association(0, gpt.id(), uiProvider.id(), "gemini-pro", 1, true, true, true, false,
                                            Map.of(), "{}", true, null, null));

        List<ConfigApplier.Change> changes = applier.apply("llmio.yaml", spec(FILE), false);
        assertThat(changes).contains(new ConfigApplier.Change("provider", "openai-main", "update"),
                                     new ConfigApplier.Change("provider", "claude", "unchanged"),
                                     new ConfigApplier.Change("model", "gpt-4o", "update"));
        assertThat(changes).filteredOn(c -> c.kind().equals("association") && c.name().contains("openai-main"))
                .extracting(ConfigApplier.Change::action).containsExactly("update");

        Provider back = providers.byName("openai-main").orElseThrow();
        assertThat(back.id()).isEqualTo(openai.id());
        assertThat(back.baseUrl()).isEqualTo("https://api.openai.com/v1");
        assertThat(back.apiKey().value()).isEqualTo("sk-config-key");
        assertThat(back.rpmLimit()).isEqualTo(60);
        assertThat(back.enabled()).isTrue();
        Model gptBack = models.byName("gpt-4o").orElseThrow();
        assertThat(gptBack.id()).isEqualTo(gpt.id());
        assertThat(gptBack.remark()).isEmpty();
        assertThat(gptBack.strategy()).isEqualTo(Strategy.ROTOR);
        assertThat(gptBack.enabled()).isTrue();
        Association linkBack = associations.get(link.id()).orElseThrow();
        assertThat(linkBack.weight()).isEqualTo(10);
        assertThat(linkBack.enabled()).isTrue();
        assertThat(linkBack.withHeader()).isFalse();

        assertThat(providers.byName("ui-made")).isPresent();
        assertThat(models.byName("ui-model")).isPresent();
        assertThat(associations.byModel(uiModel.id())).hasSize(1);
        assertThat(associations.byModel(gpt.id())).extracting(Association::providerModel)
                .containsExactlyInAnyOrder("gpt-4o-2024-08-06", "claude-sonnet", "gemini-pro");
    }

    @Test
    void anAssociationMayNameAProviderThatIsOnlyStored() {
        providers.create(new Provider(0, "stored-only", ProviderType.OPENAI, "https://api.example.com/v1", Secret.of("k"),
                                      Map.of(), "", List.of(), 0, 0, "", true, null, null));
        applier.apply("llmio.yaml", spec("""
                models:
                  - name: m
                    providers:
                      - provider: stored-only
                """), false);
        Model m = models.byName("m").orElseThrow();
        assertThat(associations.byModel(m.id())).singleElement()
                .satisfies(a -> assertThat(a.providerId()).isEqualTo(providers.byName("stored-only").orElseThrow().id()));
    }

    @Test
    void anUnknownProviderNamesTheKeyAndNothingIsWritten() {
        RegistrySpec spec = spec(FILE.replace("- provider: claude", "- provider: clade"));
        assertThatThrownBy(() -> applier.apply("config/llmio.yaml", spec, false))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("config/llmio.yaml")
                .hasMessageContaining("`models[0].providers[1].provider`")
                .hasMessageContaining("clade");
        assertThat(providers.list()).isEmpty();
        assertThat(models.list()).isEmpty();
        // a dry run finds the same problem
        assertThatThrownBy(() -> applier.apply("config/llmio.yaml", spec, true))
                .hasMessageContaining("`models[0].providers[1].provider`");
    }

    @Test
    void aFailureHalfwayLeavesNothingHalfWritten() {
        applier.apply("llmio.yaml", spec(FILE), false);
        RegistrySpec good = spec(FILE.replace("rpm-limit: 60", "rpm-limit: 5") + """
                  - name: second
                    providers:
                      - provider: claude
                """);
        // the last model cannot be stored (a name longer than the column; only the file reader checks
        // that, and the import route may hand the applier anything)
        Model tooLong = new Model(0, "x".repeat(400), "", Strategy.LOTTERY, 3, 60, false, true, true, null, null);
        RegistrySpec bad = new RegistrySpec(good.providers(), List.of(good.models().get(0), good.models().get(1),
                                                                      new RegistrySpec.ModelSpec(tooLong, List.of())));
        assertThatThrownBy(() -> applier.apply("import.yaml", bad, false))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("import.yaml")
                .hasMessageContaining("nothing of it was stored");
        // the provider update and the second model, both before the failing entry, were rolled back
        assertThat(providers.byName("openai-main").orElseThrow().rpmLimit()).isEqualTo(60);
        assertThat(models.byName("second")).isEmpty();
        assertThat(models.list()).hasSize(1);
    }

    @Test
    void aDryRunReportsCreateUpdateUnchangedAndWritesNothing() {
        applier.apply("llmio.yaml", spec(FILE), false);
        String changed = FILE.replace("rpm-limit: 60", "rpm-limit: 30")
                .replace("weight: 3", "weight: 4")
                + """
                  - name: new-model
                    providers:
                      - provider: openai-main
                """;
        List<ConfigApplier.Change> plan = applier.apply("llmio.yaml", spec(changed), true);
        assertThat(plan).containsExactly(
                new ConfigApplier.Change("provider", "openai-main", "update"),
                new ConfigApplier.Change("provider", "claude", "unchanged"),
                new ConfigApplier.Change("model", "gpt-4o", "unchanged"),
                new ConfigApplier.Change("association", "gpt-4o → openai-main/gpt-4o-2024-08-06", "unchanged"),
                new ConfigApplier.Change("association", "gpt-4o → claude/claude-sonnet", "update"),
                new ConfigApplier.Change("model", "new-model", "create"),
                new ConfigApplier.Change("association", "new-model → openai-main/new-model", "create"));
        assertThat(providers.byName("openai-main").orElseThrow().rpmLimit()).isEqualTo(60);
        assertThat(models.byName("new-model")).isEmpty();
        Model gpt = models.byName("gpt-4o").orElseThrow();
        assertThat(associations.byModel(gpt.id())).extracting(Association::weight).containsExactlyInAnyOrder(10, 3);

        // a dry run on an empty database: everything would be created, nothing is
        db.close();
        db = Database.open(Dsn.embedded(dir.resolve("other")), true);
        ConfigApplier fresh = new ConfigApplier(db, new ProviderStore(db), new ModelStore(db), new AssociationStore(db));
        assertThat(fresh.apply("llmio.yaml", spec(FILE), true)).extracting(ConfigApplier.Change::action).containsOnly("create");
        assertThat(new ProviderStore(db).list()).isEmpty();
    }

    private static RegistrySpec spec(String yaml) {
        try {
            return RegistryFile.parse("llmio.yaml", YAML.readTree(yaml), Map.of());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
