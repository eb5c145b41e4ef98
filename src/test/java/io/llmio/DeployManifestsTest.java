package io.llmio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.llmio.config.ConfigLoader;
import io.llmio.config.Settings;
import io.llmio.proxy.Gateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lint of {@code deploy/kubernetes} (no kubeconform or helm installs here from Debian, Maven or npm): the
 * manifests parse, reference each other consistently, and match what llmio serves and reads and what the
 * Dockerfile builds: probe paths answered without a token by a real gateway, the port, every environment name,
 * the ConfigMap's YAML read by llmio's own strict loader, the ConfigMap mounted as a directory at
 * {@code LLMIO_CONFIG} (a {@code subPath} mount never receives edits), the termination grace covering llmio's
 * shutdown bound, the memory limit over the heap, a non-root numeric user equal to the image's.
 */
class DeployManifestsTest {
    private static final Path DIR = Path.of("deploy/kubernetes");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Pattern XMX = Pattern.compile("-Xmx(\\d+)([mMgG])");

    private static final Map<String, JsonNode> BY_KIND = load();

    @TempDir
    Path tmp;

    private static Map<String, JsonNode> load() {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(f.toFile())) {
                    while (docs.hasNext()) {
                        JsonNode d = docs.next();
                        assertThat(d.path("apiVersion").asText()).as(f + " apiVersion").isNotEmpty();
                        assertThat(d.path("kind").asText()).as(f + " kind").isNotEmpty();
                        if (!d.path("kind").asText().equals("Kustomization")) {
                            assertThat(d.path("metadata").path("name").asText()).as(f + " metadata.name").isNotEmpty();
                        }
                        assertThat(out.put(d.path("kind").asText(), d)).as("one " + d.path("kind") + " only").isNull();
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static JsonNode kind(String kind) {
        JsonNode n = BY_KIND.get(kind);
        assertThat(n).as(kind + " in " + DIR).isNotNull();
        return n;
    }

    private static JsonNode container() {
        JsonNode containers = kind("Deployment").at("/spec/template/spec/containers");
        assertThat(containers.size()).isEqualTo(1);
        return containers.get(0);
    }

    private static Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode e : container().path("env")) {
            assertThat(e.has("value")).as(e + " has a literal value (secrets come from the Secret)").isTrue();
            env.put(e.path("name").asText(), e.path("value").asText());
        }
        return env;
    }

    private static Map<String, String> secret() {
        Map<String, String> out = new LinkedHashMap<>();
        kind("Secret").path("stringData").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private static String dockerfile() throws IOException {
        return Files.readString(Path.of("Dockerfile"));
    }

    private static String dockerLine(String instruction) throws IOException {
        Matcher m = Pattern.compile("(?m)^" + instruction + "\\s+(.+)$").matcher(dockerfile());
        List<String> found = new ArrayList<>();
        while (m.find()) {
            found.add(m.group(1).trim());
        }
        assertThat(found).as("one " + instruction + " in the Dockerfile").hasSize(1);
        return found.get(0);
    }

    @Test
    void kustomizationListsEveryManifestAndTheObjectsReferToEachOther() throws IOException {
        Set<String> listed = new TreeSet<>();
        kind("Kustomization").path("resources").forEach(r -> listed.add(r.asText()));
        Set<String> files = new TreeSet<>();
        try (Stream<Path> s = Files.list(DIR)) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml"))
                    .forEach(files::add);
        }
        assertThat(listed).isEqualTo(files);

        JsonNode deployment = kind("Deployment");
        JsonNode labels = deployment.at("/spec/template/metadata/labels");
        assertThat(deployment.at("/spec/selector/matchLabels")).isEqualTo(labels);
        kind("Service").at("/spec/selector").fields()
                .forEachRemaining(e -> assertThat(labels.path(e.getKey())).isEqualTo(e.getValue()));
        kind("PodDisruptionBudget").at("/spec/selector/matchLabels").fields()
                .forEachRemaining(e -> assertThat(labels.path(e.getKey())).isEqualTo(e.getValue()));
        assertThat(kind("Service").at("/spec/ports/0/targetPort").asText()).isEqualTo("http");
        assertThat(deployment.at("/spec/template/spec/serviceAccountName").asText())
                .isEqualTo(kind("ServiceAccount").at("/metadata/name").asText());
        assertThat(container().at("/envFrom/0/secretRef/name").asText())
                .isEqualTo(kind("Secret").at("/metadata/name").asText());
    }

