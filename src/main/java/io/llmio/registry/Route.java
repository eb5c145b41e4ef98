package io.llmio.registry;


/** One candidate: an association with its provider, as the registry snapshot holds them. */
public record Route(Association association, Provider provider) {
    public long id() {
        return association.id();
    }
}
