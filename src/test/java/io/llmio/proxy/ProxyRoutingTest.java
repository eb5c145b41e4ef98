package io.llmio.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.ClientResponseTyped;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.DirectClient;
import io.helidon.webserver.testing.junit5.RoutingTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.llmio.auth.CallerAuth;
import io.llmio.auth.KeyHash;
import io.llmio.limits.ClientIpResolver;
import io.llmio.limits.MemoryLimiter;
import io.llmio.mock.MockProtocol;
import io.llmio.mock.MockUpstream;
import io.llmio.registry.Association;
import io.llmio.registry.AuthKey;
import io.llmio.registry.Model;
import io.llmio.registry.Provider;
import io.llmio.registry.ProviderType;
import io.llmio.registry.Secret;
import io.llmio.registry.Strategy;
import io.llmio.routing.AttemptLoop;
import io.llmio.routing.Breakers;
import io.llmio.registry.Registry;
import io.llmio.registry.RegistrySnapshot;
import io.llmio.upstream.UpstreamClient;
import io.llmio.proxy.protocol.UsageTap;

/**
 * The fast level: {@link ProxyService}'s routing under Helidon's {@code @RoutingTest} (no socket, no
 * database, no {@code Main}), with a hand-made registry snapshot, a log sink that collects rows, the
 * memory limiter and the mock upstream. Whole-app tests ({@link OpenAiProxyTest}, ...) prove the wiring.
 */
@RoutingTest
class ProxyRoutingTest {
    private static final String TOKEN = "admin-token-routing";
    private static final String ALL = KeyHash.generate();
    private static final String ONLY_GPT = KeyHash.generate();
    private static final String DISABLED = KeyHash.generate();
    private static final String EXPIRED = KeyHash.generate();
    private static final HeaderName X_API_KEY = HeaderNames.create("x-api-key");
    private static final HeaderName GOOG_KEY = HeaderNames.create("x-goog-api-key");

    private static final MockUpstream MOCK = MockUpstream.start("sk-upstream");
    /** What the sink saw, copied at each call (a row is recorded at start and again, mutated, at its end). */
    private static final java.util.concurrent.BlockingQueue<Row> ROWS = new java.util.concurrent.LinkedBlockingQueue<>();

    private record Row(String traceId, String status, String model, String provider, Long authKeyId) {
    }
    private static final UpstreamClient UPSTREAM = new UpstreamClient();

    private final DirectClient client;

    ProxyRoutingTest(DirectClient client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        Registry registry = new Registry(Secret.of(TOKEN));
        Instant t = Instant.EPOCH;
        List<Provider> providers = List.of(
                provider(1, "oa", ProviderType.OPENAI, MOCK.baseUrl(MockProtocol.OPENAI)),
                provider(2, "an", ProviderType.ANTHROPIC, MOCK.baseUrl(MockProtocol.ANTHROPIC)),
                provider(3, "ge", ProviderType.GEMINI, MOCK.baseUrl(MockProtocol.GEMINI)));
        List<Model> models = List.of(model(1, "gpt", true), model(2, "claude", true), model(3, "gem", true),
                                     model(4, "off", false));
        List<Association> associations = List.of(association(11, 1, 1, "gpt-up"), association(12, 2, 2, "claude-up"),
                                                 association(13, 3, 3, "gem-up"), association(14, 4, 1, "off-up"));
        List<AuthKey> keys = List.of(key(1, ALL, true, true, List.of(), null), key(2, ONLY_GPT, true, false, List.of("gpt"), null),
                                     key(3, DISABLED, false, true, List.of(), null),
                                     key(4, EXPIRED, true, true, List.of(), Instant.now().minusSeconds(60)));
        registry.replace(RegistrySnapshot.of(1, providers, models, associations, keys));
        MemoryLimiter limiter = new MemoryLimiter();
        AttemptLoop loop = new AttemptLoop(limiter, new Breakers(InstantSource.system()),
                                           new java.util.SplittableRandom(1));
        ProxyService proxy = new ProxyService(new CallerAuth(Secret.of(TOKEN), registry, InstantSource.system()), registry,
                                              loop, UPSTREAM,
                                              log -> ROWS.add(new Row(log.traceId, log.status.wire(), log.model, log.providerName,
                                                                      log.authKeyId)),
                                              new ClientIpResolver(""),
                                              new KeyGuard(limiter, registry, InstantSource.system()));
        routing.register(proxy);
    }

