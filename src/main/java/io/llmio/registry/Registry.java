package io.llmio.registry;

import java.util.concurrent.atomic.AtomicReference;


/**
 * Holds the current registry snapshot and the {@link Redactor} of its secrets (plus the admin
 * token); writers replace both together, readers never block.
 */
public final class Registry {
    private record State(RegistrySnapshot snapshot, Redactor redactor) {
    }

    private final Secret adminToken;
    private final AtomicReference<State> current;

    public Registry() {
        this(Secret.of(""));
    }

    public Registry(Secret adminToken) {
        this.adminToken = adminToken;
        this.current = new AtomicReference<>(new State(RegistrySnapshot.EMPTY, Redactor.of(RegistrySnapshot.EMPTY, adminToken)));
    }

    public RegistrySnapshot current() {
        return current.get().snapshot();
    }

    /** Redacts the secrets of the current snapshot from upstream text; rebuilt on each change, not per request. */
    public Redactor redactor() {
        return current.get().redactor();
    }

    public void replace(RegistrySnapshot snapshot) {
        current.set(new State(snapshot, Redactor.of(snapshot, adminToken)));
    }
}
