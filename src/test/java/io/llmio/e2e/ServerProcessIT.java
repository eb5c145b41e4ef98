package io.llmio.e2e;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.llmio.mock.Fault;
import io.llmio.mock.MockProtocol;
import io.llmio.mock.MockUpstream;
import io.llmio.store.Dsn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar, started the way a user starts it (issue "Foundation"): no configuration at all, then a
 * config file, restarts, SIGTERM, broken settings, and the two server databases.
 */
class ServerProcessIT {
    private static final String PG_DSN = "postgres://postgres@127.0.0.1:5432/llmio_e2e?sslmode=disable";
    private static final String MARIADB_DSN = "root:@tcp(127.0.0.1:3306)/llmio_e2e?parseTime=True";

    @TempDir
    Path work;

    @Test
    void firstRunOnEmbeddedThenConfigThenRestartsKeepTheData() throws Exception {
        try (ServerProcess first = ServerProcess.start(work, Map.of())) {
            HttpResponse<String> health = first.awaitHealthy();
            assertThat(health.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).contains("json"));
            String dataDir = work.resolve("data").toRealPath().toString();
            assertThat(health.body()).contains("\"status\":\"ok\"").contains("\"type\":\"embedded\"")
                    .doesNotContain(dataDir);
            // the database file is named in the admin's detail view only (TOKEN is unset here)
            assertThat(first.get("/health/detail").body()).contains(dataDir);
            assertThat(Files.isDirectory(work.resolve("data"))).isTrue();
            long t0 = System.nanoTime();
            assertCleanExit(first, first.stop());
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("an idle server stops at once")
                    .isLessThan(Duration.ofSeconds(10));
            assertThat(first.output()).contains("listening on port " + first.port()).contains("TOKEN is not set")
                    .doesNotContain("SLF4J").doesNotContain("Flyway").doesNotContain("flyway");
        }

        Files.createDirectories(work.resolve("config"));
        Files.writeString(work.resolve("config/llmio.yaml"), """
                providers:
                  - name: e2e-openai
                    type: openai
                    base-url: http://127.0.0.1:9/v1
                    api-key: ${E2E_KEY}
                models:
                  - name: e2e-model
                    providers:
                      - provider: e2e-openai
                        model: gpt-4o-mini
                """);
        try (ServerProcess second = ServerProcess.start(work, Map.of("E2E_KEY", "sk-e2e-secret"))) {
            second.awaitHealthy();
            assertThat(second.get("/v1/models").body()).contains("e2e-model");
            assertCleanExit(second, second.stop());
            assertThat(second.output()).doesNotContain("sk-e2e-secret");
        }
        assertThat(storedProviders()).containsExactly("e2e-openai");

