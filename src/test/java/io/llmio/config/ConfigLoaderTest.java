package io.llmio.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;

import io.llmio.upstream.ProxyEnvironment;
import io.llmio.upstream.UpstreamClient;
import io.llmio.registry.Association;
import io.llmio.registry.Model;
import io.llmio.registry.Provider;
import io.llmio.registry.ProviderType;
import io.llmio.registry.Strategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import io.llmio.errors.StartupException;

/** The settings layers of SPEC §1 and the validation of the declarative file (§3), against real files. */
class ConfigLoaderTest {
    @TempDir
    Path dir;

    // ---- precedence ----

    @Test
    void withNothingConfiguredTheDefaultsApply() {
        Settings s = load(Map.of()).settings();
        assertThat(s.port()).isEqualTo(7070);
        assertThat(s.databaseType()).isNull();
        assertThat(s.databaseDsn()).isNull();
        assertThat(s.migrate()).isTrue();
        assertThat(s.authEnabled()).isFalse();
        assertThat(s.redisUrl()).isNull();
        assertThat(s.trustedProxies()).isEmpty();
        assertThat(s.zone()).isEqualTo(ZoneId.systemDefault());
        assertThat(s.logQueueSize()).isEqualTo(10_000);
        assertThat(s.configFile()).isEqualTo(dir.resolve("config/llmio.yaml"));
        assertThat(load(Map.of()).registry().isEmpty()).isTrue();
    }

