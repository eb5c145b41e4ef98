package io.llmio.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmio.config.ConfigReloads;
import io.llmio.mock.MockProtocol;
import io.llmio.mock.MockUpstream;
import io.llmio.proxy.Gateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The config file, live (issue 16 part 1), on a real gateway and the mock upstream: the file changed by an atomic
 * rename, by a Kubernetes ConfigMap symlink swap and in place routes the next request by the new registry; an
 * invalid file is reported (log line naming the key, {@code /health/detail}, {@code /metrics}) while the running
 * registry keeps serving, and the next valid edit applies; a changed restart-only setting is named in the log.
 * Each wait is on the reload counters, with a deadline.
 */
class LiveConfigTest {
    private static final MockUpstream MOCK = MockUpstream.start("sk-live-up");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String CHAT = """
            {"model":"live","messages":[{"role":"user","content":"hi"}]}""";

    @TempDir
    Path dir;

    private final List<String> logLines = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            synchronized (logLines) {
                logLines.add(r.getLevel() + " " + r.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    /** held here: a logger nobody references may be collected, and its handlers with it */
    private final Logger reloaderLog = Logger.getLogger(ConfigReloader.class.getName());
    private Gateway gw;

    @AfterEach
    void stop() {
        reloaderLog.removeHandler(capture);
        if (gw != null) {
            gw.close();
        }
    }

    @AfterAll
    static void stopMock() {
        MOCK.close();
    }

    /**
     * A registry whose model {@code live} goes to provider {@code live-up}, which sends {@code x-live: version}
     * upstream (a file names what it declares: an upsert, so a changed value is what a reload shows).
     */
    private static String yaml(String version, String extra) {
        return """
                providers:
                  - name: live-up
                    type: openai
                    base-url: %s
                    api-key: sk-live-up
                    headers:
                      x-live: %s
                models:
                  - name: live
                    providers:
                      - provider: live-up
                        model: up-model
                %s""".formatted(MOCK.baseUrl(MockProtocol.OPENAI), version, extra);
    }

    private Gateway start(Path config) {
        reloaderLog.addHandler(capture);
        gw = Gateway.start("", Map.of("LLMIO_CONFIG", config.toString()));
        return gw;
    }

    private ConfigReloads reloads() {
        return gw.app().config().reloads();
    }

    /** Waits until {@code counter} is above {@code before}: the observable the reload advances last. */
    private static void awaitAbove(LongSupplier counter, long before) throws InterruptedException {
        await(() -> counter.getAsLong() > before);
    }

    private static void await(BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("a reload within " + WAIT).isLessThan(deadline);
            Thread.sleep(20); // polling interval; the condition decides
        }
    }

    /** The {@code x-live} header the mock saw on one chat call to {@code live}: which file routed it. */
    private String routedTo() {
        int before = MOCK.requestCount();
        HttpResponse<String> res = gw.post("/v1/chat/completions", CHAT, "Authorization", "Bearer " + Gateway.TOKEN,
                                           "Content-Type", "application/json");
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        assertThat(MOCK.requestCount()).isEqualTo(before + 1);
        return MOCK.lastRequest().header("x-live").orElse("");
    }

    private JsonNode detail() throws IOException {
        HttpResponse<String> res = gw.get("/health/detail", "Authorization", "Bearer " + Gateway.TOKEN);
        assertThat(res.statusCode()).isEqualTo(200);
        return JSON.readTree(res.body());
    }

    private String metrics() {
        return gw.get("/metrics", "Authorization", "Bearer " + Gateway.TOKEN).body();
    }

    private List<String> logs() {
        synchronized (logLines) {
            return List.copyOf(logLines);
        }
    }

    @Test
    void atomicRenameRoutesTheNextRequestByTheNewFile() throws Exception {
        Path file = dir.resolve("llmio.yaml");
        Files.writeString(file, yaml("up-one", ""));
        start(file);
        assertThat(routedTo()).isEqualTo("up-one");

        long before = reloads().successes();
        Path tmp = dir.resolve("llmio.yaml.tmp");
        Files.writeString(tmp, yaml("up-two", ""));
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        awaitAbove(reloads()::successes, before);

        assertThat(routedTo()).isEqualTo("up-two");
        assertThat(logs()).anyMatch(l -> l.startsWith("INFO Config reloaded from " + file + " (file changed)")
                && l.contains("1 updated"));
        assertThat(metrics()).contains("llmio_config_reload_total{result=\"success\"} 1.0")
                .contains("llmio_config_reload_total{result=\"failure\"} 0.0")
                .contains("llmio_config_last_reload_success_timestamp_seconds");
    }

    @Test
    void configMapSymlinkSwapRoutesTheNextRequestByTheNewFile() throws Exception {
        Path mount = Files.createDirectories(dir.resolve("configmap"));
        Files.createDirectories(mount.resolve("..v1"));
        Files.writeString(mount.resolve("..v1/llmio.yaml"), yaml("up-one", ""));
        Files.createSymbolicLink(mount.resolve("..data"), Path.of("..v1"));
        Files.createSymbolicLink(mount.resolve("llmio.yaml"), Path.of("..data/llmio.yaml"));
        start(mount.resolve("llmio.yaml"));
        assertThat(routedTo()).isEqualTo("up-one");

        long before = reloads().successes();
        // the kubelet's update: a new version dir, a new link renamed over ..data, the old dir removed
        Files.createDirectories(mount.resolve("..v2"));
        Files.writeString(mount.resolve("..v2/llmio.yaml"), yaml("up-two", ""));
        Files.createSymbolicLink(mount.resolve("..data_tmp"), Path.of("..v2"));
        Files.move(mount.resolve("..data_tmp"), mount.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
        Files.delete(mount.resolve("..v1/llmio.yaml"));
        Files.delete(mount.resolve("..v1"));
        awaitAbove(reloads()::successes, before);

        assertThat(routedTo()).isEqualTo("up-two");
    }

    @Test
    void inPlaceEditRoutesTheNextRequestByTheNewFile() throws Exception {
        Path file = dir.resolve("llmio.yaml");
        Files.writeString(file, yaml("up-one", ""));
        start(file);
        assertThat(routedTo()).isEqualTo("up-one");

        // written in place (truncate, then write): a check may see the file half-written, so wait for the content
        Files.writeString(file, yaml("up-two", ""));
        await(() -> gw.app().registry().current().providers().stream()
                .anyMatch(p -> "up-two".equals(p.headers().get("x-live"))));

        assertThat(routedTo()).isEqualTo("up-two");
    }

    @Test
    void anInvalidFileIsReportedAndKeepsTheRunningRegistryUntilAValidEdit() throws Exception {
        Path file = dir.resolve("llmio.yaml");
        Files.writeString(file, yaml("up-one", ""));
        start(file);

        // a misspelt key: rejected with its path, nothing of the file applied
        long failures = reloads().failures();
        Files.writeString(dir.resolve("bad.yaml"), yaml("up-two", "").replace("model: up-model", "modle: up-model"));
        Files.move(dir.resolve("bad.yaml"), file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        awaitAbove(reloads()::failures, failures);

        assertThat(routedTo()).isEqualTo("up-one");
        assertThat(logs()).anyMatch(l -> l.startsWith("WARNING Config reload (file changed) rejected, the running "
                                                              + "registry is kept: " + file)
                && l.contains("`models[0].providers[0].modle`"));
        JsonNode config = detail().path("config");
        assertThat(config.path("status").asText()).isEqualTo("invalid");
        assertThat(config.path("last_error").asText()).contains("models[0].providers[0].modle");
        assertThat(config.path("failures").asLong()).isEqualTo(1);
        assertThat(detail().path("status").asText()).isEqualTo("degraded");
        assertThat(metrics()).contains("llmio_config_reload_total{result=\"failure\"} 1.0");

        // broken YAML: rejected naming the line
        failures = reloads().failures();
        Files.writeString(dir.resolve("bad.yaml"), "models:\n  - name: [unclosed\n");
        Files.move(dir.resolve("bad.yaml"), file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        awaitAbove(reloads()::failures, failures);
        assertThat(detail().path("config").path("last_error").asText()).contains("is not valid YAML at line");
        assertThat(routedTo()).isEqualTo("up-one");

        // the next valid edit applies
        long successes = reloads().successes();
        Files.writeString(dir.resolve("good.yaml"), yaml("up-two", ""));
        Files.move(dir.resolve("good.yaml"), file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        awaitAbove(reloads()::successes, successes);
        assertThat(routedTo()).isEqualTo("up-two");
        config = detail().path("config");
        assertThat(config.path("status").asText()).isEqualTo("ok");
        assertThat(config.path("last_error").isNull()).isTrue();
        assertThat(config.path("successes").asLong()).isEqualTo(1);
        assertThat(config.path("failures").asLong()).isEqualTo(2);
    }

    @Test
    void aChangedRestartOnlySettingIsNamedInTheLogAndInHealth() throws Exception {
        Path file = dir.resolve("llmio.yaml");
        Files.writeString(file, yaml("up-one", ""));
        start(file);

        long before = reloads().successes();
        Files.writeString(dir.resolve("next.yaml"), yaml("up-two", "log:\n  queue-size: 500\nshutdown-grace-seconds: 7\n"));
        Files.move(dir.resolve("next.yaml"), file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        awaitAbove(reloads()::successes, before);

        // the registry applied; the two settings wait for a restart, and say so
        assertThat(routedTo()).isEqualTo("up-two");
        assertThat(logs()).anyMatch(l -> l.startsWith("WARNING Config reload: changed setting(s) ")
                && l.contains("log.queue-size (LLMIO_LOG_QUEUE_SIZE)")
                && l.contains("shutdown-grace-seconds (LLMIO_SHUTDOWN_GRACE_SECONDS)")
                && l.contains("apply only at the next start"));
        assertThat(detail().path("config").path("restart_pending").toString())
                .contains("log.queue-size (LLMIO_LOG_QUEUE_SIZE)");
    }
}
