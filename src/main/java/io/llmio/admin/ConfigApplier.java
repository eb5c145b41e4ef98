package io.llmio.admin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.llmio.registry.Association;
import io.llmio.registry.Model;
import io.llmio.registry.Provider;
import io.llmio.registry.SecretFields;
import io.llmio.store.AssociationStore;
import io.llmio.store.Database;
import io.llmio.store.ModelStore;
import io.llmio.store.ProviderStore;
import io.llmio.config.RegistrySpec;
import io.llmio.errors.StartupException;

/**
 * Applies a declared registry as upserts by name, in one transaction: either the whole file
 * lands or nothing does. Entries that exist only in the database (made in the UI) are kept.
 */
public final class ConfigApplier {
    private final Database database;
    private final ProviderStore providers;
    private final ModelStore models;
    private final AssociationStore associations;

    public ConfigApplier(Database database, ProviderStore providers, ModelStore models, AssociationStore associations) {
        this.database = database;
        this.providers = providers;
        this.models = models;
        this.associations = associations;
    }

    /** What applying changed, one line per entry. */
    public record Change(String kind, String name, String action) {
    }

    /**
     * Applies the spec (or, with {@code dryRun}, only reports what would change).
     *
     * @throws StartupException naming the config key when an association names an unknown provider
     */
    public List<Change> apply(String source, RegistrySpec declared, boolean dryRun) {
        RegistrySpec spec = keepStoredKeys(declared);
        List<Change> plan = plan(source, spec);
        if (dryRun || spec.isEmpty()) {
            return plan;
        }
        try {
            write(spec);
        } catch (StartupException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StartupException(source + " could not be applied to the database (" + oneLine(e)
                                               + "); nothing of it was stored. Fix the entry or the database named by "
                                               + "DATABASE_DSN.", e);
        }
        return plan;
    }

    private void write(RegistrySpec spec) {
        database.runInTransaction(tx -> {
            Map<String, Long> providerIds = new HashMap<>();
            for (Provider p : providers.list(tx)) {
                providerIds.put(p.name(), p.id());
            }
            for (Provider p : spec.providers()) {
                providerIds.put(p.name(), providers.upsertByName(tx, p).id());
            }
            for (RegistrySpec.ModelSpec m : spec.models()) {
                Model model = models.upsertByName(tx, m.model());
                for (RegistrySpec.AssociationSpec a : m.associations()) {
                    Long providerId = providerIds.get(a.provider());
                    Association x = a.association();
                    associations.upsert(tx, new Association(0, model.id(), providerId, x.providerModel(), x.weight(),
                                                            x.toolCall(), x.structuredOutput(), x.image(), x.withHeader(),
                                                            x.headers(), x.extraBody(), x.enabled(), null, null));
                }
            }
        });
    }

    private static String oneLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return m.replaceAll("\\s*\\R\\s*", " ").trim();
    }

    private List<Change> plan(String source, RegistrySpec spec) {
        List<Change> out = new ArrayList<>();
        Map<String, Provider> existingProviders = new HashMap<>();
        for (Provider p : providers.list()) {
            existingProviders.put(p.name(), p);
        }
        for (Provider p : spec.providers()) {
            Provider old = existingProviders.get(p.name());
            out.add(new Change("provider", p.name(), old == null ? "create" : old.sameSettings(p) ? "unchanged" : "update"));
        }
        for (RegistrySpec.ModelSpec m : spec.models()) {
            Model old = models.byName(m.model().name()).orElse(null);
            out.add(new Change("model", m.model().name(), old == null ? "create" : old.sameSettings(m.model()) ? "unchanged"
                    : "update"));
            List<Association> oldAssociations = old == null ? List.of() : associations.byModel(old.id());
            for (RegistrySpec.AssociationSpec a : m.associations()) {
                Provider provider = spec.providers().stream().filter(p -> p.name().equals(a.provider())).findFirst()
                        .orElse(existingProviders.get(a.provider()));
                if (provider == null) {
                    throw new StartupException(source + ": `" + a.key() + "` names provider `" + a.provider()
                                                       + "`, which is neither declared under providers nor stored.");
                }
                Provider stored = existingProviders.get(a.provider());
                Association match = stored == null ? null : oldAssociations.stream()
                        .filter(o -> o.providerId() == stored.id() && o.providerModel().equals(a.association().providerModel()))
                        .findFirst().orElse(null);
                String name = m.model().name() + " → " + a.provider() + "/" + a.association().providerModel();
                out.add(new Change("association", name, match == null ? "create"
                        : match.sameSettings(a.association()) ? "unchanged" : "update"));
            }
        }
        return out;
    }

    /**
     * A provider declared without an {@code api-key}, or with the masked form of the stored one
     * (as an export without secrets writes it), keeps the key already stored: a file never wipes a
     * secret set in the UI, and an exported file imports back unchanged. The same holds for the
     * masked values of credential headers (provider and association) and of a proxy password.
     */
    private RegistrySpec keepStoredKeys(RegistrySpec spec) {
        List<Provider> out = new ArrayList<>();
        for (Provider p : spec.providers()) {
            Provider stored = providers.byName(p.name()).orElse(null);
            if (stored != null) {
                String key = p.apiKey().value();
                boolean keepKey = !stored.apiKey().isEmpty() && (key.isEmpty() || key.equals(stored.apiKey().masked()));
                p = new Provider(p.id(), p.name(), p.type(), p.baseUrl(), keepKey ? stored.apiKey() : p.apiKey(),
                                 SecretFields.keepHeaders(p.headers(), stored.headers()),
                                 SecretFields.keepProxy(p.proxy(), stored.proxy()), p.errorMatcher(), p.rpmLimit(),
                                 p.ipLockMinutes(), p.console(), p.enabled(), null, null, p.tpmLimit(), p.maxCompletionTokens());
            }
            out.add(p);
        }
        List<RegistrySpec.ModelSpec> models = new ArrayList<>();
        for (RegistrySpec.ModelSpec m : spec.models()) {
            Model storedModel = this.models.byName(m.model().name()).orElse(null);
            List<Association> stored = storedModel == null ? List.of() : associations.byModel(storedModel.id());
            List<RegistrySpec.AssociationSpec> links = new ArrayList<>();
            for (RegistrySpec.AssociationSpec a : m.associations()) {
                Association x = a.association();
                String upstreamModel = x.providerModel();
                Long providerId = providers.byName(a.provider()).map(Provider::id).orElse(null);
                Association old = stored.stream()
                        .filter(o -> providerId != null && o.providerId() == providerId
                                && o.providerModel().equals(upstreamModel))
                        .findFirst().orElse(null);
                if (old != null) {
                    x = new Association(x.id(), x.modelId(), x.providerId(), x.providerModel(), x.weight(), x.toolCall(),
                                        x.structuredOutput(), x.image(), x.withHeader(),
                                        SecretFields.keepHeaders(x.headers(), old.headers()), x.extraBody(), x.enabled(),
                                        x.createdAt(), x.updatedAt());
                }
                links.add(new RegistrySpec.AssociationSpec(a.provider(), x, a.key()));
            }
            models.add(new RegistrySpec.ModelSpec(m.model(), links));
        }
        return new RegistrySpec(out, models);
    }
}
