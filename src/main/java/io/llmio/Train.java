package io.llmio;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmio.config.ConfigLoader;

/**
 * The training run behind the startup cache ({@code java -XX:AOTCacheOutput=… -jar llmio.jar train}, or
 * {@code -XX:ArchiveClassesAtExit=…} before JDK 25): starts a real llmio on a loopback port with an
 * embedded database in a temp dir, an in-process upstream that answers in each vendor's format, sends a
 * few thousand requests of every proxied kind (stream and not, each protocol, a few admin reads), then
 * stops and exits 0. The JVM writes the classes it loaded (and, on JDK 25, the method profiles) to the
 * cache at exit; a server started on that cache serves at full speed from its first seconds
 * (docs/startup.md). Nothing here runs in a normal start.
 */
final class Train {
    private static final String TOKEN = "llmio-training-token";
    /** rounds of every call kind per thread; {@code -Dllmio.train.rounds} changes it (the tests use a few) */
    static final int ROUNDS = Integer.getInteger("llmio.train.rounds", 150);
    /** the call kinds of a round that must be answered 2xx (the last two are the error paths) */
    static final int SUCCESSFUL_KINDS = 8;
    private static final int PARALLEL = 8;

    private Train() {
    }

    /** The 2xx answers a training of {@code rounds} rounds gets when every call kind works. */
    static int expected(int rounds) {
        return rounds * PARALLEL * SUCCESSFUL_KINDS;
    }