    @AfterAll
    static void stop() {
        UPSTREAM.close();
        MOCK.close();
    }

    @BeforeEach
    void reset() {
        MOCK.reset();
        ROWS.clear();
    }

    // ---- auth errors, one envelope per protocol ----

    @Test
    void openAiAuthErrors() {
        var noKey = post("/v1/chat/completions", chat("gpt"));
        assertOpenAiError(noKey, 401, "authentication_error", "Missing API key");
        assertOpenAiError(post("/v1/chat/completions", chat("gpt"), HeaderNames.AUTHORIZATION, "Bearer sk-nope"), 401,
                          "authentication_error", "Invalid API key");
        assertOpenAiError(post("/v1/chat/completions", chat("gpt"), HeaderNames.AUTHORIZATION, "Bearer " + DISABLED), 401,
                          "authentication_error", "disabled");
        assertOpenAiError(post("/v1/chat/completions", chat("gpt"), HeaderNames.AUTHORIZATION, "Bearer " + EXPIRED), 401,
                          "authentication_error", "expired");
        assertOpenAiError(post("/v1/chat/completions", chat("claude"), HeaderNames.AUTHORIZATION, "Bearer " + ONLY_GPT),
                          403, "permission_error", "may not use model `claude`");
        assertOpenAiError(post("/v1/chat/completions", chat("nope"), HeaderNames.AUTHORIZATION, "Bearer " + ALL), 404,
                          "invalid_request_error", "does not exist");
        assertOpenAiError(post("/v1/chat/completions", chat("off"), HeaderNames.AUTHORIZATION, "Bearer " + ALL), 404,
                          "invalid_request_error", "not enabled");
        assertThat(noKey.headers().first(HeaderNames.create("x-llmio-trace-id"))).isPresent();
        assertThat(MOCK.requestCount()).isZero();
    }

    @Test
    void anthropicAuthErrors() {
        assertAnthropicError(post("/v1/messages", messages("claude")), 401, "authentication_error");
        assertAnthropicError(post("/v1/messages", messages("claude"), X_API_KEY, "sk-nope"), 401, "authentication_error");
        assertAnthropicError(post("/v1/messages", messages("claude"), X_API_KEY, EXPIRED), 401, "authentication_error");
        assertAnthropicError(post("/anthropic/v1/messages", messages("claude"), X_API_KEY, ONLY_GPT), 403,
                             "permission_error");
        assertAnthropicError(post("/v1/messages", messages("nope"), X_API_KEY, ALL), 404, "not_found_error");
        assertThat(MOCK.requestCount()).isZero();
    }

    @Test
    void geminiAuthErrors() {
        String path = "/gemini/v1beta/models/gem:generateContent";
        assertGeminiError(post(path, gemini()), 401, "UNAUTHENTICATED");
        assertGeminiError(post(path, gemini(), GOOG_KEY, DISABLED), 401, "UNAUTHENTICATED");
        assertGeminiError(client.post(path).queryParam("key", "sk-nope").submit(gemini(), String.class), 401,
                          "UNAUTHENTICATED");
        assertGeminiError(post(path, gemini(), GOOG_KEY, ONLY_GPT), 403, "PERMISSION_DENIED");
        assertGeminiError(post("/gemini/v1beta/models/nope:generateContent", gemini(), GOOG_KEY, ALL), 404, "NOT_FOUND");
        assertGeminiError(post("/gemini/v1beta/models/gem:frobnicate", gemini(), GOOG_KEY, ALL), 404, "NOT_FOUND");
        assertThat(MOCK.requestCount()).isZero();
    }

    // ---- model lists ----

