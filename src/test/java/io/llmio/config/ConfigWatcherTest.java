package io.llmio.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watcher notices each way a config file is changed by its file events alone (the periodic check is set to
 * an hour here, so it cannot be what noticed): an atomic rename over the file, a Kubernetes ConfigMap swap of
 * the {@code ..data} link, an in-place write; and a forced reload (SIGHUP) runs even when nothing changed.
 */
class ConfigWatcherTest {
    private static final Duration NO_PERIODIC = Duration.ofHours(1);
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final BlockingQueue<String> calls = new LinkedBlockingQueue<>();

    private ConfigWatcher watch(Path file) {
        return ConfigWatcher.start(file, Duration.ofMillis(50), NO_PERIODIC, calls::add);
    }

    private String next() throws InterruptedException {
        String reason = calls.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(reason).as("the watcher reported the change within " + WAIT).isNotNull();
        return reason;
    }

    @Test
    void atomicRenameOverTheFileIsNoticed() throws Exception {
        Path file = dir.resolve("llmio.yaml");
        Files.writeString(file, "models: []\n");
        try (ConfigWatcher ignored = watch(file)) {
            replace(file, "providers: []\n");
            assertThat(next()).isEqualTo("file changed");
        }
    }

    @Test
    void configMapSymlinkSwapIsNoticed() throws Exception {
        // what the kubelet builds: llmio.yaml -> ..data/llmio.yaml, ..data -> ..<timestamp>/
        Path mount = Files.createDirectories(dir.resolve("mount"));
        configMapVersion(mount, "..2026_12_03_10_00_00.1", "models: []\n");
        Files.createSymbolicLink(mount.resolve("..data"), Path.of("..2026_12_03_10_00_00.1"));
        Files.createSymbolicLink(mount.resolve("llmio.yaml"), Path.of("..data/llmio.yaml"));
        try (ConfigWatcher ignored = watch(mount.resolve("llmio.yaml"))) {
            swap(mount, "..2026_12_03_10_05_00.2", "providers: []\n");
            assertThat(next()).isEqualTo("file changed");
            // and again: the second swap happens in a directory the first one created
            swap(mount, "..2026_12_03_10_10_00.3", "providers: []\nmodels: []\n");
            assertThat(next()).isEqualTo("file changed");
        }
    }

    @Test
    void inPlaceEditIsNoticed() throws Exception {
        Path file = dir.resolve("llmio.yaml");
        Files.writeString(file, "models: []\n");
        try (ConfigWatcher ignored = watch(file)) {
            Files.writeString(file, "providers: []\n"); // truncate and write, as `>` or an editor saving in place
            assertThat(next()).isEqualTo("file changed");
            Files.writeString(file, "providers: []\nmodels: []\n");
            assertThat(next()).isEqualTo("file changed");
        }
    }

    @Test
    void aFileCreatedLaterIsNoticed() throws Exception {
        Path file = dir.resolve("llmio.yaml");
        try (ConfigWatcher ignored = watch(file)) {
            Files.writeString(file, "models: []\n");
            assertThat(next()).isEqualTo("file changed");
        }
    }

    @Test
    void aForcedReloadRunsWithoutAChange() throws Exception {
        Path file = dir.resolve("llmio.yaml");
        Files.writeString(file, "models: []\n");
        try (ConfigWatcher w = watch(file)) {
            w.reloadNow("SIGHUP");
            assertThat(next()).isEqualTo("SIGHUP");
            // rewriting the same bytes is no change; the edit after it is one (and the only one reported)
            replace(file, "models: []\n");
            replace(file, "providers: []\n");
            assertThat(next()).isEqualTo("file changed");
            w.reloadNow("SIGHUP");
            assertThat(next()).isEqualTo("SIGHUP");
            assertThat(List.copyOf(calls)).isEmpty();
        }
    }

    /** An editor's save: a temporary file renamed over the file. */
    private static void replace(Path file, String yaml) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".swp");
        Files.writeString(tmp, yaml);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void withoutFileEventsThePeriodicCheckNoticesTheChange() throws Exception {
        // what runs when no watch service can be had (the user's inotify instances used up)
        Path file = dir.resolve("llmio.yaml");
        Files.writeString(file, "models: []\n");
        try (ConfigWatcher ignored = ConfigWatcher.start(file, Duration.ofMillis(50), Duration.ofMillis(100), calls::add,
                                                         null)) {
            replace(file, "providers: []\n");
            assertThat(next()).isEqualTo("file changed");
        }
    }

    private static void configMapVersion(Path mount, String name, String yaml) throws IOException {
        Files.createDirectories(mount.resolve(name));
        Files.writeString(mount.resolve(name).resolve("llmio.yaml"), yaml);
    }

    /** The kubelet's update: a new timestamped dir, a temporary link renamed over {@code ..data}, the old dir removed. */
    private static void swap(Path mount, String name, String yaml) throws IOException {
        Path old = Files.readSymbolicLink(mount.resolve("..data"));
        configMapVersion(mount, name, yaml);
        Files.createSymbolicLink(mount.resolve("..data_tmp"), Path.of(name));
        Files.move(mount.resolve("..data_tmp"), mount.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
        Path oldDir = mount.resolve(old);
        Files.delete(oldDir.resolve("llmio.yaml"));
        Files.delete(oldDir);
    }
}
