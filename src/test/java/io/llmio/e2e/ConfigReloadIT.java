package io.llmio.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar reloads its config file on SIGHUP (the JVM's default would be to exit) and when the file
 * changes, without a restart; waits are on {@code /metrics} and {@code /v1/models}, with a deadline.
 */
class ConfigReloadIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path work;

    private static String yaml(String... models) {
        StringBuilder out = new StringBuilder("""
                providers:
                  - name: e2e-up
                    type: openai
                    base-url: http://127.0.0.1:9/v1
                    api-key: sk-e2e-reload
                models:
                """);
        for (String m : models) {
            out.append("  - name: ").append(m).append("\n    providers:\n      - provider: e2e-up\n");
        }
        return out.toString();
    }

    private static String await(ServerProcess s, String path, Predicate<String> done) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            assertThat(s.isAlive()).as("llmio is running:\n" + s.output()).isTrue();
            last = s.get(path).body();
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(50); // polling interval; the condition decides
        }
        throw new AssertionError(path + " did not settle within " + WAIT + ": " + last + "\n" + s.output());
    }

    @Test
    void sighupReloadsAndAFileEditAppliesWithoutARestart() throws Exception {
        Files.createDirectories(work.resolve("config"));
        Path file = work.resolve("config/llmio.yaml");
        Files.writeString(file, yaml("e2e-one"));
        try (ServerProcess s = ServerProcess.start(work, Map.of())) {
            s.awaitHealthy();
            assertThat(s.get("/metrics").body()).contains("llmio_config_reload_total{result=\"success\"} 0.0");

            s.signal("HUP");
            await(s, "/metrics", m -> m.contains("llmio_config_reload_total{result=\"success\"} 1.0"));
            s.signal("HUP");
            await(s, "/metrics", m -> m.contains("llmio_config_reload_total{result=\"success\"} 2.0"));
            assertThat(s.get("/health").statusCode()).isEqualTo(200);

            Path tmp = work.resolve("config/.llmio.yaml.new");
            Files.writeString(tmp, yaml("e2e-one", "e2e-two"));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            await(s, "/v1/models", m -> m.contains("e2e-two"));

            int exit = s.stop();
            String out = s.output();
            assertThat(exit).as(out).isIn(0, 143);
            assertThat(out).contains("(SIGHUP): 0 created, 0 updated, 3 unchanged")
                    .contains("(file changed): 2 created, 0 updated, 3 unchanged")
                    .doesNotContain("sk-e2e-reload").doesNotContain("SEVERE");
        }
    }
}
