package io.llmio.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * llmio in a child JVM under {@code ulimit -n 320}: a flood of more connections than it has file
 * descriptors must not end its listener (Helidon's accept loop dies for good on "Too many open
 * files" while the JVM lives on).
 */
class ConnectionFloodTest {
    private static final int FD_LIMIT = 320;
    private static final int FLOOD = 1000;

    @Test
    void aFloodOfConnectionsBeyondTheFdLimitLeavesTheListenerServing() throws Exception {
        Path dir = Files.createTempDirectory("llmio-flood");
        int port = freePort();
        Process server = start(dir, port, Map.of());
        try {
            assertThat(awaitHealthy(server, port, dir)).startsWith("HTTP/1.1 200");
            flood(port);
            String after = awaitHealthy(server, port, dir);
            assertThat(after).as("a fresh request after the flood").startsWith("HTTP/1.1 200");
            assertThat(server.isAlive()).isTrue();
        } finally {
            stop(server, dir);
        }
    }

    /**
     * With the cap set above what the descriptors allow, the flood does end Helidon's accept loop:
     * llmio then exits with status 3 (for its supervisor to restart it) instead of living on deaf.
     */
    @Test
    void aListenerThatDiesAnywayEndsTheProcessWithStatus3() throws Exception {
        Path dir = Files.createTempDirectory("llmio-flood");
        int port = freePort();
        Process server = start(dir, port, Map.of("LLMIO_MAX_CONNECTIONS", "100000"));
        try {
            assertThat(awaitHealthy(server, port, dir)).startsWith("HTTP/1.1 200");
            flood(port);
            if (!server.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("llmio still runs after its listener died:\n"
                                                 + Files.readString(dir.resolve("llmio.out")));
            }
            assertThat(server.exitValue()).isEqualTo(3);
            assertThat(Files.readString(dir.resolve("llmio.out"))).contains("exits with status 3");
        } finally {
            stop(server, dir);
        }
    }

    private static Process start(Path dir, int port, Map<String, String> extraEnv) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "ulimit -n " + FD_LIMIT + " && exec \"$0\" -cp \"$1\" io.llmio.Main",
                                               java, System.getProperty("java.class.path"))
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("llmio.out").toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("DATABASE_") || k.startsWith("LLMIO_") || k.equals("TOKEN")
                || k.equals("REDIS_URL") || k.equals("JAVA_TOOL_OPTIONS"));
        env.put("LLMIO_SERVER_PORT", String.valueOf(port));
        env.put("DATABASE_TYPE", "embedded");
        env.put("TOKEN", "flood-test-token");
        env.putAll(extraEnv);
        return pb.start();
    }

    /** Opens {@value #FLOOD} connections that send nothing, then closes them all. */
    private static void flood(int port) throws IOException {
        List<Socket> flood = new ArrayList<>();
        try {
            for (int i = 0; i < FLOOD; i++) {
                Socket s = new Socket();
                flood.add(s);
                try {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                } catch (IOException e) {
                    // refused or timed out: the flood goes on
                }
            }
        } finally {
            for (Socket s : flood) {
                s.close();
            }
        }
    }

    private static void stop(Process server, Path dir) throws Exception {
        server.destroy();
        if (!server.waitFor(30, TimeUnit.SECONDS)) {
            server.destroyForcibly();
        }
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Polls GET /health until it answers 200; fails when the process dies or 90 s pass. */
    private static String awaitHealthy(Process server, int port, Path dir) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new AssertionError("llmio exited with " + server.exitValue() + ":\n"
                                                 + Files.readString(dir.resolve("llmio.out")));
            }
            try (RawHttp c = new RawHttp(port)) {
                last = c.send(RawHttp.get("/health")).readResponse();
                if (last.startsWith("HTTP/1.1 200")) {
                    return last;
                }
            } catch (UncheckedIOException | AssertionError e) {
                last = e.toString();
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
        throw new AssertionError("/health did not answer 200 within 90 s (last: " + last + "):\n"
                                         + Files.readString(dir.resolve("llmio.out")));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
