package io.llmio.store;

import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import io.llmio.registry.Registry;
import io.llmio.registry.RegistrySnapshot;


/**
 * Keeps the in-memory {@link Registry} in step with the database: {@link #reload()} right after a
 * change made here, and a poll of {@code registry_version} every few seconds so changes made
 * through another instance sharing the database are picked up too (no Redis needed for this).
 */
public final class RegistryLoader implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RegistryLoader.class.getName());

    private final Registry registry;
    private final ProviderStore providers;
    private final ModelStore models;
    private final AssociationStore associations;
    private final AuthKeyStore keys;
    private final RegistryVersionStore versions;
    private final Duration pollEvery;
    private volatile Thread poller;
    private final java.util.List<Runnable> onReload = new java.util.concurrent.CopyOnWriteArrayList<>();

    public RegistryLoader(Registry registry, ProviderStore providers, ModelStore models, AssociationStore associations,
                          AuthKeyStore keys, RegistryVersionStore versions, Duration pollEvery) {
        this.registry = registry;
        this.providers = providers;
        this.models = models;
        this.associations = associations;
        this.keys = keys;
        this.versions = versions;
        this.pollEvery = pollEvery;
    }

    /** Reads the whole registry and swaps it in. */
    public synchronized RegistrySnapshot reload() {
        long version = versions.current();
        RegistrySnapshot snapshot = RegistrySnapshot.of(version, providers.list(), models.list(), associations.list(),
                                                        keys.list());
        registry.replace(snapshot);
        for (Runnable r : onReload) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Refresh after a registry reload failed (will retry at the next): " + e.getMessage());
            }
        }
        return snapshot;
    }

    /**
     * Runs {@code r} after every reload (e.g. the price table, whose rows an import or another instance may have
     * changed along with the registry).
     */
    public void onReload(Runnable r) {
        onReload.add(r);
    }

    public void start() {
        poller = Thread.ofVirtual().name("llmio-registry-poll").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(pollEvery);
                    if (versions.current() != registry.current().version()) {
                        reload();
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "Registry refresh failed (will retry): " + e.getMessage());
                }
            }
        });
    }

    @Override
    public void close() {
        Thread t = poller;
        if (t != null) {
            t.interrupt();
        }
    }
}
