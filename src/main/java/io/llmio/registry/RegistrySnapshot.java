package io.llmio.registry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;


/**
 * An immutable view of the whole registry, built once per change and read by every request
 * without touching the database.
 */
public final class RegistrySnapshot {
    public static final RegistrySnapshot EMPTY = of(0, List.of(), List.of(), List.of(), List.of());

    private final long version;
    private final Map<String, ModelEntry> models;
    private final Map<Long, Provider> providers;
    private final Map<Long, Association> associations;
    private final Map<String, AuthKey> keysByHash;
    private final Map<Long, AuthKey> keysById;

    /** A model with every association that links it to an existing provider. */
    public record ModelEntry(Model model, List<Route> routes) {
    }

    private RegistrySnapshot(long version, Map<String, ModelEntry> models, Map<Long, Provider> providers,
                             Map<Long, Association> associations, Map<String, AuthKey> keysByHash,
                             Map<Long, AuthKey> keysById) {
        this.version = version;
        this.models = models;
        this.providers = providers;
        this.associations = associations;
        this.keysByHash = keysByHash;
        this.keysById = keysById;
    }

    public static RegistrySnapshot of(long version, Collection<Provider> providers, Collection<Model> models,
                                      Collection<Association> associations, Collection<AuthKey> keys) {
        Map<Long, Provider> providerById = new HashMap<>();
        providers.forEach(p -> providerById.put(p.id(), p));
        Map<Long, List<Route>> routesByModel = new HashMap<>();
        Map<Long, Association> associationById = new HashMap<>();
        for (Association a : associations) {
            associationById.put(a.id(), a);
            Provider p = providerById.get(a.providerId());
            if (p != null) {
                routesByModel.computeIfAbsent(a.modelId(), k -> new ArrayList<>()).add(new Route(a, p));
            }
        }
        Map<String, ModelEntry> modelByName = new HashMap<>();
        for (Model m : models) {
            List<Route> routes = routesByModel.getOrDefault(m.id(), List.of());
            modelByName.put(m.name(), new ModelEntry(m, List.copyOf(routes)));
        }
        Map<String, AuthKey> byHash = new HashMap<>();
        Map<Long, AuthKey> byId = new HashMap<>();
        for (AuthKey k : keys) {
            byHash.put(k.keyHash(), k);
            byId.put(k.id(), k);
        }
        return new RegistrySnapshot(version, Map.copyOf(modelByName), Map.copyOf(providerById),
                                    Map.copyOf(associationById), Map.copyOf(byHash), Map.copyOf(byId));
    }

    public long version() {
        return version;
    }

    public Optional<ModelEntry> model(String name) {
        return Optional.ofNullable(models.get(name));
    }

    public Optional<Provider> provider(long id) {
        return Optional.ofNullable(providers.get(id));
    }

    public Optional<Association> association(long id) {
        return Optional.ofNullable(associations.get(id));
    }

    /** Every model with its routes (enabled or not). */
    public Collection<ModelEntry> models() {
        return models.values();
    }

    public Collection<Provider> providers() {
        return providers.values();
    }

    public Optional<AuthKey> keyByHash(String hash) {
        return Optional.ofNullable(keysByHash.get(hash));
    }

    public Optional<AuthKey> key(long id) {
        return Optional.ofNullable(keysById.get(id));
    }

    public Collection<AuthKey> keys() {
        return keysById.values();
    }

    /** The routes of {@link #servable} that meet {@code needs}. */
    public static List<Route> candidates(List<Route> servable, Needs needs) {
        List<Route> out = new ArrayList<>();
        for (Route r : servable) {
            if (needs.metBy(r)) {
                out.add(r);
            }
        }
        return out;
    }

    /** Enabled routes of the model whose provider is enabled and of one of {@code types}. */
    public static List<Route> servable(ModelEntry entry, Set<ProviderType> types) {
        List<Route> out = new ArrayList<>();
        for (Route r : entry.routes()) {
            if (r.association().enabled() && r.provider().enabled() && types.contains(r.provider().type())) {
                out.add(r);
            }
        }
        return out;
    }

    /** Enabled models with at least one servable route of these types, sorted by name. */
    public List<Model> modelsServing(Set<ProviderType> types) {
        List<Model> out = new ArrayList<>();
        for (ModelEntry e : models.values()) {
            if (e.model().enabled() && !servable(e, types).isEmpty()) {
                out.add(e.model());
            }
        }
        out.sort(Comparator.comparing(Model::name));
        return out;
    }
}
