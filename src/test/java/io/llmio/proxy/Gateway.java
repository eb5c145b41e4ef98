package io.llmio.proxy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmio.Main;
import io.llmio.auth.KeyHash;
import io.llmio.config.ConfigLoader;
import io.llmio.proxy.protocol.UsageTap;
import io.llmio.registry.Secret;
import io.llmio.store.AuthKeyStore;
import io.llmio.requestlog.LogFilter;
import io.llmio.requestlog.LogStore;
import io.llmio.requestlog.RequestBody;
import io.llmio.requestlog.RequestLog;

/**
 * A real llmio started in-process on a free port, on an embedded database in a temp dir, with
 * the given config file. Test-side helpers for raw HTTP calls, API keys and log rows.
 */
public final class Gateway implements AutoCloseable {
    public static final String TOKEN = "admin-token-for-tests";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Path dir;
    private final Map<String, String> env;
    private final Main.App app;

    private Gateway(Path dir, Map<String, String> env, Main.App app) {
        this.dir = dir;
        this.env = env;
        this.app = app;
    }

    public static Gateway start(String yaml) {
        return start(yaml, Map.of());
    }

    public static Gateway start(String yaml, Map<String, String> extraEnv) {
        try {
            Path dir = Files.createTempDirectory("llmio-gw");
            Files.createDirectories(dir.resolve("config"));
            Files.writeString(dir.resolve("config/llmio.yaml"), yaml);
            Map<String, String> env = new HashMap<>();
            env.put("TOKEN", TOKEN);
            env.put("LLMIO_SERVER_PORT", "0");
            env.put("DATABASE_DSN", "jdbc:h2:file:" + dir.resolve("data/llmio")
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
            env.put("DATABASE_TYPE", "embedded");
            env.putAll(extraEnv);
            return new Gateway(dir, env, Main.App.start(ConfigLoader.load(env, dir)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stops this gateway (its request log drained, as at a normal shutdown) and starts a new one on the same
     * database and settings; close the returned one, not this.
     */
    public Gateway restart() {
        app.stop();
        return new Gateway(dir, env, Main.App.start(ConfigLoader.load(env, dir)));
    }

    public Main.App app() {
        return app;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + app.port() + path;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + app.port();
    }

    /** POST with headers given as name, value pairs. */
    public HttpResponse<String> post(String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b.build());
    }

    public HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b.build());
    }

    public static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Creates an API key directly in the store and reloads the registry; returns the secret. */
    public String createKey(String name, boolean enabled, boolean allowAll, List<String> models, Instant expiresAt) {
        String secret = KeyHash.generate();
        new AuthKeyStore(app.database()).create(name, KeyHash.sha256(secret), Secret.mask(secret), enabled, allowAll,
                                                models, expiresAt);
        app.loader().reload();
        return secret;
    }

    /** A new key allowed every model with these budgets and limits, set through the admin API; returns {id, secret}. */
    public String[] keyWithLimits(String limits) {
        HttpResponse<String> created = post("/api/auth-keys", "{\"name\":\"team-" + System.nanoTime()
                + "\",\"allow_all\":true}", "Authorization", "Bearer " + TOKEN, "Content-Type", "application/json");
        if (created.statusCode() != 201) {
            throw new AssertionError(created.body());
        }
        JsonNode k = UsageTap.parse(created.body().getBytes());
        String id = k.path("id").asText();
        HttpResponse<String> put = send(HttpRequest.newBuilder(URI.create(url("/api/auth-keys/" + id)))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(limits)).build());
        if (put.statusCode() != 200) {
            throw new AssertionError(put.body());
        }
        return new String[] {id, k.path("key").asText()};
    }

    /** The key's {@code usage} once {@code done} holds (usage is counted after each answer, off the caller's wait). */
    public JsonNode awaitKeyUsage(String id, Predicate<JsonNode> done) {
        Instant deadline = Instant.now().plusSeconds(10);
        JsonNode usage = null;
        while (Instant.now().isBefore(deadline)) {
            usage = UsageTap.parse(get("/api/auth-keys/" + id, "Authorization", "Bearer " + TOKEN)
                                           .body().getBytes()).path("usage");
            if (done.test(usage)) {
                return usage;
            }
            try {
                Thread.sleep(20); // polling interval; the condition decides
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("usage did not settle: " + usage);
    }

    /** Log rows of one trace once {@code done} holds for them (the writer is asynchronous). */
    public List<RequestLog> awaitLogs(String traceId, Predicate<List<RequestLog>> done) {
        LogStore store = new LogStore(app.database());
        Instant deadline = Instant.now().plusSeconds(10);
        List<RequestLog> rows = List.of();
        while (Instant.now().isBefore(deadline)) {
            rows = store.page(new LogFilter(null, null, null, null, null, traceId, null, null), 1, 100).items().stream()
                    .sorted(Comparator.comparingInt(RequestLog::attempt)).toList();
            if (done.test(rows)) {
                return rows;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("log rows of trace " + traceId + " did not settle: " + rows);
    }

    /** Rows of the trace once every row has left {@code running}. */
    public List<RequestLog> finishedLogs(String traceId, int count) {
        return awaitLogs(traceId, rows -> rows.size() == count && rows.stream().noneMatch(r -> r.status().equals("running")));
    }

    public RequestBody body(long logId) {
        return new LogStore(app.database()).body(logId).orElseThrow();
    }

    /** The newest finished row matching {@code match}, waiting for the asynchronous writer. */
    public RequestLog awaitRow(Predicate<RequestLog> match) {
        Instant deadline = Instant.now().plusSeconds(10);
        while (Instant.now().isBefore(deadline)) {
            for (RequestLog row : allLogs()) {
                if (match.test(row) && !row.status().equals("running")) {
                    return row;
                }
            }
            try {
                Thread.sleep(20); // polling interval; the condition decides
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("no finished log row matched within 10 s: " + allLogs());
    }

    /** All rows, newest first (up to 1000). */
    public List<RequestLog> allLogs() {
        return new LogStore(app.database()).page(LogFilter.none(), 1, 1000).items();
    }

    @Override
    public void close() {
        app.stop();
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temp dir
        }
    }
}