    /** Runs the training; returns the number of 2xx answers (rounds × threads × successful kinds when all went well). */
    static int run(int rounds) throws Exception {
        Path dir = Files.createTempDirectory("llmio-train");
        WebServer upstream = WebServer.builder().port(0).host("127.0.0.1")
                .routing(r -> r.post("/v1/chat/completions", Train::chat)
                        .post("/v1/responses", Train::responses)
                        .post("/v1/embeddings", Train::embeddings)
                        .post("/v1/messages", Train::messages)
                        .post("/v1beta/models/*", Train::gemini))
                .build().start();
        Main.App app = null;
        try {
            Files.createDirectories(dir.resolve("config"));
            Files.writeString(dir.resolve("config/llmio.yaml"), config("http://127.0.0.1:" + upstream.port()));
            app = Main.App.start(ConfigLoader.load(Map.of(
                    "TOKEN", TOKEN,
                    "LLMIO_SERVER_PORT", "0",
                    "DATABASE_TYPE", "embedded",
                    "DATABASE_DSN", "jdbc:h2:file:" + dir.resolve("data/llmio")
                            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"), dir));
            int done = drive("http://127.0.0.1:" + app.port(), rounds);
            System.out.println("llmio train: " + done + " of " + expected(rounds) + " requests served");
            return done;
        } finally {
            if (app != null) {
                app.stop();
            }
            upstream.stop();
            deleteTree(dir);
        }
    }

    /** Every proxied kind, stream and not, from {@value #PARALLEL} threads; returns the number of 2xx answers. */
    private static int drive(String base, int rounds) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<Call> calls = List.of(
                new Call("/v1/chat/completions", "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
                new Call("/v1/chat/completions", "{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
                new Call("/v1/responses", "{\"model\":\"m\",\"input\":\"hi\"}"),
                new Call("/v1/embeddings", "{\"model\":\"m\",\"input\":\"hi\"}"),
                new Call("/v1/messages", "{\"model\":\"m\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
                new Call("/v1/messages", "{\"model\":\"m\",\"max_tokens\":64,\"stream\":true,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
                new Call("/gemini/v1beta/models/m:generateContent", "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}"),
                new Call("/gemini/v1beta/models/m:streamGenerateContent?alt=sse",
                         "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}"),
                new Call("/v1/chat/completions", "{\"model\":\"missing\",\"messages\":[]}"),
                new Call("/v1/chat/completions", "{not json"));
        AtomicInteger ok = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(PARALLEL)) {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < PARALLEL; t++) {
                work.add(pool.submit(() -> {
                    for (int i = 0; i < rounds; i++) {
                        for (Call c : calls) {
                            if (send(http, base, c) / 100 == 2) {
                                ok.incrementAndGet();
                            }
                        }
                        if (i % 50 == 0) {
                            get(http, base + "/api/logs?page=1&page_size=20");
                            get(http, base + "/health");
                            get(http, base + "/v1/models");
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
        }
        return ok.get();
    }

    private record Call(String path, String body) {
    }

    private static int send(HttpClient http, String base, Call c) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + c.path()))
                .header("Authorization", "Bearer " + TOKEN).header("x-api-key", TOKEN)
                .header("x-goog-api-key", TOKEN).header("Content-Type", "application/json")
                .header("anthropic-version", "2023-06-01")
                .POST(HttpRequest.BodyPublishers.ofString(c.body())).build();
        HttpResponse<byte[]> res = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        return res.statusCode();
    }

    private static void get(HttpClient http, String url) throws IOException, InterruptedException {
        http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + TOKEN).build(),
                  HttpResponse.BodyHandlers.discarding());
    }

    private static String config(String upstream) {
        StringBuilder y = new StringBuilder("providers:\n");
        String[][] providers = {{"t-openai", "openai", upstream + "/v1"}, {"t-responses", "openai-responses", upstream + "/v1"},
                                {"t-anthropic", "anthropic", upstream + "/v1"}, {"t-gemini", "gemini", upstream + "/v1beta"}};
        for (String[] p : providers) {
            y.append("  - name: ").append(p[0]).append("\n    type: ").append(p[1]).append("\n    base-url: ").append(p[2])
                    .append("\n    api-key: training-upstream-key\n");
        }
        y.append("models:\n  - name: m\n    providers:\n");
        for (String[] p : providers) {
            y.append("      - provider: ").append(p[0]).append("\n        model: upstream-m\n        weight: 1\n");
        }
        return y.toString();
    }

    // The in-process upstream: the smallest well-formed answer of each vendor (stream when asked).

    private static boolean streams(ServerRequest req, String body) {
        return body.contains("\"stream\":true") || req.path().path().contains(":streamGenerateContent");
    }

    private static void chat(ServerRequest req, ServerResponse res) throws IOException {
        String body = req.content().as(String.class);
        if (!streams(req, body)) {
            json(res, "{\"id\":\"chatcmpl-t\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"upstream-m\","
                    + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"hello\"},"
                    + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1,\"total_tokens\":4}}");
            return;
        }
        String chunk = "{\"id\":\"chatcmpl-t\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"upstream-m\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hel\"},\"finish_reason\":null}]}";
        sse(res, List.of("data: " + chunk, "data: " + chunk,
                         "data: {\"id\":\"chatcmpl-t\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"upstream-m\","
                                 + "\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5}}",
                         "data: [DONE]"));
    }

    private static void responses(ServerRequest req, ServerResponse res) {
        req.content().consume();
        json(res, "{\"id\":\"resp_t\",\"object\":\"response\",\"created_at\":1,\"status\":\"completed\",\"model\":\"upstream-m\","
                + "\"output\":[{\"type\":\"message\",\"id\":\"msg_t\",\"status\":\"completed\",\"role\":\"assistant\","
                + "\"content\":[{\"type\":\"output_text\",\"text\":\"hello\",\"annotations\":[]}]}],"
                + "\"usage\":{\"input_tokens\":3,\"input_tokens_details\":{\"cached_tokens\":0},\"output_tokens\":1,"
                + "\"output_tokens_details\":{\"reasoning_tokens\":0},\"total_tokens\":4}}");
    }

    private static void embeddings(ServerRequest req, ServerResponse res) {
        req.content().consume();
        json(res, "{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":[0.1,0.2]}],"
                + "\"model\":\"upstream-m\",\"usage\":{\"prompt_tokens\":1,\"total_tokens\":1}}");
    }

    private static void messages(ServerRequest req, ServerResponse res) throws IOException {
        String body = req.content().as(String.class);
        if (!streams(req, body)) {
            json(res, "{\"id\":\"msg_t\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"upstream-m\","
                    + "\"content\":[{\"type\":\"text\",\"text\":\"hello\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
                    + "\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}");
            return;
        }
        sse(res, List.of(
                "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_t\",\"type\":\"message\","
                        + "\"role\":\"assistant\",\"model\":\"upstream-m\",\"content\":[],\"stop_reason\":null,"
                        + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}}",
                "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
                        + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
                "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                        + "\"delta\":{\"type\":\"text_delta\",\"text\":\"hello\"}}",
                "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}",
                "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
                        + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":2}}",
                "event: message_stop\ndata: {\"type\":\"message_stop\"}"));
    }

    private static void gemini(ServerRequest req, ServerResponse res) throws IOException {
        String body = req.content().as(String.class);
        String answer = "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"hello\"}]},"
                + "\"finishReason\":\"STOP\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":3,"
                + "\"candidatesTokenCount\":1,\"totalTokenCount\":4},\"modelVersion\":\"upstream-m\"}";
        if (streams(req, body)) {
            sse(res, List.of("data: " + answer, "data: " + answer));
        } else {
            json(res, answer);
        }
    }

    private static void json(ServerResponse res, String body) {
        res.header(HeaderNames.CONTENT_TYPE, "application/json").send(body.getBytes(StandardCharsets.UTF_8));
    }

    private static void sse(ServerResponse res, List<String> events) throws IOException {
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
        try (OutputStream out = res.outputStream()) {
            for (String e : events) {
                out.write((e + "\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