        // without the file, the third start serves what the second one stored
        Files.delete(work.resolve("config/llmio.yaml"));
        try (ServerProcess third = ServerProcess.start(work, Map.of())) {
            third.awaitHealthy();
            assertThat(third.get("/v1/models").body()).contains("e2e-model");
            assertCleanExit(third, third.stop());
        }
        assertThat(storedProviders()).containsExactly("e2e-openai");
    }

    @Test
    void aTypoInTheConfigFileStopsTheStartNamingTheKey() throws Exception {
        Path elsewhere = Files.createDirectories(work.resolve("etc"));
        Files.writeString(elsewhere.resolve("gateway.yaml"), """
                providers:
                  - name: p
                    type: openai
                    base-url: https://api.openai.com/v1
                models:
                  - name: m
                    providers:
                      - provider: p
                        wieght: 5
                """);
        try (ServerProcess s = ServerProcess.start(work, Map.of("LLMIO_CONFIG", "etc/gateway.yaml"))) {
            int exit = s.awaitExit();
            String out = s.output();
            assertThat(exit).as(out).isNotZero();
            assertThat(out).contains("llmio cannot start:").contains("`models[0].providers[0].wieght`")
                    .contains("did you mean `weight`").contains("etc/gateway.yaml");
            assertNoStackTrace(out);
        }
        assertThat(Files.exists(work.resolve("data"))).as("no database is created for a config that does not load").isFalse();
    }

    @Test
    void anUnreachableDatabaseIsOneParagraphNamingTheSetting() {
        try (ServerProcess s = ServerProcess.start(work, Map.of("DATABASE_DSN", "postgres://postgres@127.0.0.1:1/x"))) {
            int exit = s.awaitExit();
            String out = s.output();
            assertThat(exit).as(out).isNotZero();
            assertOneParagraph(out, "DATABASE_DSN");
            assertThat(out).contains("127.0.0.1:1");
        }
    }

    @Test
    void aWrongPasswordIsOneParagraphAndTheParagraphHidesThePassword() {
        Map<String, String> env = Map.of("DATABASE_TYPE", "mysql",
                                         "DATABASE_DSN", "root:Wr0ngPassw0rd@tcp(127.0.0.1:3306)/llmio_e2e?parseTime=True");
        try (ServerProcess s = ServerProcess.start(work, env)) {
            int exit = s.awaitExit();
            String out = s.output();
            assertThat(exit).as(out).isNotZero();
            assertOneParagraph(out, "DATABASE_DSN");
            assertThat(out).doesNotContain("Wr0ngPassw0rd");
        }
    }

    @Test
    void aPortInUseIsOneParagraphNamingTheSetting() {
        try (ServerProcess running = ServerProcess.start(work, Map.of())) {
            running.awaitHealthy();
            Path other = work.resolve("other");
            try (ServerProcess second = ServerProcess.start(uncheckedDirs(other),
                                                            Map.of("LLMIO_SERVER_PORT", String.valueOf(running.port())))) {
                int exit = second.awaitExit();
                assertThat(exit).as(second.output()).isNotZero();
                assertOneParagraph(second.output(), "LLMIO_SERVER_PORT");
            }
            assertCleanExit(running, running.stop());
        }
    }

    @Test
    void startsOnPostgres() {
        startsOn(Map.of("DATABASE_TYPE", "postgres", "DATABASE_DSN", PG_DSN), "\"type\":\"postgres\"");
    }

    @Test
    void startsOnMariaDb() {
        startsOn(Map.of("DATABASE_TYPE", "mysql", "DATABASE_DSN", MARIADB_DSN), "\"type\":\"mysql\"");
    }

    @Test
    void sigtermLetsRequestsInFlightFinishAndDrainsTheLogQueue() throws Exception {
        try (MockUpstream mock = MockUpstream.start(null)) {
            Files.createDirectories(work.resolve("config"));
            Files.writeString(work.resolve("config/llmio.yaml"), """
                    providers:
                      - name: slow
                        type: openai
                        base-url: %s
                    models:
                      - name: slow-model
                        providers:
                          - provider: slow
                            model: gpt-4o-mini
                    """.formatted(mock.baseUrl(MockProtocol.OPENAI)));
            try (ServerProcess s = ServerProcess.start(work, Map.of())) {
                s.awaitHealthy();
                mock.script().next(Fault.delayHeaders(Duration.ofSeconds(3)));
                mock.script().next(Fault.eventDelay(Duration.ofMillis(400)));
                List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
                calls.add(chat(s, false));
                calls.add(chat(s, true));
                mock.awaitRequests(2, Duration.ofSeconds(30));

                int exit = s.stop();

                HttpResponse<String> plain = calls.get(0).join();
                assertThat(plain.statusCode()).as(plain.body()).isEqualTo(200);
                assertThat(plain.body()).contains("\"choices\"");
                HttpResponse<String> stream = calls.get(1).join();
                assertThat(stream.statusCode()).as(stream.body()).isEqualTo(200);
                assertThat(stream.body()).contains("data: [DONE]");
                assertCleanExit(s, exit);
            }
        }
        // both attempts were logged before the database closed
        try (Connection c = h2(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT status FROM request_logs ORDER BY id")) {
            List<String> statuses = new ArrayList<>();
            while (rs.next()) {
                statuses.add(rs.getString(1));
            }
            assertThat(statuses).containsExactly("success", "success");
        }
    }

    private void startsOn(Map<String, String> env, String type) {
        try (ServerProcess s = ServerProcess.start(work, env)) {
            HttpResponse<String> health = s.awaitHealthy();
            assertThat(health.body()).contains("\"status\":\"ok\"").contains(type).doesNotContain("llmio_e2e");
            // the database's host and name are for the admin's detail view only (TOKEN is unset here)
            assertThat(s.get("/health/detail").body()).contains("llmio_e2e");
            assertThat(Files.exists(work.resolve("data"))).isFalse();
            assertCleanExit(s, s.stop());
        }
    }

    private static CompletableFuture<HttpResponse<String>> chat(ServerProcess s, boolean stream) {
        String body = """
                {"model":"slow-model","stream":%s,"messages":[{"role":"user","content":"hi"}]}""".formatted(stream);
        HttpRequest request = HttpRequest.newBuilder(s.uri("/v1/chat/completions"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return CompletableFuture.supplyAsync(() -> ServerProcess.send(request));
    }

    private static Path uncheckedDirs(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private List<String> storedProviders() throws Exception {
        try (Connection c = h2(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT name FROM providers ORDER BY name")) {
            List<String> names = new ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            return names;
        }
    }

    /** The embedded database file the server left under {@code ./data} of its working directory. */
    private Connection h2() throws Exception {
        return DriverManager.getConnection(Dsn.embedded(work).jdbcUrl(), "sa", "");
    }

    private static void assertCleanExit(ServerProcess s, int exit) {
        String out = s.output();
        assertThat(exit).as("exit code after SIGTERM; output:\n" + out).isIn(0, 143);
        assertNoStackTrace(out);
        assertThat(out).doesNotContain("SEVERE");
    }

    private static void assertNoStackTrace(String out) {
        assertThat(out).as(out).doesNotContainPattern("(?m)^\\s+at [\\w.$/]+\\(")
                .doesNotContain("Caused by:").doesNotContain("Exception in thread");
    }

    /** A failed start prints one paragraph (no blank line, no other log lines) that names {@code setting}. */
    private static void assertOneParagraph(String out, String setting) {
        assertNoStackTrace(out);
        String text = out.strip();
        assertThat(text).as(out).startsWith("llmio cannot start:").contains(setting).doesNotContain("\n\n");
        assertThat(text.lines().count()).as(out).isEqualTo(1);
    }
}