    @Test
    void eachLayerOverridesTheOneBelowKeyByKey() throws IOException {
        yaml("""
                server:
                  port: 8001
                database:
                  type: postgres
                  dsn: postgres://yaml@db/yaml
                  migrate: false
                token: yaml-token
                redis:
                  url: redis://yaml:6379/0
                trusted-proxies: [10.0.0.1]
                timezone: Europe/Berlin
                log:
                  queue-size: 500
                  requests: false
                """);
        Settings fileOnly = load(Map.of()).settings();
        assertThat(fileOnly.port()).isEqualTo(8001);
        assertThat(fileOnly.databaseType()).isEqualTo("postgres");
        assertThat(fileOnly.databaseDsn()).isEqualTo("postgres://yaml@db/yaml");
        assertThat(fileOnly.migrate()).isFalse();
        assertThat(fileOnly.token().value()).isEqualTo("yaml-token");
        assertThat(fileOnly.redisUrl()).isEqualTo("redis://yaml:6379/0");
        assertThat(fileOnly.trustedProxies()).isEqualTo("10.0.0.1");
        assertThat(fileOnly.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(fileOnly.logQueueSize()).isEqualTo(500);
        assertThat(fileOnly.requestLog()).isFalse();

        // .env overrides some keys of the file; the others keep the file's values
        dotenv("""
                LLMIO_SERVER_PORT=8002
                DATABASE_DSN=postgres://dotenv@db/dotenv
                TOKEN=dotenv-token
                TZ=Asia/Tokyo
                """);
        Settings withDotenv = load(Map.of()).settings();
        assertThat(withDotenv.port()).isEqualTo(8002);
        assertThat(withDotenv.databaseDsn()).isEqualTo("postgres://dotenv@db/dotenv");
        assertThat(withDotenv.token().value()).isEqualTo("dotenv-token");
        assertThat(withDotenv.zone()).isEqualTo(ZoneId.of("Asia/Tokyo"));
        assertThat(withDotenv.redisUrl()).isEqualTo("redis://yaml:6379/0");
        assertThat(withDotenv.migrate()).isFalse();

        // real env overrides .env (and the file) for the keys it sets
        Settings all = load(Map.of("LLMIO_SERVER_PORT", "8003", "TOKEN", "env-token", "REDIS_URL", "redis://env:6379/1",
                                   "DATABASE_MIGRATE", "true", "TRUSTED_PROXIES", "10.0.0.0/8,192.168.1.1",
                                   "LLMIO_LOG_QUEUE_SIZE", "2000", "LLMIO_REQUEST_LOG", "yes")).settings();
        assertThat(all.port()).isEqualTo(8003);
        assertThat(all.token().value()).isEqualTo("env-token");
        assertThat(all.redisUrl()).isEqualTo("redis://env:6379/1");
        assertThat(all.migrate()).isTrue();
        assertThat(all.trustedProxies()).isEqualTo("10.0.0.0/8,192.168.1.1");
        assertThat(all.logQueueSize()).isEqualTo(2000);
        assertThat(all.requestLog()).isTrue();
        assertThat(all.databaseDsn()).isEqualTo("postgres://dotenv@db/dotenv");
        assertThat(all.zone()).isEqualTo(ZoneId.of("Asia/Tokyo"));
        assertThat(all.databaseType()).isEqualTo("postgres");
    }

    @Test
    void blankVariablesLikeThoseOfACopiedEnvExampleDoNotOverrideTheFile() throws IOException {
        yaml("""
                token: yaml-token
                trusted-proxies: [10.0.0.1]
                server:
                  port: 8001
                """);
        // .env.example copied to .env as is: every variable present, most of them blank
        Files.copy(Path.of(".env.example"), dir.resolve(".env"));
        Settings s = load(Map.of()).settings();
        assertThat(s.token().value()).isEqualTo("yaml-token");
        assertThat(s.trustedProxies()).isEqualTo("10.0.0.1");
        assertThat(s.databaseType()).isNull();
        assertThat(s.migrate()).isTrue();
        assertThat(s.port()).isEqualTo(7070); // .env.example sets LLMIO_SERVER_PORT=7070, which is above the file
    }

    @Test
    void envExampleDocumentsEveryVariableTheLoaderReads() throws IOException {
        String example = Files.readString(Path.of(".env.example"));
        for (String name : new String[] {"DATABASE_TYPE", "DATABASE_DSN", "DATABASE_MIGRATE", "TOKEN", "REDIS_URL",
                                         "LLMIO_SERVER_PORT", "TRUSTED_PROXIES", "TZ", "LLMIO_CONFIG",
                                         "LLMIO_LOG_QUEUE_SIZE", "LLMIO_REQUEST_LOG", "LLMIO_RESPONSE_BUFFER_KB",
                                         "LLMIO_RESPONSE_MAX_MB", "LLMIO_CLIENT_WRITE_TIMEOUT",
                                         "LLMIO_UPSTREAM_MAX_CONNECTIONS", "LLMIO_UPSTREAM_QUEUE",
                                         "LLMIO_UPSTREAM_QUEUE_TIMEOUT_SECONDS", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY"}) {
            assertThat(example).as(name).containsPattern("(?m)^#? ?" + name + "=");
        }
    }

    @Test
    void relayLimitsHaveSafeDefaultsTheFileAndTheEnvironmentOverride() throws IOException {
        RelayLimits defaults = load(Map.of()).settings().relay();
        assertThat(defaults.responseBufferBytes()).isEqualTo(1024 * 1024);
        assertThat(defaults.responseMaxBytes()).isEqualTo(1024L * 1024 * 1024);
        assertThat(defaults.clientWriteTimeout()).isEqualTo(java.time.Duration.ofSeconds(30));
        assertThat(defaults.translateMaxTokens()).isEqualTo(4096);
        yaml("""
                relay:
                  response-buffer-kb: 64
                  response-max-mb: 8
                  client-write-timeout-seconds: 5
                  translate-max-tokens: 8192
                """);
        RelayLimits file = load(Map.of()).settings().relay();
        assertThat(file).isEqualTo(new RelayLimits(64 * 1024, 8L * 1024 * 1024, java.time.Duration.ofSeconds(5), 8192));
        RelayLimits env = load(Map.of("LLMIO_RESPONSE_BUFFER_KB", "128", "LLMIO_RESPONSE_MAX_MB", "2",
                                      "LLMIO_CLIENT_WRITE_TIMEOUT", "7", "LLMIO_TRANSLATE_MAX_TOKENS", "1000"))
                .settings().relay();
        assertThat(env).isEqualTo(new RelayLimits(128 * 1024, 2L * 1024 * 1024, java.time.Duration.ofSeconds(7), 1000));
        assertThatThrownBy(() -> load(Map.of("LLMIO_CLIENT_WRITE_TIMEOUT", "0")))
                .hasMessageContaining("LLMIO_CLIENT_WRITE_TIMEOUT");
        yaml("relay:\n  response-buffer-kb: 1\n");
        assertThatThrownBy(() -> load(Map.of())).hasMessageContaining("relay.response-buffer-kb");
    }

    @Test
    void upstreamConnectionCapComesFromTheFileAndTheEnvironment() throws IOException {
        assertThat(load(Map.of()).settings().upstream()).isEqualTo(UpstreamClient.Limits.DEFAULTS);
        // unset, the cap is the client connection cap (Main passes the listener's effective value)
        assertThat(UpstreamClient.Limits.DEFAULTS.orCap(40).maxConnections()).isEqualTo(40);
        assertThat(new UpstreamClient.Limits(7, 1, java.time.Duration.ofSeconds(1)).orCap(40).maxConnections()).isEqualTo(7);
        yaml("""
                upstream:
                  max-connections: 64
                  queue: 10
                  queue-timeout-seconds: 3
                """);
        assertThat(load(Map.of()).settings().upstream())
                .isEqualTo(new UpstreamClient.Limits(64, 10, java.time.Duration.ofSeconds(3)));
        assertThat(load(Map.of("LLMIO_UPSTREAM_MAX_CONNECTIONS", "0", "LLMIO_UPSTREAM_QUEUE", "2",
                               "LLMIO_UPSTREAM_QUEUE_TIMEOUT_SECONDS", "9")).settings().upstream())
                .isEqualTo(new UpstreamClient.Limits(0, 2, java.time.Duration.ofSeconds(9)));
        assertThatThrownBy(() -> load(Map.of("LLMIO_UPSTREAM_QUEUE", "-1"))).hasMessageContaining("LLMIO_UPSTREAM_QUEUE");
        yaml("upstream:\n  max-conections: 5\n");
        assertThatThrownBy(() -> load(Map.of())).hasMessageContaining("upstream.max-conections");
    }

    @Test
    void theEnvironmentsProxyIsReadFromTheEnvironmentAndDotEnvAndCheckedAtStart() throws IOException {
        Files.writeString(dir.resolve(".env"), "https_proxy=socks5h://127.0.0.1:7890\nNO_PROXY=.corp\n");
        ProxyEnvironment proxies = load(Map.of("HTTP_PROXY", "127.0.0.1:3128")).settings().proxies();
        assertThat(proxies.https()).isEqualTo("socks5h://127.0.0.1:7890");
        assertThat(proxies.http()).isEqualTo("http://127.0.0.1:3128");
        assertThat(proxies.proxyFor(java.net.URI.create("https://x.corp/"))).isNull();
        Throwable bad = org.assertj.core.api.Assertions.catchThrowable(
                () -> load(Map.of("HTTPS_PROXY", "gopher://alice:s3cret@proxy:1")));
        assertThat(bad).isInstanceOf(io.llmio.errors.StartupException.class).hasMessageContaining("HTTPS_PROXY")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void connectionLimitsComeFromTheFileAndTheEnvironment() throws IOException {
        ListenerLimits defaults = load(Map.of()).settings().listener();
        assertThat(defaults).isEqualTo(ListenerLimits.defaults());
        assertThat(defaults.effectiveMaxConnections()).isBetween(16, 10_000);
        yaml("""
                connections:
                  max: 500
                  header-timeout-seconds: 5
                  body-timeout-seconds: 20
                  idle-timeout-seconds: 30
                """);
        ListenerLimits file = load(Map.of()).settings().listener();
        assertThat(file).isEqualTo(new ListenerLimits(500, java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(20),
                                                      java.time.Duration.ofSeconds(30)));
        ListenerLimits env = load(Map.of("LLMIO_MAX_CONNECTIONS", "40", "LLMIO_HEADER_TIMEOUT_SECONDS", "3",
                                         "LLMIO_BODY_TIMEOUT_SECONDS", "4", "LLMIO_IDLE_TIMEOUT_SECONDS", "6"))
                .settings().listener();
        assertThat(env).isEqualTo(new ListenerLimits(40, java.time.Duration.ofSeconds(3), java.time.Duration.ofSeconds(4),
                                                     java.time.Duration.ofSeconds(6)));
        assertThat(env.effectiveMaxConnections()).isEqualTo(40);
        String example = Files.readString(Path.of(".env.example"));
        for (String name : new String[] {"LLMIO_MAX_CONNECTIONS", "LLMIO_HEADER_TIMEOUT_SECONDS",
                                         "LLMIO_BODY_TIMEOUT_SECONDS", "LLMIO_IDLE_TIMEOUT_SECONDS"}) {
            assertThat(example).as(name).containsPattern("(?m)^#? ?" + name + "=");
        }
    }

    @Test
    void llmioConfigPointsElsewhereRelativeOrAbsolute() throws IOException {
        Files.createDirectories(dir.resolve("etc"));
        Files.writeString(dir.resolve("etc/other.yaml"), "server:\n  port: 9001\n");
        assertThat(load(Map.of("LLMIO_CONFIG", "etc/other.yaml")).settings().port()).isEqualTo(9001);
        Path absolute = dir.resolve("etc/other.yaml").toAbsolutePath();
        Settings s = load(Map.of("LLMIO_CONFIG", absolute.toString())).settings();
        assertThat(s.port()).isEqualTo(9001);
        assertThat(s.configFile()).isEqualTo(absolute);
        // LLMIO_CONFIG may also come from .env
        dotenv("LLMIO_CONFIG=etc/other.yaml\n");
        assertThat(load(Map.of()).settings().port()).isEqualTo(9001);
    }

    @Test
    void llmioConfigNamingAMissingFileStopsTheStart() {
        assertThatThrownBy(() -> load(Map.of("LLMIO_CONFIG", "nowhere/llmio.yaml")))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("LLMIO_CONFIG")
                .hasMessageContaining("nowhere/llmio.yaml")
                .hasMessageContaining("does not exist");
    }

    @Test
    void aMissingDefaultFileIsFine() {
        assertThat(Files.exists(dir.resolve("config/llmio.yaml"))).isFalse();
        assertThat(load(Map.of()).settings().port()).isEqualTo(7070);
    }

    // ---- ${ENV} interpolation ----

    @Test
    void interpolatesFromRealEnvAndFromDotenv() throws IOException {
        yaml("""
                token: ${ADMIN_TOKEN}
                providers:
                  - name: p1
                    type: openai
                    base-url: https://${UPSTREAM_HOST}/v1
                    api-key: ${OPENAI_API_KEY}
                    headers:
                      X-Org: ${ORG}
                """);
        dotenv("OPENAI_API_KEY=sk-from-dotenv\nORG=dotenv-org\nUPSTREAM_HOST=api.example.com\n");
        ConfigLoader.Loaded loaded = load(Map.of("ADMIN_TOKEN", "t0ken", "ORG", "env-org"));
        Provider p = loaded.registry().providers().get(0);
        assertThat(p.apiKey().value()).isEqualTo("sk-from-dotenv");
        assertThat(p.baseUrl()).isEqualTo("https://api.example.com/v1");
        assertThat(p.headers()).containsEntry("X-Org", "env-org");
        assertThat(loaded.settings().token().value()).isEqualTo("t0ken");
    }

    @Test
    void anUnsetVariableNamesTheKeyAndTheVariable() throws IOException {
        yaml("""
                providers:
                  - name: p1
                    type: openai
                    base-url: https://api.example.com/v1
                    api-key: ${NOT_SET_ANYWHERE_42}
                """);
        assertFails("`providers[0].api-key`", "${NOT_SET_ANYWHERE_42}", "not set");
    }

    // ---- validation messages ----

    @Test
    void unknownTopLevelKey() throws IOException {
        yaml("providerz:\n  - name: x\n");
        assertFails("`providerz`", "unknown key", "did you mean `providers`");
    }

    @Test
    void typoInANestedKeySuggestsTheRealOne() throws IOException {
        yaml(validRegistry().replace("weight: 10", "wieght: 10"));
        assertFails("`models[0].providers[0].wieght`", "unknown key", "did you mean `weight`");
    }

    @Test
    void badTypeNamesTheKeyAndTheValue() throws IOException {
        yaml(validRegistry().replace("rpm-limit: 0", "rpm-limit: lots"));
        assertFails("`providers[0].rpm-limit`", "whole number", "lots");
        yaml(validRegistry().replace("io-log: false", "io-log: maybe"));
        assertFails("`models[0].io-log`", "true or false", "maybe");
        yaml(validRegistry().replace("headers: {}", "headers: [a, b]"));
        assertFails("`providers[0].headers`", "mapping");
        yaml("server:\n  port: 1.5\n");
        assertFails("`server.port`", "whole number");
    }

    @Test
    void outOfRangeValues() throws IOException {
        yaml(validRegistry().replace("weight: 10", "weight: 0"));
        assertFails("`models[0].providers[0].weight`", "between 1 and");
        yaml(validRegistry().replace("max-retry: 3", "max-retry: -1"));
        assertFails("`models[0].max-retry`", "between 1 and 20");
        yaml("server:\n  port: 70000\n");
        assertFails("`server.port`", "between 0 and 65535", "70000");
    }

    @Test
    void badProviderType() throws IOException {
        yaml(validRegistry().replace("type: openai", "type: opnai"));
        assertFails("`providers[0].type`", "opnai", "openai, openai-responses, anthropic, gemini, azure");
    }

    @Test
    void codexIsAnAliasOfOpenAiResponses() throws IOException {
        yaml(validRegistry().replace("type: openai", "type: codex"));
        assertThat(load(Map.of()).registry().providers().get(0).type()).isEqualTo(ProviderType.OPENAI_RESPONSES);
    }

    @Test
    void badStrategy() throws IOException {
        yaml(validRegistry().replace("strategy: lottery", "strategy: roundrobin"));
        assertFails("`models[0].strategy`", "lottery or rotor", "roundrobin");
    }

    @Test
    void badUrls() throws IOException {
        yaml(validRegistry().replace("https://api.openai.com/v1", "api.openai.com/v1"));
        assertFails("`providers[0].base-url`", "http(s) URL");
        yaml(validRegistry().replace("https://api.openai.com/v1", "ftp://api.openai.com/v1"));
        assertFails("`providers[0].base-url`", "http(s) URL");
        yaml(validRegistry().replace("headers: {}", "headers: {}\n    proxy: not a url"));
        assertFails("`providers[0].proxy`", "proxy URL");
    }

    @Test
    void missingRequiredKey() throws IOException {
        yaml(validRegistry().replace("    base-url: https://api.openai.com/v1\n", ""));
        assertFails("`providers[0].base-url`", "is required");
    }

    @Test
    void duplicateNames() throws IOException {
        yaml(validRegistry().replace("providers:\n  - name: openai-main",
                                     "providers:\n  - name: openai-main\n    type: openai\n    base-url: https://x.example/v1\n"
                                             + "  - name: openai-main"));
        assertFails("`providers[1].name`", "duplicates provider `openai-main`");
        yaml(validRegistry() + """
                  - name: gpt-4o
                    providers: []
                """);
        assertFails("`models[1].name`", "duplicates model `gpt-4o`");
    }

    @Test
    void theSameUpstreamModelTwiceUnderOneModelIsADuplicate() throws IOException {
        yaml(validRegistry() + """
                      - provider: openai-main
                        model: gpt-4o-2024-08-06
                        weight: 5
                """);
        assertFails("`models[0].providers[1]`", "duplicates", "openai-main");
    }

    @Test
    void nameLongerThanTheDatabaseColumn() throws IOException {
        yaml(validRegistry().replace("- name: gpt-4o", "- name: " + "m".repeat(192)));
        assertFails("`models[0].name`", "at most 191");
    }

    @Test
    void duplicateKeysInOneMapping() throws IOException {
        yaml(validRegistry() + "providers: []\n");
        assertFails("providers", "line");
    }

    @Test
    void badTimeZone() throws IOException {
        yaml("timezone: Mars/Olympus\n");
        assertFails("TZ", "timezone", "Mars/Olympus");
        assertThatThrownBy(() -> load(Map.of("TZ", "Not/AZone"))).hasMessageContaining("TZ").hasMessageContaining("Not/AZone");
    }

    @Test
    void posixTzValuesThatNameAFileAreUnderstood() {
        assertThat(load(Map.of("TZ", ":/usr/share/zoneinfo/Europe/Paris")).settings().zone()).isEqualTo(ZoneId.of("Europe/Paris"));
        assertThat(load(Map.of("TZ", ":/etc/localtime")).settings().zone()).isEqualTo(ZoneId.systemDefault());
        assertThat(load(Map.of("TZ", "UTC")).settings().zone()).isEqualTo(ZoneId.of("UTC"));
    }

    @Test
    void badDatabaseType() throws IOException {
        assertThatThrownBy(() -> load(Map.of("DATABASE_TYPE", "oracle")))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("DATABASE_TYPE").hasMessageContaining("oracle")
                .hasMessageContaining("postgres, mysql or embedded");
        yaml("database:\n  type: sqlite\n");
        assertFails("database.type", "sqlite");
    }

    @Test
    void badPortAndOtherNumbersFromTheEnvironment() {
        assertThatThrownBy(() -> load(Map.of("LLMIO_SERVER_PORT", "http")))
                .isInstanceOf(StartupException.class).hasMessageContaining("LLMIO_SERVER_PORT").hasMessageContaining("http");
        assertThatThrownBy(() -> load(Map.of("LLMIO_SERVER_PORT", "65536")))
                .isInstanceOf(StartupException.class).hasMessageContaining("LLMIO_SERVER_PORT").hasMessageContaining("65536");
        assertThatThrownBy(() -> load(Map.of("DATABASE_MIGRATE", "sometimes")))
                .isInstanceOf(StartupException.class).hasMessageContaining("DATABASE_MIGRATE");
        assertThatThrownBy(() -> load(Map.of("LLMIO_LOG_QUEUE_SIZE", "5")))
                .isInstanceOf(StartupException.class).hasMessageContaining("LLMIO_LOG_QUEUE_SIZE");
    }

    @Test
    void invalidYamlNamesTheFileAndTheLine() throws IOException {
        yaml("providers:\n  - name: a\n    type: [openai\n  - name: b\n");
        StartupException e = assertFails("is not valid YAML", "line ");
        assertThat(e.getMessage()).contains(dir.resolve("config/llmio.yaml").toString());
        assertThat(e.getMessage()).matches("(?s).*line [34]\\b.*");
        assertThat(e.getMessage()).doesNotContain("\n");
    }

    @Test
    void aTopLevelThatIsNotAMapping() throws IOException {
        yaml("- just\n- a list\n");
        assertFails("must be a mapping");
    }

    @Test
    void malformedDotenvNamesTheFile() throws IOException {
        dotenv("THIS IS NOT A VARIABLE\n");
        assertThatThrownBy(() -> load(Map.of())).isInstanceOf(StartupException.class).hasMessageContaining(".env");
    }

    // ---- the registry that a valid file declares ----

    @Test
    void theExampleFileIsValidAndReadsAsDeclared() throws IOException {
        Files.createDirectories(dir.resolve("config"));
        Files.copy(Path.of("config/llmio.example.yaml"), dir.resolve("config/llmio.yaml"));
        ConfigLoader.Loaded loaded = load(Map.of("OPENAI_API_KEY", "sk-example"));
        Provider p = loaded.registry().providers().get(0);
        assertThat(p.name()).isEqualTo("openai-main");
        assertThat(p.type()).isEqualTo(ProviderType.OPENAI);
        assertThat(p.baseUrl()).isEqualTo("https://api.openai.com/v1");
        assertThat(p.apiKey().value()).isEqualTo("sk-example");
        assertThat(p.apiKey().toString()).doesNotContain("sk-example");
        RegistrySpec.ModelSpec m = loaded.registry().models().get(0);
        Model model = m.model();
        assertThat(model.name()).isEqualTo("gpt-4o");
        assertThat(model.strategy()).isEqualTo(Strategy.LOTTERY);
        assertThat(model.maxRetry()).isEqualTo(3);
        assertThat(model.breaker()).isTrue();
        Association a = m.associations().get(0).association();
        assertThat(m.associations().get(0).provider()).isEqualTo("openai-main");
        assertThat(m.associations().get(0).key()).isEqualTo("models[0].providers[0].provider");
        assertThat(a.providerModel()).isEqualTo("gpt-4o-2024-08-06");
        assertThat(a.weight()).isEqualTo(10);
        assertThat(a.withHeader()).isFalse();
        assertThat(a.extraBody()).isEqualTo("{}");
    }

    @Test
    void falseAndZeroAreKeptAndDefaultsFillTheRest() throws IOException {
        yaml("""
                providers:
                  - name: p
                    type: anthropic
                    base-url: https://api.anthropic.com/v1/
                    enabled: false
                    error-matcher: [quota, overloaded]
                models:
                  - name: m
                    enabled: false
                    breaker: false
                    providers:
                      - provider: p
                        tool-call: false
                        extra-body: {temperature: 0}
                """);
        RegistrySpec spec = load(Map.of()).registry();
        Provider p = spec.providers().get(0);
        assertThat(p.enabled()).isFalse();
        assertThat(p.baseUrl()).isEqualTo("https://api.anthropic.com/v1");
        assertThat(p.errorMatcher()).containsExactly("quota", "overloaded");
        Model m = spec.models().get(0).model();
        assertThat(m.enabled()).isFalse();
        assertThat(m.breaker()).isFalse();
        assertThat(m.timeoutSeconds()).isEqualTo(Model.DEFAULT_TIMEOUT_SECONDS);
        Association a = spec.models().get(0).associations().get(0).association();
        assertThat(a.toolCall()).isFalse();
        assertThat(a.image()).isTrue();
        assertThat(a.providerModel()).isEqualTo("m");
        assertThat(a.weight()).isEqualTo(1);
        assertThat(a.extraBody()).isEqualTo("{\"temperature\":0}");
    }

    // ---- helpers ----

    static String validRegistry() {
        return """
                providers:
                  - name: openai-main
                    type: openai
                    base-url: https://api.openai.com/v1
                    api-key: sk-plain
                    rpm-limit: 0
                    headers: {}
                models:
                  - name: gpt-4o
                    strategy: lottery
                    max-retry: 3
                    io-log: false
                    providers:
                      - provider: openai-main
                        model: gpt-4o-2024-08-06
                        weight: 10
                """;
    }

    private ConfigLoader.Loaded load(Map<String, String> env) {
        return ConfigLoader.load(env, dir);
    }

    private StartupException assertFails(String... parts) {
        try {
            load(Map.of());
        } catch (StartupException e) {
            for (String part : parts) {
                assertThat(e.getMessage()).contains(part);
            }
            return e;
        }
        throw new AssertionError("the start did not fail; expected a message with " + String.join(", ", parts));
    }

    private void yaml(String text) throws IOException {
        Files.createDirectories(dir.resolve("config"));
        Files.writeString(dir.resolve("config/llmio.yaml"), text);
    }

    private void dotenv(String text) throws IOException {
        Files.writeString(dir.resolve(".env"), text);
    }
}
