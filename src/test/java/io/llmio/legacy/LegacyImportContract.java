package io.llmio.legacy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.llmio.auth.KeyHash;
import io.llmio.errors.StartupException;
import io.llmio.mock.MockProtocol;
import io.llmio.mock.MockUpstream;
import io.llmio.mock.RecordedRequest;
import io.llmio.pricing.ModelPrice;
import io.llmio.pricing.PriceStore;
import io.llmio.proxy.Gateway;
import io.llmio.registry.Association;
import io.llmio.registry.AuthKey;
import io.llmio.registry.Model;
import io.llmio.registry.Provider;
import io.llmio.registry.ProviderType;
import io.llmio.registry.Strategy;
import io.llmio.requestlog.LogFilter;
import io.llmio.requestlog.LogStore;
import io.llmio.requestlog.RequestBody;
import io.llmio.requestlog.RequestLog;
import io.llmio.store.AssociationStore;
import io.llmio.store.AuthKeyStore;
import io.llmio.store.Database;
import io.llmio.store.Dialect;
import io.llmio.store.Dsn;
import io.llmio.store.ModelStore;
import io.llmio.store.ProviderStore;
import io.llmio.store.SettingStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code llmio import-legacy} against an original llmio database built from shared/LEGACY.md, into a fresh
 * llmio database on the same server: dry run, import into a running gateway (the imported key proxies a
 * request to the mock upstream, the imported price costs it), idempotency, a change upstream, the request
 * log, clear errors, and the start-up message for a DATABASE_DSN naming the original's database.
 */
abstract class LegacyImportContract {
    /** one per test class (the field is shared by the dialect subclasses, which run one after the other) */
    private static MockUpstream MOCK;

    abstract Dialect dialect();

    private LegacyFixture fixture;
    private Path workDir;

    @BeforeAll
    static void startMock() {
        MOCK = MockUpstream.start("sk-upstream-openai");
    }

    @AfterAll
    static void stopMock() {
        MOCK.close();
    }

    /** The command in-process, as Main runs it: exit status, stdout, stderr. */
    record Run(int status, String out, String err) {
    }

