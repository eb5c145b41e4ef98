package io.llmio.config;

import java.util.List;

import io.llmio.registry.Association;
import io.llmio.registry.Model;
import io.llmio.registry.Provider;

/**
 * The registry declared in a config file (SPEC §3): applied as upserts by name. Records carry
 * id 0; associations name their provider, resolved when applied.
 */
public record RegistrySpec(List<Provider> providers, List<ModelSpec> models) {
    public static final RegistrySpec EMPTY = new RegistrySpec(List.of(), List.of());

    public RegistrySpec {
        providers = List.copyOf(providers);
        models = List.copyOf(models);
    }

    public boolean isEmpty() {
        return providers.isEmpty() && models.isEmpty();
    }

    public record ModelSpec(Model model, List<AssociationSpec> associations) {
        public ModelSpec {
            associations = List.copyOf(associations);
        }
    }

    /**
     * @param provider    provider name
     * @param association the association with ids 0
     * @param key         config path of this entry, for error messages
     */
    public record AssociationSpec(String provider, Association association, String key) {
    }
}
