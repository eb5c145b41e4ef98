package io.llmio.config;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Notices when the config file's content changes, however it was changed: edited in place, replaced by an
 * atomic rename (what editors and {@code kubectl cp} do), or swapped by Kubernetes, which mounts a ConfigMap
 * as {@code llmio.yaml -> ..data/llmio.yaml} and changes it by pointing the {@code ..data} link at a new
 * timestamped directory (no event ever names {@code llmio.yaml}).
 * <p>
 * So the watcher does not trust file names or modification times: any event in the file's directory (and in
 * the directory of the file it links to) schedules a check after a short quiet period (an editor's burst of
 * writes is one check), and a check hashes the bytes the path reads now (links followed). A check also runs
 * every {@code period} to catch what events miss (a network file system, a link into another directory).
 * Only a changed hash calls {@code onChange}. Checks and forced reloads ({@link #reloadNow}) run one at a
 * time on the watcher's own thread.
 */
public final class ConfigWatcher implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ConfigWatcher.class.getName());

    private final Path file;
    private final Duration debounce;
    private final Consumer<String> onChange;
    private final ScheduledExecutorService checks;
    private final WatchService watch; // null: no file events here, the periodic check only
    private byte[] lastHash; // read and written on the checks thread only (set before it starts)
    private ScheduledFuture<?> pending; // guarded by this

    private ConfigWatcher(Path file, Duration debounce, Consumer<String> onChange, WatchService watch) {
        this.file = file;
        this.debounce = debounce;
        this.onChange = onChange;
        this.watch = watch;
        this.checks = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("llmio-config-reload").daemon().factory());
    }

    /**
     * Starts watching {@code file} (which may not exist yet); its content now counts as already applied.
     *
     * @param onChange called on the watcher's thread with the reason ({@code "file changed"}, or what
     *                 {@link #reloadNow} was given) whenever the content differs from the last seen
     */
    public static ConfigWatcher start(Path file, Duration debounce, Duration period, Consumer<String> onChange) {
        WatchService watch;
        try {
            watch = FileSystems.getDefault().newWatchService();
        } catch (IOException e) {
            // e.g. the user's inotify instances used up (fs.inotify.max_user_instances): the periodic check remains
            LOG.warning("Cannot watch " + file + " for changes (" + e.getMessage() + "); its content is checked every "
                                + period.toSeconds() + " s instead");
            watch = null;
        }
        return start(file, debounce, period, onChange, watch);
    }

    /** With {@code watch} null: no file events, the periodic check only. */
    static ConfigWatcher start(Path file, Duration debounce, Duration period, Consumer<String> onChange,
                               WatchService watch) {
        ConfigWatcher w = new ConfigWatcher(file.toAbsolutePath().normalize(), debounce, onChange, watch);
        w.lastHash = w.hash();
        if (watch != null) {
            w.register();
            Thread.ofPlatform().name("llmio-config-watch").daemon().start(w::events);
        }
        w.checks.scheduleWithFixedDelay(() -> w.check("file changed"), period.toMillis(), period.toMillis(),
                                        TimeUnit.MILLISECONDS);
        return w;
    }

    /** Reloads at once even if the content did not change (SIGHUP), on the watcher's thread. */
    public void reloadNow(String reason) {
        try {
            checks.execute(() -> {
                lastHash = hash();
                run(reason);
            });
        } catch (RejectedExecutionException e) {
            // closed: the process is stopping
        }
    }

    private void events() {
        while (true) {
            WatchKey key;
            try {
                key = watch.take();
            } catch (ClosedWatchServiceException | InterruptedException e) {
                return;
            }
            key.pollEvents(); // which entry changed does not matter: the content decides
            key.reset();
            schedule();
        }
    }

    private synchronized void schedule() {
        if (pending != null) {
            pending.cancel(false);
        }
        try {
            pending = checks.schedule(() -> check("file changed"), debounce.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    private void check(String reason) {
        if (watch != null) {
            register(); // a swapped link may now point into another directory
        }
        byte[] now = hash();
        if (Arrays.equals(now, lastHash)) {
            return;
        }
        lastHash = now;
        run(reason);
    }

    private void run(String reason) {
        try {
            onChange.accept(reason);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Config reload failed unexpectedly: " + e, e);
        }
    }

    /** Watches the file's directory and the directory of the file it resolves to (registering twice is harmless). */
    private void register() {
        watchDir(file.getParent());
        try {
            watchDir(file.toRealPath().getParent());
        } catch (IOException e) {
            // not there (yet): the file's own directory is watched
        }
    }

    private void watchDir(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            return;
        }
        try {
            dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                         StandardWatchEventKinds.ENTRY_DELETE);
        } catch (ClosedWatchServiceException e) {
            // closed
        } catch (IOException e) {
            LOG.fine("cannot watch " + dir + " (" + e.getMessage() + "); the periodic check covers it");
        }
    }

    /** SHA-256 of the bytes the path reads now; null when it does not exist or cannot be read. */
    private byte[] hash() {
        try {
            return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            // unreadable for a moment (being replaced): an empty digest differs from every real one, so the next
            // readable content counts as a change and is reloaded
            return new byte[0];
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        checks.shutdownNow();
        if (watch == null) {
            return;
        }
        try {
            watch.close();
        } catch (IOException e) {
            // closing
        }
    }
}