    private Run importLegacy(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ImportLegacyCommand.run(args, Map.of("DATABASE_TYPE", fixture.targetType(),
                                                          "DATABASE_DSN", fixture.targetDsn()),
                                             workDir, new PrintStream(out, true, StandardCharsets.UTF_8),
                                             new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private void setUp() {
        fixture = new LegacyFixture(dialect());
        fixture.build(MOCK.baseUrl(MockProtocol.OPENAI), MOCK.baseUrl(MockProtocol.ANTHROPIC));
        fixture.dropTarget();
        try {
            workDir = Files.createTempDirectory("llmio-import");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void importsEveryTableIntoARunningGatewayOnceAndIdempotently() throws Exception {
        setUp();
        // a dry run before anything exists: it lists what it would create and writes nothing
        Run dry = importLegacy("--from", fixture.sourceDsn(), "--dry-run", "--logs");
        assertThat(dry.status()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("Dry run (nothing is written)", "would create provider 'oa' (openai)",
                                       "would create provider 'codexp' (openai-responses)", "would create model 'nulls'",
                                       "would create API key 'team'", "Nothing was written");
        assertThat(llmioTables()).doesNotContain("providers", "auth_keys", "request_logs");

        // the login throttle off: this test polls with keys that are not imported yet (401s), which is no attack
        try (Gateway gw = Gateway.start("", Map.of("DATABASE_TYPE", fixture.targetType(),
                                                   "DATABASE_DSN", fixture.targetDsn(),
                                                   "LLMIO_LOGIN_MAX_FAILURES", "0"))) {
            assertThat(chat(gw, LegacyFixture.TEAM_KEY, "gpt").statusCode()).isEqualTo(401);

            Run first = importLegacy("--from", fixture.sourceDsn(), "--logs");
            assertThat(first.status()).as(first.err()).isZero();
            assertThat(first.err()).isEmpty();
            assertThat(first.out()).contains("created provider 'claude' (anthropic)", "Done:",
                                             "providers #5 'weird': type 'bedrock' is none of",
                                             "providers #6 'broken': config is not a JSON object",
                                             "model_with_providers #4: provider #4 is deleted or not imported",
                                             "model_with_providers #7: model #3 is deleted or not imported",
                                             "auth_keys #6 'empty': no key",
                                             "configs #2 'anthropic_count_tokens': no counterpart",
                                             "model_prices #2: a second price for 'gpt' (provider 'azure'",
                                             "chat_logs #4 'gpt': style 'mystery'",
                                             "models #4 'strat': strategy 'fastest' is unknown; imported as lottery",
                                             "model_with_providers #6: customer_headers is not a JSON object",
                                             "cache_write 3.75 has no counterpart",
                                             "1 row(s) name an API key that is deleted or was not imported");
            assertThat(first.out()).doesNotContain(LegacyFixture.TEAM_KEY, LegacyFixture.ALL_KEY, "sk-upstream-openai");
            assertThat(summaryLine(first.out(), "providers")).isEqualTo(List.of(3L, 0L, 0L, 1L, 2L));
            assertThat(summaryLine(first.out(), "models")).isEqualTo(List.of(3L, 0L, 0L, 1L, 0L));
            assertThat(summaryLine(first.out(), "model_with_providers")).isEqualTo(List.of(4L, 0L, 0L, 1L, 2L));
            assertThat(summaryLine(first.out(), "auth_keys")).isEqualTo(List.of(4L, 0L, 0L, 1L, 1L));
            assertThat(summaryLine(first.out(), "model_prices")).isEqualTo(List.of(2L, 0L, 0L, 1L, 1L));
            assertThat(summaryLine(first.out(), "configs")).isEqualTo(List.of(1L, 0L, 0L, 1L, 1L));
            assertThat(summaryLine(first.out(), "chat_logs"))
                    .isEqualTo(List.of(3L + LegacyFixture.BULK_LOGS, 0L, 0L, 1L, 1L));

            verifyStores(gw.app().database());

            // the running gateway picks the import up (registry version poll): the original's key proxies a request
            HttpResponse<String> ok = awaitStatus(gw, LegacyFixture.TEAM_KEY, "gpt", 200);
            assertThat(ok.body()).contains("Hello! How can I help you today?");
            RecordedRequest up = MOCK.lastRequest();
            assertThat(up.path()).isEqualTo("/v1/chat/completions");
            assertThat(up.header("authorization")).hasValue("Bearer sk-upstream-openai");
            assertThat(up.header("x-team")).hasValue("a");
            String trace = ok.headers().firstValue("x-llmio-trace-id").orElseThrow();
            RequestLog row = gw.finishedLogs(trace, 1).getFirst();
            assertThat(row.authKeyId()).isEqualTo(new AuthKeyStore(gw.app().database())
                                                           .byHash(KeyHash.sha256(LegacyFixture.TEAM_KEY)).orElseThrow().id());
            // the imported price, reloaded by the running instance along with the registry
            assertThat(row.cost()).isCloseTo(((row.promptTokens() - row.cachedTokens()) * 2.5 + row.cachedTokens() * 1.25
                                              + row.completionTokens() * 10.0) / 1_000_000.0, within(1e-12));
            assertThat(row.cost()).isPositive();
            // allow-list, expiry and status came along
            assertThat(chat(gw, LegacyFixture.TEAM_KEY, "nulls").statusCode()).isEqualTo(403);
            assertThat(chat(gw, LegacyFixture.EXPIRED_KEY, "gpt").statusCode()).isEqualTo(401);
            assertThat(chat(gw, LegacyFixture.OFF_KEY, "gpt").statusCode()).isEqualTo(401);
            assertThat(chat(gw, LegacyFixture.DELETED_KEY, "gpt").statusCode()).isEqualTo(401);
            assertThat(chat(gw, LegacyFixture.ALL_KEY, "gpt").statusCode()).isEqualTo(200);
        }

        // a second run changes nothing and says so
        Run second = importLegacy("--from", fixture.sourceDsn(), "--logs");
        assertThat(second.status()).as(second.err()).isZero();
        assertThat(second.out()).contains("Nothing changed: llmio's database already held everything.");
        assertThat(second.out().lines()).noneMatch(l -> l.startsWith("  created ") || l.startsWith("  updated "));
        assertThat(summaryLine(second.out(), "providers")).isEqualTo(List.of(0L, 0L, 3L, 1L, 2L));
        assertThat(summaryLine(second.out(), "auth_keys")).isEqualTo(List.of(0L, 0L, 4L, 1L, 1L));
        assertThat(summaryLine(second.out(), "chat_logs"))
                .isEqualTo(List.of(0L, 0L, 3L + LegacyFixture.BULK_LOGS, 1L, 1L));

        // a change in the original: the dry run names it, the import applies it, usage counted since is kept
        try (Connection c = fixture.source(); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE providers SET rpm_limit = 7 WHERE id = 1");
        }
        Run dryChange = importLegacy("--from", fixture.sourceDsn(), "--dry-run");
        assertThat(dryChange.out()).contains("would update provider 'oa' (openai)",
                                             "Dry run: 1 row(s) would be created or updated. Nothing was written.");
        Run change = importLegacy("--from", fixture.sourceDsn());
        assertThat(change.out()).contains("updated provider 'oa' (openai)", "Done: 1 row(s) created or updated.");
        try (Database db = Database.open(Dsn.parse(fixture.targetType(), fixture.targetDsn()), true)) {
            assertThat(new ProviderStore(db).byName("oa").orElseThrow().rpmLimit()).isEqualTo(7);
            assertThat(new AuthKeyStore(db).byHash(KeyHash.sha256(LegacyFixture.TEAM_KEY)).orElseThrow().usageCount())
                    .isGreaterThanOrEqualTo(43);
        }
    }

    private void verifyStores(Database db) {
        ProviderStore providers = new ProviderStore(db);
        Provider oa = providers.byName("oa").orElseThrow();
        assertThat(oa.type()).isEqualTo(ProviderType.OPENAI);
        assertThat(oa.baseUrl()).isEqualTo(MOCK.baseUrl(MockProtocol.OPENAI));
        assertThat(oa.apiKey().value()).isEqualTo("sk-upstream-openai");
        assertThat(oa.enabled()).isTrue();
        Provider codex = providers.byName("codexp").orElseThrow();
        assertThat(codex.type()).isEqualTo(ProviderType.OPENAI_RESPONSES);
        assertThat(codex.rpmLimit()).isZero();
        assertThat(codex.ipLockMinutes()).isZero();
        assertThat(codex.console()).isEmpty();
        Provider claude = providers.byName("claude").orElseThrow();
        assertThat(claude.type()).isEqualTo(ProviderType.ANTHROPIC);
        assertThat(claude.headers()).containsEntry("anthropic-version", "2023-06-01");
        assertThat(claude.rpmLimit()).isEqualTo(60);
        assertThat(claude.ipLockMinutes()).isEqualTo(5);
        assertThat(claude.console()).isEqualTo("https://console.anthropic.com");
        assertThat(providers.list()).extracting(Provider::name).containsExactlyInAnyOrder("oa", "codexp", "claude");

        ModelStore models = new ModelStore(db);
        Model gpt = models.byName("gpt").orElseThrow();
        assertThat(gpt.remark()).isEqualTo("main");
        assertThat(gpt.strategy()).isEqualTo(Strategy.ROTOR);
        assertThat(gpt.maxRetry()).isEqualTo(3);
        assertThat(gpt.timeoutSeconds()).isEqualTo(30);
        assertThat(gpt.ioLog()).isTrue();
        assertThat(gpt.breaker()).isTrue();
        assertThat(gpt.enabled()).isTrue();
        Model nulls = models.byName("nulls").orElseThrow();
        assertThat(nulls.remark()).isEmpty();
        assertThat(nulls.strategy()).isEqualTo(Strategy.LOTTERY);
        assertThat(nulls.maxRetry()).isEqualTo(10);
        assertThat(nulls.timeoutSeconds()).isEqualTo(60);
        assertThat(nulls.ioLog()).isFalse();
        assertThat(nulls.breaker()).isFalse();
        assertThat(nulls.enabled()).isTrue();
        assertThat(models.byName("strat").orElseThrow().strategy()).isEqualTo(Strategy.LOTTERY);
        assertThat(models.byName("old")).isEmpty();

        List<Association> links = new AssociationStore(db).byModel(gpt.id());
        Association main = links.stream().filter(a -> a.providerId() == oa.id() && a.providerModel().equals("gpt-up"))
                .findFirst().orElseThrow();
        assertThat(main.weight()).isEqualTo(5);
        assertThat(main.toolCall()).isTrue();
        assertThat(main.structuredOutput()).isTrue();
        assertThat(main.image()).isFalse();
        assertThat(main.headers()).containsExactly(Map.entry("X-Team", "a"));
        Association defaults = links.stream().filter(a -> a.providerId() == codex.id()).findFirst().orElseThrow();
        assertThat(defaults.weight()).isEqualTo(1);
        assertThat(defaults.toolCall()).isFalse();
        assertThat(defaults.enabled()).isTrue();
        assertThat(defaults.headers()).isEmpty();
        assertThat(links).hasSize(3);
        assertThat(new AssociationStore(db).byModel(nulls.id())).singleElement()
                .satisfies(a -> assertThat(a.providerModel()).isEqualTo("claude-up"));

        AuthKeyStore keys = new AuthKeyStore(db);
        AuthKey team = keys.byHash(KeyHash.sha256(LegacyFixture.TEAM_KEY)).orElseThrow();
        assertThat(team.name()).isEqualTo("team");
        assertThat(team.allowAll()).isFalse();
        assertThat(team.models()).containsExactly("gpt");
        assertThat(team.expiresAt()).isEqualTo(Instant.parse("2099-01-01T00:00:00Z"));
        assertThat(team.usageCount()).isEqualTo(42);
        assertThat(team.lastUsedAt()).isEqualTo(Instant.parse("2025-06-01T08:30:00Z"));
        assertThat(team.keyPrefix()).doesNotContain(LegacyFixture.TEAM_KEY);
        AuthKey all = keys.byHash(KeyHash.sha256(LegacyFixture.ALL_KEY)).orElseThrow();
        assertThat(all.allowAll()).isTrue();
        assertThat(all.enabled()).isTrue();
        assertThat(all.expiresAt()).isNull();
        assertThat(keys.byHash(KeyHash.sha256(LegacyFixture.OFF_KEY)).orElseThrow().enabled()).isFalse();
        assertThat(keys.byHash(KeyHash.sha256(LegacyFixture.DELETED_KEY))).isEmpty();
        assertThat(keys.list()).hasSize(4);

        PriceStore prices = new PriceStore(db);
        ModelPrice gptPrice = prices.forModel("gpt").orElseThrow();
        assertThat(gptPrice.inputPerMtok()).isEqualTo(2.5);
        assertThat(gptPrice.outputPerMtok()).isEqualTo(10.0);
        assertThat(gptPrice.cachedInputPerMtok()).isEqualTo(1.25);
        ModelPrice claudePrice = prices.forModel("claude-sonnet-4").orElseThrow();
        assertThat(claudePrice.cachedInputPerMtok()).isNull();
        assertThat(new SettingStore(db).get("log_retention_days")).hasValue("14");

        LogStore logs = new LogStore(db);
        RequestLog one = logs.get(LegacyImport.logId(LegacyFixture.LOG_TIME, 1)).orElseThrow();
        assertThat(one.traceId()).isEqualTo("u-1");
        assertThat(one.createdAt()).isEqualTo(LegacyFixture.LOG_TIME);
        assertThat(one.model()).isEqualTo("gpt");
        assertThat(one.providerId()).isEqualTo(oa.id());
        assertThat(one.style()).isEqualTo("openai");
        assertThat(one.stream()).isTrue();
        assertThat(one.authKeyId()).isEqualTo(team.id());
        assertThat(one.clientIp()).isEqualTo("10.0.0.1");
        assertThat(one.proxyMs()).isEqualTo(120);
        assertThat(one.firstTokenMs()).isEqualTo(300);
        assertThat(one.totalMs()).isEqualTo(1000);
        assertThat(one.cachedTokens()).isEqualTo(40);
        assertThat(one.totalTokens()).isEqualTo(120);
        assertThat(one.cost()).isEqualTo(0.0012);
        assertThat(one.usageSource()).isEqualTo("upstream");
        assertThat(one.hasBody()).isTrue();
        RequestBody body = logs.body(one.id()).orElseThrow();
        assertThat(body.requestBody()).isEqualTo("{\"model\":\"gpt\",\"stream\":true}");
        assertThat(body.responseBody()).isEqualTo("{\"sse_events\":[\"{\\\"choices\\\":[]}\",\"[DONE]\"]}");
        RequestLog two = logs.get(LegacyImport.logId(LegacyFixture.LOG_TIME.plusSeconds(1), 2)).orElseThrow();
        assertThat(two.style()).isEqualTo("openai-responses");
        assertThat(two.status()).isEqualTo("error");
        assertThat(two.error()).isEqualTo("upstream 500");
        assertThat(two.authKeyId()).isNull();
        assertThat(two.proxyMs()).isNull();
        assertThat(two.totalMs()).isNull();
        assertThat(two.usageSource()).isEqualTo("none");
        assertThat(logs.body(two.id()).orElseThrow().responseBody()).isEqualTo("boom");
        RequestLog five = logs.get(LegacyImport.logId(LegacyFixture.LOG_TIME.plusSeconds(4), 5)).orElseThrow();
        assertThat(five.authKeyId()).isNull();
        assertThat(five.hasBody()).isFalse();
        assertThat(logs.page(LogFilter.none(), 1, 10).total()).isEqualTo(3 + LegacyFixture.BULK_LOGS);
    }

    @Test
    void databaseDsnOnTheOriginalsDatabaseSaysHowToImportIt() {
        setUp();
        Dsn original = Dsn.parse(null, fixture.sourceDsn());
        assertThatThrownBy(() -> Database.open(original, true))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("database of the original llmio (Go)")
                .hasMessageContaining("import-legacy --from '" + original.commandForm() + "'")
                .hasMessageNotContaining("flyway")
                .hasMessageNotContaining("schema history");
        // and it was left as it was
        assertThat(sourceTables()).doesNotContain("flyway_schema_history");
    }

    @Test
    void badOrUnreachableSourcesAreOneLineWithoutThePassword() {
        setUp();
        Run unreachable = importLegacy("--from", "postgres://someone:s3cret-pw@127.0.0.1:1/llmio?sslmode=disable");
        assertThat(unreachable.status()).isEqualTo(1);
        assertThat(unreachable.err()).contains("Cannot reach the postgres server at 127.0.0.1:1", "--from")
                .doesNotContain("s3cret-pw", "Exception", "\tat ");
        assertThat(unreachable.err().strip().lines()).hasSize(1);

        Run bad = importLegacy("--from", "someone:s3cret-pw@tcp(127.0.0.1:99999)/llmio");
        assertThat(bad.status()).isEqualTo(1);
        assertThat(bad.err()).contains("--from").doesNotContain("s3cret-pw", "Exception", "\tat ");

        Run usage = importLegacy("--logs");
        assertThat(usage.status()).isEqualTo(2);
        assertThat(usage.err()).contains("--from is required", "usage: llmio import-legacy");

        Run missing = importLegacy("--from", fixture.targetDsn());
        assertThat(missing.status()).isEqualTo(1);
        assertThat(missing.err()).contains("does not exist", "--from");

        Run notOriginal = importLegacy("--from", dialect() == Dialect.POSTGRES
                ? "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable" : "root:@tcp(127.0.0.1:3306)/mysql");
        assertThat(notOriginal.status()).isEqualTo(1);
        assertThat(notOriginal.err()).contains("not a database of the original llmio");
    }

    private static HttpResponse<String> chat(Gateway gw, String key, String model) {
        return gw.post("/v1/chat/completions", "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                       "Authorization", "Bearer " + key, "Content-Type", "application/json");
    }

    /** Polls until the gateway answers {@code status} (its registry reloads within its poll interval). */
    private static HttpResponse<String> awaitStatus(Gateway gw, String key, String model, int status) {
        Instant deadline = Instant.now().plusSeconds(15);
        HttpResponse<String> last = chat(gw, key, model);
        while (last.statusCode() != status && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(50); // polling interval; the status decides
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            last = chat(gw, key, model);
        }
        assertThat(last.statusCode()).as(last.body()).isEqualTo(status);
        return last;
    }

    /** created, updated, unchanged, deleted, skipped of one table in the printed summary. */
    private static List<Long> summaryLine(String out, String table) {
        Optional<String> line = out.lines().filter(l -> l.startsWith(table + " ")).findFirst();
        assertThat(line).as(out).isPresent();
        String[] parts = line.get().trim().split("\\s+");
        return java.util.Arrays.stream(parts, 1, parts.length).map(Long::parseLong).toList();
    }

    private List<String> llmioTables() throws SQLException {
        return tables(Dsn.parse(fixture.targetType(), fixture.targetDsn()));
    }

    private List<String> sourceTables() {
        try {
            return tables(Dsn.parse(null, fixture.sourceDsn()));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> tables(Dsn dsn) throws SQLException {
        try (Connection c = Database.connectReadOnly(dsn, "test")) {
            return List.copyOf(io.llmio.store.OriginalSchema.tables(c));
        } catch (StartupException e) {
            return List.of();
        }
    }
}
