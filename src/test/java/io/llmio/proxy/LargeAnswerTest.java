package io.llmio.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import io.llmio.proxy.protocol.UsageTap;

/**
 * Six parallel non-stream answers of about 70 MB each through a gateway JVM whose heap (160 MB)
 * could not hold two of them: each must reach its caller byte for byte, with its usage logged,
 * and nothing may run out of memory. The gateway runs in a child JVM (this test's classpath,
 * {@code -Xmx160m}) so the test does not depend on the heap surefire gives the test JVM; the
 * answers are generated as they are written and hashed as they are read, never held whole.
 */
class LargeAnswerTest {
    private static final int SIZE = 70 * 1024 * 1024;
    private static final int CALLS = 6;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** {@code {"object":"list","data":[{..."embedding":[0.123456,...]}],...,"usage":{...}}} of exactly {@link #SIZE} bytes. */
    static final class Body {
        static final byte[] PREFIX = "{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":["
                .getBytes(StandardCharsets.US_ASCII);
        static final byte[] SUFFIX = "]}],\"model\":\"up-emb\",\"usage\":{\"prompt_tokens\":4242,\"total_tokens\":4242}}"
                .getBytes(StandardCharsets.US_ASCII);

        /** Writes the body: numbers of 8 characters, commas between; padding spaces before the suffix. */
        static void write(OutputStream out) throws IOException {
            int room = SIZE - PREFIX.length - SUFFIX.length;
            int numbers = (room + 1) / 9;
            int pad = room - (numbers * 9 - 1);
            out.write(PREFIX);
            byte[] piece = new byte[9 * 4096];
            int i = 0;
            while (i < numbers) {
                int len = 0;
                for (int k = 0; k < 4096 && i < numbers; k++, i++) {
                    String n = (i == 0 ? "" : ",") + "0." + (100000 + (i * 7919L) % 900000);
                    byte[] b = n.getBytes(StandardCharsets.US_ASCII);
                    System.arraycopy(b, 0, piece, len, b.length);
                    len += b.length;
                }
                out.write(piece, 0, len);
            }
            out.write(" ".repeat(pad).getBytes(StandardCharsets.US_ASCII));
            out.write(SUFFIX);
        }
    }

    @Test
    void sixParallelSeventyMegabyteAnswersReachTheirCallersThroughASmallHeap() throws Exception {
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        try (OutputStream digest = new java.security.DigestOutputStream(OutputStream.nullOutputStream(), expected)) {
            Body.write(digest);
        }
        String expectedHash = HexFormat.of().formatHex(expected.digest());
        AtomicInteger served = new AtomicInteger();
        Path dir = Files.createTempDirectory("llmio-large");
        try (RawUpstream up = new RawUpstream()) {
            up.handler(ex -> {
                boolean chunked = served.getAndIncrement() % 2 == 1;
                ex.head(200, "Content-Type", "application/json", chunked ? "Transfer-Encoding" : "Content-Length",
                        chunked ? "chunked" : Integer.toString(SIZE));
                OutputStream body = chunked ? new ChunkedOut(ex) : new java.io.BufferedOutputStream(ex.out, 64 * 1024);
                Body.write(body);
                body.flush();
                if (chunked) {
                    ex.endChunks();
                }
            });
            Files.writeString(dir.resolve("llmio.yaml"), up.config(RawUpstream.model("emb", 120)));
            int port = freePort();
            ProcessBuilder pb = new ProcessBuilder(java(), "-Xmx160m", "-XX:+UseG1GC", "-cp",
                                                   System.getProperty("java.class.path"), "io.llmio.Main")
                    .directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("llmio.out").toFile());
            Map<String, String> env = pb.environment();
            env.keySet().removeIf(k -> k.startsWith("LLMIO_") || k.startsWith("DATABASE_") || k.equals("TOKEN")
                    || k.equals("JAVA_TOOL_OPTIONS") || k.equals("REDIS_URL"));
            env.put("TOKEN", Gateway.TOKEN);
            env.put("LLMIO_SERVER_PORT", Integer.toString(port));
            env.put("LLMIO_CONFIG", dir.resolve("llmio.yaml").toString());
            env.put("DATABASE_TYPE", "embedded");
            env.put("DATABASE_DSN", "jdbc:h2:file:" + dir.resolve("data/llmio")
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
            Process process = pb.start();
            try {
                String base = "http://127.0.0.1:" + port;
                awaitHealthy(process, base, dir);
                ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
                List<Future<String[]>> calls = new ArrayList<>();
                for (int i = 0; i < CALLS; i++) {
                    calls.add(pool.submit(() -> call(base)));
                }
                List<String> traces = new ArrayList<>();
                for (Future<String[]> f : calls) {
                    String[] r = f.get(300, TimeUnit.SECONDS);
                    assertThat(r[0]).as("status, bytes, hash").isEqualTo("200 " + SIZE + " " + expectedHash);
                    traces.add(r[1]);
                }
                pool.shutdown();
                for (String trace : traces) {
                    JsonNode row = awaitRow(base, trace);
                    assertThat(row.path("status").asText()).isEqualTo("success");
                    assertThat(row.path("prompt_tokens").asLong()).isEqualTo(4242);
                    assertThat(row.path("response_bytes").asLong()).isEqualTo(SIZE);
                }
                assertThat(Files.readString(dir.resolve("llmio.out"))).doesNotContain("OutOfMemoryError");
            } finally {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** One call: "status bytes sha256" and the trace id. */
    private static String[] call(String base) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/v1/embeddings")).timeout(Duration.ofSeconds(240))
                .header("Authorization", "Bearer " + Gateway.TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"emb\",\"input\":[\"a\",\"b\"]}")).build();
        HttpResponse<InputStream> res = HTTP.send(req, HttpResponse.BodyHandlers.ofInputStream());
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        long bytes = 0;
        if (res.statusCode() != 200) {
            try (InputStream in = res.body()) {
                return new String[] {res.statusCode() + " " + new String(in.readAllBytes(), StandardCharsets.UTF_8), ""};
            }
        }
        try (InputStream in = res.body()) {
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) >= 0) {
                md.update(buf, 0, n);
                bytes += n;
            }
        }
        return new String[] {res.statusCode() + " " + bytes + " " + HexFormat.of().formatHex(md.digest()),
                res.headers().firstValue("x-llmio-trace-id").orElse("")};
    }

    private static JsonNode awaitRow(String base, String trace) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        JsonNode items = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> res = Gateway.send(HttpRequest.newBuilder(URI.create(base + "/api/logs?trace_id=" + trace))
                                                            .header("Authorization", "Bearer " + Gateway.TOKEN).build());
            items = UsageTap.parse(res.body()).path("items");
            if (items.size() == 1 && !items.get(0).path("status").asText().equals("running")) {
                return items.get(0);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no finished row for trace " + trace + ": " + items);
    }

    private static void awaitHealthy(Process process, String base, Path dir) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            assertThat(process.isAlive()).as("gateway alive: %s", (Object) null).isTrue();
            try {
                HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                                                     HttpResponse.BodyHandlers.ofString());
                if (res.statusCode() == 200) {
                    return;
                }
            } catch (ConnectException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("gateway did not start:\n" + Files.readString(dir.resolve("llmio.out")));
    }

    private static String java() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes what it is given as HTTP chunks of up to 64 KiB. */
    private static final class ChunkedOut extends OutputStream {
        private final RawUpstream.Exchange ex;
        private final byte[] buf = new byte[64 * 1024];
        private int len;

        ChunkedOut(RawUpstream.Exchange ex) {
            this.ex = ex;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int n) throws IOException {
            while (n > 0) {
                int k = Math.min(n, buf.length - len);
                System.arraycopy(b, off, buf, len, k);
                len += k;
                off += k;
                n -= k;
                if (len == buf.length) {
                    flush();
                }
            }
        }

        @Override
        public void flush() throws IOException {
            if (len > 0) {
                ex.chunk(java.util.Arrays.copyOf(buf, len));
                len = 0;
            }
        }
    }
}
