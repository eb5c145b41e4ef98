package io.llmio.e2e;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.llmio.legacy.LegacyFixture;
import io.llmio.mock.MockProtocol;
import io.llmio.mock.MockUpstream;
import io.llmio.store.Dialect;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code java -jar llmio.jar import-legacy} as a user runs it: from an original llmio database on PostgreSQL
 * into the default embedded database of the working directory, then the server started there serves the
 * original's API key; a second run changes nothing; errors are one line; the server pointed at the
 * original's database says how to import it.
 */
class ImportLegacyIT {
    private static final MockUpstream MOCK = MockUpstream.start("sk-upstream-openai");
    private static final LegacyFixture FIXTURE = new LegacyFixture(Dialect.POSTGRES);

    @BeforeAll
    static void original() {
        FIXTURE.build(MOCK.baseUrl(MockProtocol.OPENAI), MOCK.baseUrl(MockProtocol.ANTHROPIC));
    }

    @AfterAll
    static void stop() {
        MOCK.close();
    }

    @Test
    void importsIntoTheEmbeddedDefaultAndTheServerThereServesTheOriginalsKeys() throws IOException {
        Path work = Files.createTempDirectory("llmio-import-it");
        ServerProcess.Finished dry = ServerProcess.command(work, Map.of(), "import-legacy", "--from", FIXTURE.sourceDsn(),
                                                           "--dry-run");
        assertThat(dry.exit()).as(dry.output()).isZero();
        assertThat(dry.output()).contains("Dry run (nothing is written)", "into embedded " + work.toRealPath(),
                                          "would create API key 'team'", "Nothing was written");

        ServerProcess.Finished first = ServerProcess.command(work, Map.of(), "import-legacy", "--from", FIXTURE.sourceDsn());
        assertThat(first.exit()).as(first.output()).isZero();
        assertThat(first.output()).contains("created provider 'oa' (openai)", "Done:")
                .doesNotContain(LegacyFixture.TEAM_KEY, "sk-upstream-openai", "Exception");

        ServerProcess.Finished second = ServerProcess.command(work, Map.of(), "import-legacy", "--from", FIXTURE.sourceDsn());
        assertThat(second.exit()).as(second.output()).isZero();
        assertThat(second.output()).contains("Nothing changed: llmio's database already held everything.");

        try (ServerProcess server = ServerProcess.start(work, Map.of("TOKEN", "it-admin-token-0123456789abcdef"))) {
            server.awaitHealthy();
            HttpResponse<String> ok = ServerProcess.send(HttpRequest.newBuilder(server.uri("/v1/chat/completions"))
                    .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + LegacyFixture.TEAM_KEY)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"model\":\"gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build());
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            assertThat(ok.body()).contains("Hello! How can I help you today?");
            assertThat(MOCK.lastRequest().header("authorization")).hasValue("Bearer sk-upstream-openai");
        }
    }

    @Test
    void errorsAreOneLineWithoutThePasswordAndUnknownCommandsAreRefused() throws IOException {
        Path work = Files.createTempDirectory("llmio-import-it");
        ServerProcess.Finished unreachable = ServerProcess.command(work, Map.of(), "import-legacy", "--from",
                                                                   "someone:Wr0ngPassw0rd@tcp(127.0.0.1:1)/llmio");
        assertThat(unreachable.exit()).isEqualTo(1);
        assertThat(unreachable.output().strip()).startsWith("llmio import-legacy:").contains("127.0.0.1:1", "--from")
                .doesNotContain("Wr0ngPassw0rd", "Exception", "\tat ");
        assertThat(unreachable.output().strip().lines()).hasSize(1);

        ServerProcess.Finished usage = ServerProcess.command(work, Map.of(), "import-legacy");
        assertThat(usage.exit()).isEqualTo(2);
        assertThat(usage.output()).contains("--from is required", "usage: llmio import-legacy");

        ServerProcess.Finished unknown = ServerProcess.command(work, Map.of(), "serve-please");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.output()).contains("unknown command `serve-please`");
        assertThat(Files.exists(work.resolve("data"))).as("no database is opened for a failed command").isFalse();
    }

    @Test
    void theServerOnTheOriginalsDatabaseSaysHowToImportIt() throws IOException {
        Path work = Files.createTempDirectory("llmio-import-it");
        try (ServerProcess s = ServerProcess.start(work, Map.of("DATABASE_DSN", FIXTURE.sourceDsn()))) {
            int exit = s.awaitExit();
            String out = s.output().strip();
            assertThat(exit).as(out).isNotZero();
            assertThat(out).startsWith("llmio cannot start: DATABASE_DSN points at a database of the original llmio (Go)")
                    .contains("./llmio import-legacy --from 'postgres://postgres@127.0.0.1:5432/llmio_legacy_src_pg'")
                    .doesNotContain("Flyway", "flyway", "\tat ");
            assertThat(out.lines()).hasSize(1);
        }
    }
}
