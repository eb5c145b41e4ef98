package io.llmio.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmio.mock.MockProtocol;
import io.llmio.mock.MockUpstream;
import io.llmio.mock.RecordedRequest;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged llmio jar in front of the mock upstream, set up for the coding agents: one provider per
 * type ({@code anthropic}, {@code openai-responses}, {@code openai}), all on the mock; four models, each
 * associated with one provider only (upstream model name = public name + {@code -upstream}); and a
 * caller key limited to those models, created through the admin API like a user would. One instance
 * serves every test class that asks {@link Shared} for it; it stops when the test run ends.
 */
final class AgentGateway implements ExtensionContext.Store.CloseableResource {
    /** Claude Code on an {@code anthropic} provider. */
    static final String CLAUDE_SAME = "claude-e2e";
    /** Codex on an {@code openai-responses} provider. */
    static final String CODEX_SAME = "codex-e2e";
    /** Claude Code on an {@code openai} (chat completions) provider. */
    static final String CLAUDE_CHAT = "claude-via-chat-e2e";
    /** Codex on an {@code openai} (chat completions) provider. */
    static final String CODEX_CHAT = "codex-via-chat-e2e";

    private static final String TOKEN = "agents-e2e-admin-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MockUpstream mock;
    private final ServerProcess server;
    private final String key;
    private final long keyId;

    private AgentGateway(MockUpstream mock, ServerProcess server, String key, long keyId) {
        this.mock = mock;
        this.server = server;
        this.key = key;
        this.keyId = keyId;
    }

    /** Injects the one gateway of the test run into test-class constructors and methods. */
    static final class Shared implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
            return p.getParameter().getType() == AgentGateway.class;
        }

        @Override
        public Object resolveParameter(ParameterContext p, ExtensionContext c) {
            return c.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                    .getOrComputeIfAbsent(AgentGateway.class, k -> start(), AgentGateway.class);
        }
    }

    static String upstreamModel(String model) {
        return model + "-upstream";
    }

    private static AgentGateway start() {
        Path work = CodingAgents.runDir("llmio");
        MockUpstream mock = MockUpstream.start("sk-agents-mock");
        String base = mock.baseUrl(MockProtocol.OPENAI);
        String config = """
                providers:
                  - {name: mock-anthropic, type: anthropic, base-url: "%s", api-key: "${MOCK_KEY}"}
                  - {name: mock-responses, type: openai-responses, base-url: "%s", api-key: "${MOCK_KEY}"}
                  - {name: mock-chat, type: openai, base-url: "%s", api-key: "${MOCK_KEY}"}
                models:
                """.formatted(mock.baseUrl(MockProtocol.ANTHROPIC), base, base)
                + model(CLAUDE_SAME, "mock-anthropic") + model(CODEX_SAME, "mock-responses")
                + model(CLAUDE_CHAT, "mock-chat") + model(CODEX_CHAT, "mock-chat");
        ServerProcess server = null;
        try {
            Files.createDirectories(work.resolve("config"));
            Files.writeString(work.resolve("config/llmio.yaml"), config);
            server = ServerProcess.start(work, Map.of("TOKEN", TOKEN, "MOCK_KEY", mock.apiKey()));
            server.awaitHealthy();
            String models = String.join("\",\"", CLAUDE_SAME, CODEX_SAME, CLAUDE_CHAT, CODEX_CHAT);
            HttpResponse<String> created = ServerProcess.send(admin(server, "/api/auth-keys").POST(HttpRequest.BodyPublishers.ofString(
                    "{\"name\":\"coding-agents\",\"models\":[\"" + models + "\"]}")).build());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            JsonNode k = JSON.readTree(created.body());
            return new AgentGateway(mock, server, k.path("key").asText(), k.path("id").asLong());
        } catch (IOException e) {
            close(server, mock);
            throw new UncheckedIOException(e);
        } catch (RuntimeException | AssertionError e) {
            close(server, mock);
            throw e;
        }
    }

    private static String model(String name, String provider) {
        return """
                  - name: %s
                    io-log: true
                    providers:
                      - {provider: %s, model: %s}
                """.formatted(name, provider, upstreamModel(name));
    }

    MockUpstream mock() {
        return mock;
    }

    String url() {
        return "http://127.0.0.1:" + server.port();
    }

    /** The caller key (an {@code sk-llmio-…} key, not the admin token). */
    String key() {
        return key;
    }

    long keyId() {
        return keyId;
    }

    /** Requests the mock received for {@code upstreamModel} on {@code path}, bodies as JSON. */
    List<JsonNode> upstreamRequests(String path, String upstreamModel) {
        List<JsonNode> out = new ArrayList<>();
        for (RecordedRequest r : mock.requests()) {
            if (r.path().equals(path)) {
                JsonNode body = json(r.bodyText());
                if (body.path("model").asText().equals(upstreamModel)) {
                    out.add(body);
                }
            }
        }
        return out;
    }

    /**
     * The request-log rows of {@code model} once {@code count} of them are finished (rows are written in
     * batches, shortly after the answer), newest first; fails after 20 s.
     */
    List<JsonNode> finishedLogRows(String model, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        List<JsonNode> rows = List.of();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = ServerProcess.send(admin(server, "/api/logs?page_size=100&model=" + model).GET().build());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            rows = new ArrayList<>();
            for (JsonNode row : json(r.body()).path("items")) {
                rows.add(row);
            }
            if (rows.size() >= count && rows.stream().noneMatch(row -> row.path("status").asText().equals("running"))) {
                return rows;
            }
            pause();
        }
        throw new AssertionError("expected " + count + " finished log rows for " + model + ", got " + rows);
    }

    String serverOutput() {
        return server.output();
    }

    @Override
    public void close() {
        close(server, mock);
    }

    private static void close(ServerProcess server, MockUpstream mock) {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            mock.close();
        }
    }

    private static HttpRequest.Builder admin(ServerProcess server, String path) {
        return HttpRequest.newBuilder(server.uri(path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json");
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }
}
