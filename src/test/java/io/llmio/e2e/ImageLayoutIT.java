package io.llmio.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the container image would run, short of building it (its base images come from a container registry this
 * machine cannot reach; README "Deployment" says what is and is not verified): the packaged jar and its libs laid
 * out as the Dockerfile copies them, started by the Dockerfile's own ENTRYPOINT from its WORKDIR with the
 * Deployment's environment, the Secret's values and the ConfigMap's file at {@code LLMIO_CONFIG}. The probes
 * answer on the port, the ConfigMap's models are in the registry, and SIGTERM ends it within the termination grace.
 */
class ImageLayoutIT {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path K8S = Path.of(System.getProperty("llmio.basedir", ".")).resolve("deploy/kubernetes");
    private static final Duration START = Duration.ofSeconds(90);

    @TempDir
    Path root;

    private static JsonNode manifest(String file) throws IOException {
        return YAML.readTree(K8S.resolve(file).toFile());
    }

    private static String dockerfile() throws IOException {
        return Files.readString(K8S.getParent().getParent().resolve("Dockerfile"));
    }

    /** The instruction's argument in the last stage (the runtime image) of the Dockerfile. */
    private static String instruction(String name) throws IOException {
        Matcher m = Pattern.compile("(?m)^" + name + "\\s+(.+)$").matcher(dockerfile());
        String last = null;
        while (m.find()) {
            last = m.group(1).trim();
        }
        assertThat(last).as(name + " in the Dockerfile").isNotNull();
        return last;
    }

    @Test
    void theImagesEntrypointServesTheProbesAndTheConfigMapWithTheDeploymentsEnvironment() throws Exception {
        // the image's /app: WORKDIR, the jar and libs where the Dockerfile copies them
        String workdir = instruction("WORKDIR");
        Path app = Files.createDirectories(root.resolve(workdir.substring(1)));
        Path jar = ServerProcess.jar();
        Files.copy(jar, app.resolve("llmio.jar"));
        Files.createSymbolicLink(app.resolve("libs"), jar.resolveSibling("libs"));

        JsonNode deployment = manifest("deployment.yaml");
        JsonNode container = deployment.at("/spec/template/spec/containers/0");
        int port = freePort();
        ProcessBuilder pb = new ProcessBuilder(entrypoint(workdir, app)).directory(app.toFile()).redirectErrorStream(true)
                .redirectOutput(root.resolve("llmio.out").toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("DATABASE_") || k.startsWith("LLMIO_") || k.equals("TOKEN")
                || k.equals("REDIS_URL") || k.equals("TRUSTED_PROXIES") || k.equals("JAVA_TOOL_OPTIONS"));
        // the Secret (the database and Redis it names do not exist here: the embedded database stands in)
        manifest("secret.yaml").path("stringData").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        env.remove("DATABASE_DSN");
        env.remove("REDIS_URL");
        for (JsonNode e : container.path("env")) {
            env.put(e.path("name").asText(), e.path("value").asText());
        }
        // the ConfigMap at the mount path, re-rooted
        String configPath = env.get("LLMIO_CONFIG");
        Path config = root.resolve(configPath.substring(1));
        Files.createDirectories(config.getParent());
        Files.writeString(config, manifest("configmap.yaml").at("/data/" + config.getFileName()).asText());
        env.put("LLMIO_CONFIG", config.toString());
        env.put("LLMIO_SERVER_PORT", String.valueOf(port));
        // `java` as the image's PATH finds it
        env.put("PATH", Path.of(ServerProcess.java()).getParent() + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));

        Process p = pb.start();
        try {
            String token = env.get("TOKEN");
            String live = container.at("/livenessProbe/httpGet/path").asText();
            String ready = container.at("/readinessProbe/httpGet/path").asText();
            awaitOk(p, port, live);
            awaitOk(p, port, ready);
            HttpResponse<String> export = get(port, "/api/config/export", token);
            assertThat(export.statusCode()).isEqualTo(200);
            List<String> served = new ArrayList<>();
            YAML.readTree(export.body()).path("models").forEach(m -> served.add(m.path("name").asText()));
            List<String> declared = new ArrayList<>();
            YAML.readTree(Files.readString(config)).path("models").forEach(m -> declared.add(m.path("name").asText()));
            assertThat(served).containsAll(declared);

            long grace = deployment.at("/spec/template/spec/terminationGracePeriodSeconds").asLong();
            long t0 = System.nanoTime();
            p.destroy(); // SIGTERM, as the kubelet sends after the preStop hook
            assertThat(p.waitFor(grace, TimeUnit.SECONDS)).as("exits within terminationGracePeriodSeconds").isTrue();
            assertThat(p.exitValue()).isIn(0, 143);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(grace));
            String out = Files.readString(root.resolve("llmio.out"));
            assertThat(out).contains("listening on port " + port).doesNotContain("SEVERE")
                    .doesNotContain(env.get("TOKEN")).doesNotContain(env.get("OPENAI_API_KEY"));
        } finally {
            p.destroyForcibly();
        }
    }

    /** The Dockerfile's exec-form ENTRYPOINT with the image's WORKDIR re-rooted under the test's directory. */
    private static List<String> entrypoint(String workdir, Path app) throws IOException {
        ArrayNode form = (ArrayNode) JSON.readTree(instruction("ENTRYPOINT"));
        List<String> cmd = new ArrayList<>();
        form.forEach(x -> cmd.add(x.asText().replace(workdir + "/", app + "/")));
        assertThat(String.join(" ", cmd)).contains(app + "/llmio.jar");
        return cmd;
    }

    private static void awaitOk(Process p, int port, String path) throws InterruptedException {
        long deadline = System.nanoTime() + START.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(p.isAlive()).as("llmio is running").isTrue();
            try {
                if (get(port, path, null).statusCode() == 200) {
                    return;
                }
            } catch (java.io.UncheckedIOException e) {
                if (!(e.getCause() instanceof ConnectException)) {
                    throw e;
                }
            }
            Thread.sleep(100); // polling interval; the answer decides
        }
        throw new AssertionError(path + " did not answer 200 within " + START);
    }

    private static HttpResponse<String> get(int port, String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return ServerProcess.send(b.build());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
