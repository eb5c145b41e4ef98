package io.llmio.routing;

import io.llmio.registry.Association;
import io.llmio.registry.Provider;

/** One candidate: an association with its provider, as the registry snapshot holds them. */
public record Route(Association association, Provider provider) {
    public long id() {
        return association.id();
    }
}