    @Test
    void modelListsAreFilteredByProtocolAndKey() {
        // every protocol lists the models it can reach, directly or through translation (SPEC §11)
        assertThat(ids(get("/v1/models", HeaderNames.AUTHORIZATION, "Bearer " + ALL), "id")).containsExactly("claude", "gem", "gpt");
        assertThat(ids(get("/v1/models", HeaderNames.AUTHORIZATION, "Bearer " + ONLY_GPT), "id")).containsExactly("gpt");
        assertThat(ids(get("/anthropic/v1/models", X_API_KEY, ALL), "id")).containsExactly("claude", "gem", "gpt");
        assertThat(ids(get("/v1/models", X_API_KEY, ALL), "id")).containsExactly("claude", "gem", "gpt"); // Anthropic client at the root
        assertThat(ids(get("/anthropic/v1/models", X_API_KEY, ONLY_GPT), "id")).containsExactly("gpt");
        var gem = get("/gemini/v1beta/models", GOOG_KEY, TOKEN);
        assertThat(gem.status().code()).isEqualTo(200);
        assertThat(UsageTap.parse(gem.entity()).get("models").get(0).get("name").asText()).isEqualTo("models/claude");
        assertOpenAiError(get("/openai/v1/models", HeaderNames.AUTHORIZATION, "Bearer " + DISABLED), 401,
                          "authentication_error", "disabled");
    }

    // ---- body errors ----

    @Test
    void malformedJsonIsA400InEachProtocol() {
        assertOpenAiError(post("/v1/chat/completions", "{\"model\": ", HeaderNames.AUTHORIZATION, "Bearer " + ALL), 400,
                          "invalid_request_error", "not valid JSON");
        assertOpenAiError(post("/v1/responses", "[1,", HeaderNames.AUTHORIZATION, "Bearer " + ALL), 400,
                          "invalid_request_error", "not valid JSON");
        assertAnthropicError(post("/v1/messages", "{\"model\":\"claude\",", X_API_KEY, ALL), 400, "invalid_request_error");
        assertGeminiError(post("/gemini/v1beta/models/gem:generateContent", "{contents", GOOG_KEY, ALL), 400,
                          "INVALID_ARGUMENT");
        assertOpenAiError(post("/v1/chat/completions", "{\"messages\":[]}", HeaderNames.AUTHORIZATION, "Bearer " + ALL), 400,
                          "invalid_request_error", "model");
        assertThat(MOCK.requestCount()).isZero();
    }

    // ---- a whole call ----

    @Test
    void aChatCompletionGoesUpstreamWithTheModelReplacedAndIsLogged() {
        var res = post("/v1/chat/completions", chat("gpt"), HeaderNames.AUTHORIZATION, "Bearer " + ALL);
        assertThat(res.status().code()).as(res.entity()).isEqualTo(200);
        assertThat(UsageTap.parse(res.entity()).get("choices").get(0).get("message").has("content")).isTrue();
        assertThat(MOCK.requestCount()).isEqualTo(1);
        assertThat(UsageTap.parse(MOCK.lastRequest().bodyText()).get("model").asText()).isEqualTo("gpt-up");
        // the row ends on the server's thread, possibly after the client has the whole answer: wait for it
        String trace = res.headers().first(HeaderNames.create("x-llmio-trace-id")).orElseThrow();
        assertThat(finishedRow(trace)).isEqualTo(new Row(trace, "success", "gpt", "oa", 1L));
    }

    @Test
    void streamsInEachProtocolThroughTheDirectClient() {
        var chat = post("/v1/chat/completions", chat("gpt").replace("{", "{\"stream\":true,"),
                        HeaderNames.AUTHORIZATION, "Bearer " + ALL);
        assertThat(chat.status().code()).as(chat.entity()).isEqualTo(200);
        assertThat(chat.headers().first(HeaderNames.CONTENT_TYPE)).hasValueSatisfying(
                v -> assertThat(v).startsWith("text/event-stream"));
        assertThat(chat.entity()).contains("data: ").endsWith("data: [DONE]\n\n");

        var msg = post("/v1/messages", messages("claude").replace("{", "{\"stream\":true,"), X_API_KEY, ALL);
        assertThat(msg.status().code()).as(msg.entity()).isEqualTo(200);
        assertThat(msg.entity()).contains("event: message_start").contains("event: message_stop");

        var gem = client.post("/gemini/v1beta/models/gem:streamGenerateContent").queryParam("alt", "sse")
                .header(GOOG_KEY, ALL).header(HeaderNames.CONTENT_TYPE, "application/json")
                .submit(gemini(), String.class);
        assertThat(gem.status().code()).as(gem.entity()).isEqualTo(200);
        assertThat(gem.entity()).startsWith("data: ").contains("\"candidates\"");
        assertThat(MOCK.requestCount()).isEqualTo(3);
    }

