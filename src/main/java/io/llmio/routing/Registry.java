package io.llmio.routing;

import java.util.concurrent.atomic.AtomicReference;

/** Holds the current registry snapshot; writers replace it whole, readers never block. */
public final class Registry {
    private final AtomicReference<RegistrySnapshot> current = new AtomicReference<>(RegistrySnapshot.EMPTY);

    public RegistrySnapshot current() {
        return current.get();
    }

    public void replace(RegistrySnapshot snapshot) {
        current.set(snapshot);
    }
}