    @Test
    void portAndProbesAreWhatLlmioServesWithoutAToken() throws IOException {
        JsonNode c = container();
        assertThat(c.at("/ports/0/name").asText()).isEqualTo("http");
        int port = c.at("/ports/0/containerPort").asInt();
        assertThat(port).isEqualTo(Settings.DEFAULT_PORT);
        assertThat(env()).containsEntry("LLMIO_SERVER_PORT", String.valueOf(port));
        assertThat(dockerLine("EXPOSE")).isEqualTo(String.valueOf(port));
        assertThat(dockerfile()).contains("ENV LLMIO_SERVER_PORT=" + port);

        assertThat(c.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health/live");
        assertThat(c.at("/startupProbe/httpGet/path").asText()).isEqualTo("/health/live");
        assertThat(c.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/health/ready");
        assertThat(dockerfile()).as("the image's HEALTHCHECK").contains("http://127.0.0.1:${LLMIO_SERVER_PORT}/health/live");
        try (Gateway gw = Gateway.start("")) {
            for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
                assertThat(c.at("/" + probe + "/httpGet/port").asText()).isEqualTo("http");
                HttpResponse<String> res = gw.get(c.at("/" + probe + "/httpGet/path").asText());
                assertThat(res.statusCode()).as(probe + " " + res.body()).isEqualTo(200);
            }
        }
    }

    @Test
    void everyEnvironmentNameIsOneLlmioReadsAndTheConfigMapLoads() throws IOException {
        String envExample = Files.readString(Path.of(".env.example"));
        String configYaml = kind("ConfigMap").at("/data/llmio.yaml").asText();
        Set<String> referenced = new TreeSet<>();
        Matcher m = VAR.matcher(configYaml);
        while (m.find()) {
            referenced.add(m.group(1));
        }
        Map<String, String> secret = secret();
        assertThat(secret.keySet()).as("every ${NAME} of the ConfigMap comes from the Secret").containsAll(referenced);
        Map<String, String> all = new LinkedHashMap<>(secret);
        all.putAll(env());
        for (String name : all.keySet()) {
            boolean known = Pattern.compile("(?m)^" + name + "=").matcher(envExample).find() || referenced.contains(name)
                    || (name.equals("LLMIO_JAVA_OPTS") && dockerfile().contains("$" + name));
            assertThat(known).as(name + " is read by llmio (.env.example), the image or the ConfigMap").isTrue();
        }

        // the ConfigMap's file as llmio reads it, with the Secret and the Deployment's environment
        Path file = tmp.resolve("llmio.yaml");
        Files.writeString(file, configYaml);
        Map<String, String> env = new HashMap<>(all);
        env.put("LLMIO_CONFIG", file.toString());
        ConfigLoader.Loaded loaded = ConfigLoader.load(env, tmp);
        assertThat(loaded.registry().providers()).isNotEmpty();
        assertThat(loaded.registry().models()).isNotEmpty();
        assertThat(loaded.settings().databaseDsn()).isEqualTo(secret.get("DATABASE_DSN"));
        assertThat(loaded.settings().redisUrl()).isEqualTo(secret.get("REDIS_URL"));
        assertThat(loaded.settings().authEnabled()).isTrue();
    }

    @Test
    void theConfigMapIsMountedAsADirectoryAtLlmioConfig() {
        Path config = Path.of(env().get("LLMIO_CONFIG"));
        JsonNode spec = kind("Deployment").at("/spec/template/spec");
        String volume = null;
        for (JsonNode v : spec.path("volumes")) {
            if (v.at("/configMap/name").asText().equals(kind("ConfigMap").at("/metadata/name").asText())) {
                volume = v.path("name").asText();
            }
        }
        assertThat(volume).as("a volume of the ConfigMap").isNotNull();
        JsonNode mount = null;
        for (JsonNode vm : container().path("volumeMounts")) {
            if (vm.path("name").asText().equals(volume)) {
                mount = vm;
            }
        }
        assertThat(mount).isNotNull();
        assertThat(mount.has("subPath")).as("a subPath mount is never updated by the kubelet").isFalse();
        assertThat(Path.of(mount.path("mountPath").asText())).isEqualTo(config.getParent());
        assertThat(kind("ConfigMap").path("data").has(config.getFileName().toString())).isTrue();
    }

    @Test
    void terminationGraceCoversThePreStopAndLlmiosShutdown() {
        Map<String, String> env = env();
        JsonNode c = container();
        List<String> preStop = new ArrayList<>();
        c.at("/lifecycle/preStop/exec/command").forEach(x -> preStop.add(x.asText()));
        assertThat(preStop).hasSize(2).first().isEqualTo("sleep");
        long sleep = Long.parseLong(preStop.get(1));
        assertThat(sleep).as("the endpoints have time to drop the pod").isGreaterThanOrEqualTo(5);
        Duration bound = Main.shutdownBound(Duration.ofSeconds(Long.parseLong(env.get("LLMIO_SHUTDOWN_GRACE_SECONDS"))),
                                            Duration.ofSeconds(Long.parseLong(env.get("LLMIO_LOG_DRAIN_SECONDS"))));
        long period = kind("Deployment").at("/spec/template/spec/terminationGracePeriodSeconds").asLong();
        assertThat(period).isGreaterThanOrEqualTo(sleep + bound.toSeconds());
    }

    @Test
    void theMemoryLimitHoldsTheHeapOfTheImagesJvmFlags() throws IOException {
        String opts = env().get("LLMIO_JAVA_OPTS");
        assertThat(dockerfile()).as("the Deployment uses the Dockerfile's JVM flags")
                .contains("ENV LLMIO_JAVA_OPTS=\"" + opts + "\"");
        Matcher m = XMX.matcher(opts);
        assertThat(m.find()).isTrue();
        long heapMi = Long.parseLong(m.group(1)) * (m.group(2).equalsIgnoreCase("g") ? 1024 : 1);
        JsonNode resources = container().path("resources");
        long limit = mebibytes(resources.at("/limits/memory").asText());
        assertThat(limit).as("heap + 256Mi for metaspace, code, threads and buffers").isGreaterThanOrEqualTo(heapMi + 256);
        assertThat(mebibytes(resources.at("/requests/memory").asText())).isEqualTo(limit);
        assertThat(resources.at("/requests/cpu").asText()).isNotEmpty();
    }

    private static long mebibytes(String q) {
        Matcher m = Pattern.compile("(\\d+)(Mi|Gi)").matcher(q);
        assertThat(m.matches()).as("memory quantity " + q).isTrue();
        return Long.parseLong(m.group(1)) * (m.group(2).equals("Gi") ? 1024 : 1);
    }

    @Test
    void runsAsTheImagesNonRootUserOnAReadOnlyRoot() throws IOException {
        String user = dockerLine("USER");
        assertThat(user).matches("\\d+:\\d+");
        long uid = Long.parseLong(user.substring(0, user.indexOf(':')));
        assertThat(uid).isPositive();
        JsonNode pod = kind("Deployment").at("/spec/template/spec/securityContext");
        assertThat(pod.path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.path("runAsUser").asLong()).isEqualTo(uid);
        assertThat(pod.path("runAsGroup").asText()).isEqualTo(user.substring(user.indexOf(':') + 1));
        JsonNode c = container().path("securityContext");
        assertThat(c.path("readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(c.path("allowPrivilegeEscalation").asBoolean()).isFalse();
        assertThat(c.at("/capabilities/drop/0").asText()).isEqualTo("ALL");
        // the JVM writes to /tmp: an emptyDir there
        String tmpVolume = null;
        for (JsonNode vm : container().path("volumeMounts")) {
            if (vm.path("mountPath").asText().equals("/tmp")) {
                tmpVolume = vm.path("name").asText();
            }
        }
        assertThat(tmpVolume).isNotNull();
        for (JsonNode v : kind("Deployment").at("/spec/template/spec/volumes")) {
            if (v.path("name").asText().equals(tmpVolume)) {
                assertThat(v.has("emptyDir")).isTrue();
            }
        }
    }

    @Test
    void theImageRunsTheJarItCopies() throws IOException {
        String entry = dockerLine("ENTRYPOINT");
        Matcher jar = Pattern.compile("-jar (\\S+\\.jar)").matcher(entry);
        assertThat(jar.find()).as(entry).isTrue();
        String path = jar.group(1);
        assertThat(dockerfile()).contains("COPY --from=build /src/target/llmio.jar " + path)
                .contains("COPY --from=build /src/target/libs " + Path.of(path).getParent().resolve("libs"));
        assertThat(entry).contains("$LLMIO_JAVA_OPTS");
    }
}