    @Test
    void anUpstream429TooLongToWaitIsA429WithItsRetryAfter() {
        MOCK.script().next(io.llmio.mock.Fault.rateLimited(30));
        var res = post("/v1/chat/completions", chat("gpt"), HeaderNames.AUTHORIZATION, "Bearer " + ALL);
        assertThat(res.status().code()).as(res.entity()).isEqualTo(429);
        assertThat(res.headers().first(HeaderNames.RETRY_AFTER)).hasValue("30");
        assertThat(MOCK.requestCount()).isEqualTo(1); // not retried at once, no busy waiting
    }

    // ---- helpers ----

    private static Row finishedRow(String traceId) {
        try {
            for (;;) {
                Row row = ROWS.poll(10, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(row).as("a finished log row within 10 s").isNotNull();
                if (row.traceId().equals(traceId) && !row.status().equals("running")) {
                    return row;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private ClientResponseTyped<String> post(String path, String body, Object... headers) {
        var req = client.post(path).header(HeaderNames.CONTENT_TYPE, "application/json");
        for (int i = 0; i < headers.length; i += 2) {
            req.header((HeaderName) headers[i], (String) headers[i + 1]);
        }
        return req.submit(body, String.class);
    }

    private ClientResponseTyped<String> get(String path, Object... headers) {
        var req = client.get(path);
        for (int i = 0; i < headers.length; i += 2) {
            req.header((HeaderName) headers[i], (String) headers[i + 1]);
        }
        return req.request(String.class);
    }

    private static List<String> ids(ClientResponseTyped<String> res, String field) {
        assertThat(res.status().code()).as(res.entity()).isEqualTo(200);
        JsonNode data = UsageTap.parse(res.entity()).get("data");
        return java.util.stream.StreamSupport.stream(data.spliterator(), false).map(n -> n.get(field).asText()).toList();
    }

    private static void assertOpenAiError(ClientResponseTyped<String> res, int status, String type, String text) {
        assertThat(res.status().code()).as(res.entity()).isEqualTo(status);
        JsonNode err = UsageTap.parse(res.entity()).get("error");
        assertThat(err.get("type").asText()).isEqualTo(type);
        assertThat(err.get("message").asText()).contains(text).contains("trace_id");
    }

    private static void assertAnthropicError(ClientResponseTyped<String> res, int status, String type) {
        assertThat(res.status().code()).as(res.entity()).isEqualTo(status);
        JsonNode root = UsageTap.parse(res.entity());
        assertThat(root.get("type").asText()).isEqualTo("error");
        assertThat(root.get("error").get("type").asText()).isEqualTo(type);
        assertThat(root.get("error").get("message").asText()).isNotBlank();
    }

    private static void assertGeminiError(ClientResponseTyped<String> res, int status, String grpcStatus) {
        assertThat(res.status().code()).as(res.entity()).isEqualTo(status);
        JsonNode err = UsageTap.parse(res.entity()).get("error");
        assertThat(err.get("code").asInt()).isEqualTo(status);
        assertThat(err.get("status").asText()).isEqualTo(grpcStatus);
        assertThat(err.get("message").asText()).isNotBlank();
    }

    private static String chat(String model) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    private static String messages(String model) {
        return "{\"model\":\"" + model + "\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    private static String gemini() {
        return "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}";
    }

    private static Provider provider(long id, String name, ProviderType type, String baseUrl) {
        return new Provider(id, name, type, baseUrl, Secret.of("sk-upstream"), Map.of(), "", List.of(), 0, 0, "", true,
                            Instant.EPOCH, Instant.EPOCH);
    }

    private static Model model(long id, String name, boolean enabled) {
        return new Model(id, name, "", Strategy.LOTTERY, 3, 30, false, false, enabled, Instant.EPOCH, Instant.EPOCH);
    }

    private static Association association(long id, long modelId, long providerId, String providerModel) {
        return new Association(id, modelId, providerId, providerModel, 1, true, true, true, false, Map.of(), "{}", true,
                               Instant.EPOCH, Instant.EPOCH);
    }

    private static AuthKey key(long id, String secret, boolean enabled, boolean allowAll, List<String> models,
                               Instant expiresAt) {
        return new AuthKey(id, "k" + id, KeyHash.sha256(secret), Secret.mask(secret), enabled, allowAll, models, expiresAt,
                           0, null, Instant.EPOCH, Instant.EPOCH);
    }
}
