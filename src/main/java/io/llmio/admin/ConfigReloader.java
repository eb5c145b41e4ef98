package io.llmio.admin;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.logging.Logger;

import io.llmio.config.ConfigLoader;
import io.llmio.config.ConfigReloads;
import io.llmio.config.ConfigWatcher;
import io.llmio.config.RestartSettings;
import io.llmio.config.Settings;
import io.llmio.errors.StartupException;
import io.llmio.store.RegistryLoader;

/**
 * The config file, live: when its content changes (or on SIGHUP) it is read again with the same strict checks as
 * at start and its {@code providers:} and {@code models:} are applied to the database in one transaction, then the
 * in-memory registry is reloaded, so the next request routes by the new file. An invalid file (or one the
 * database rejects) changes nothing: the error, naming the key or line, is logged and shown in
 * {@code /health/detail} and {@code /metrics}, and the next valid edit applies. Every other setting applies only
 * at a start; a reload that changes one logs its name.
 */
public final class ConfigReloader implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ConfigReloader.class.getName());
    /** quiet time after the last file event before the file is read (an editor writes in bursts) */
    static final Duration DEBOUNCE = Duration.ofMillis(250);
    /** the fallback check of the file's content, for changes no event reports */
    static final Duration PERIOD = Duration.ofSeconds(5);

    private final ConfigApplier applier;
    private final RegistryLoader loader;
    private final ConfigReloads reloads;
    private final InstantSource clock;
    private final Settings started;
    private ConfigLoader.Loaded last; // guarded by this
    private ConfigWatcher watcher;

    private ConfigReloader(ConfigLoader.Loaded loaded, ConfigApplier applier, RegistryLoader loader, InstantSource clock) {
        this.applier = applier;
        this.loader = loader;
        this.clock = clock;
        this.started = loaded.settings();
        this.last = loaded;
        this.reloads = new ConfigReloads(loaded.settings().configFile().toString(), clock.instant());
    }

    /** Watches the file {@code loaded} was read from; {@code loaded} counts as applied. */
    public static ConfigReloader start(ConfigLoader.Loaded loaded, ConfigApplier applier, RegistryLoader loader,
                                       InstantSource clock) {
        ConfigReloader r = new ConfigReloader(loaded, applier, loader, clock);
        r.watcher = ConfigWatcher.start(loaded.settings().configFile(), DEBOUNCE, PERIOD, r::reload);
        return r;
    }

    /** What the reloads did, for health and metrics. */
    public ConfigReloads reloads() {
        return reloads;
    }

    /** Reloads now, whether the file changed or not (SIGHUP), on the watcher's thread. */
    public void reloadNow(String reason) {
        watcher.reloadNow(reason);
    }

    private synchronized void reload(String reason) {
        String file = started.configFile().toString();
        ConfigLoader.Loaded loaded;
        List<ConfigApplier.Change> changes;
        try {
            loaded = last.reread();
            changes = applier.apply(file, loaded.registry(), false);
            loader.reload();
        } catch (StartupException e) {
            fail(reason, e.getMessage());
            return;
        } catch (RuntimeException e) {
            fail(reason, e.toString());
            return;
        }
        List<String> restart = RestartSettings.changed(last.settings(), loaded.settings());
        if (!restart.isEmpty()) {
            LOG.warning("Config reload: changed setting(s) " + String.join(", ", restart)
                                + " apply only at the next start; restart llmio to use them");
        }
        last = loaded;
        reloads.succeeded(clock.instant(), RestartSettings.changed(started, loaded.settings()));
        LOG.info("Config reloaded from " + file + " (" + reason + "): " + summary(changes));
    }

    private void fail(String reason, String error) {
        reloads.failed(clock.instant(), error);
        LOG.warning("Config reload (" + reason + ") rejected, the running registry is kept: " + error);
    }

    private static String summary(List<ConfigApplier.Change> changes) {
        long created = changes.stream().filter(c -> c.action().equals("create")).count();
        long updated = changes.stream().filter(c -> c.action().equals("update")).count();
        long unchanged = changes.size() - created - updated;
        return created + " created, " + updated + " updated, " + unchanged + " unchanged";
    }

    @Override
    public void close() {
        watcher.close();
    }
}
