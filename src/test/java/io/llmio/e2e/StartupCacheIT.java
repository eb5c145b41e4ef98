package io.llmio.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The startup cache as the launcher and the Docker image make it (docs/startup.md): the packaged jar's
 * training run writes a cache, and a server started with the cache in strict mode (the JVM refuses to
 * start when it cannot use it) serves. JDK 25+: AOT cache; JDK 21-24: dynamic CDS archive.
 */
class StartupCacheIT {
    private static final int JAVA = Runtime.version().feature();

    @TempDir
    Path work;

    @Test
    void theTrainedCacheIsUsableByTheServer() throws Exception {
        Path cache = work.resolve(JAVA >= 25 ? "llmio.aot" : "llmio.jsa");
        Path log = work.resolve("train.out");
        Process train = new ProcessBuilder(ServerProcess.java(), "-Dllmio.train.rounds=3",
                                           JAVA >= 25 ? "-XX:AOTCacheOutput=" + cache : "-XX:ArchiveClassesAtExit=" + cache,
                                           "-jar", ServerProcess.jar().toString(), "train")
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(train.waitFor(5, TimeUnit.MINUTES)).as("training run ended").isTrue();
        assertThat(train.exitValue()).as(output(log)).isZero();
        assertThat(output(log)).contains("llmio train: 192 of 192 requests served");
        assertThat(cache).isRegularFile();

        List<String> strict = JAVA >= 25 ? List.of("-XX:AOTCache=" + cache, "-XX:AOTMode=on")
                : List.of("-XX:SharedArchiveFile=" + cache, "-Xshare:on");
        try (ServerProcess server = ServerProcess.start(work, Map.of(), strict)) {
            assertThat(server.awaitHealthy().statusCode()).isEqualTo(200);
        }
    }

    private static String output(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }
}
