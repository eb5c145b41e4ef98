package io.llmio.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code target/llmio.jar} started as a separate process, as a user would start it: {@code java -jar} with an
 * absolute jar path, from a working directory of the test's choosing, with none of llmio's variables inherited
 * from the test's own environment. Output (stdout and stderr together) goes to {@code llmio.out} in the
 * working directory.
 */
final class ServerProcess implements AutoCloseable {
    static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final Path output;
    private final int port;

    private ServerProcess(Process process, Path output, int port) {
        this.process = process;
        this.output = output;
        this.port = port;
    }

    /** Starts the jar in {@code workDir} with exactly {@code env} (plus a free {@code LLMIO_SERVER_PORT}) as llmio settings. */
    static ServerProcess start(Path workDir, Map<String, String> env) {
        return start(workDir, env, List.of());
    }

    /** As {@link #start(Path, Map)}, with JVM flags before {@code -jar}. */
    static ServerProcess start(Path workDir, Map<String, String> env, List<String> jvmFlags) {
        return start(workDir, env, jvmFlags, new String[0]);
    }

    /** Runs the jar with arguments (a command such as {@code import-legacy}) and waits for it to end. */
    static Finished command(Path workDir, Map<String, String> env, String... args) {
        try (ServerProcess p = start(workDir, env, List.of(), args)) {
            int exit = p.awaitExit();
            return new Finished(exit, p.output());
        }
    }

    /** A command's exit status and its output (stdout and stderr together). */
    record Finished(int exit, String output) {
    }

    private static ServerProcess start(Path workDir, Map<String, String> env, List<String> jvmFlags, String[] args) {
        int port = env.containsKey("LLMIO_SERVER_PORT") ? Integer.parseInt(env.get("LLMIO_SERVER_PORT")) : freePort();
        Path out = workDir.resolve("llmio.out");
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(jvmFlags);
        command.addAll(List.of("-jar", jar().toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()));
        Map<String, String> penv = pb.environment();
        penv.keySet().removeIf(k -> k.startsWith("DATABASE_") || k.startsWith("LLMIO_") || k.equals("TOKEN")
                || k.equals("REDIS_URL") || k.equals("TRUSTED_PROXIES") || k.equals("JAVA_TOOL_OPTIONS"));
        penv.putAll(env);
        penv.put("LLMIO_SERVER_PORT", String.valueOf(port));
        try {
            Files.deleteIfExists(out);
            return new ServerProcess(pb.start(), out, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The packaged jar (failsafe passes its path; {@code target/llmio.jar} otherwise). */
    static Path jar() {
        Path jar = Path.of(System.getProperty("llmio.jar", "target/llmio.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError(jar + " does not exist: run `./llmio test` (mvn verify), which packages it first");
        }
        return jar;
    }

    /** The java binary running this test (so the server gets the same JDK 21+). */
    static String java() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    int port() {
        return port;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Polls {@code /health} until it answers 200, the process dies, or the deadline passes (I/O errors are retried). */
    HttpResponse<String> awaitHealthy() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        HttpResponse<String> last = null;
        String lastError = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("llmio exited with " + process.exitValue() + " before /health answered:\n" + output());
            }
            try {
                last = get("/health");
                if (last.statusCode() == 200) {
                    return last;
                }
            } catch (UncheckedIOException e) {
                // refused before the port is bound; reset or closed while the server is still starting up
                // (seen on a loaded machine): retried until the process dies or the deadline passes
                lastError = String.valueOf(e.getCause());
            }
            pause();
        }
        throw new AssertionError("/health did not answer 200 within " + START_TIMEOUT + " (last: "
                                         + (last == null ? lastError : last.statusCode() + " " + last.body()) + "):\n"
                                         + output());
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET().build());
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Sends a signal by name ({@code HUP}, ...) with {@code kill}, as an operator would. */
    void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-s", name, String.valueOf(process.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new AssertionError("kill -s " + name + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    /** Sends SIGTERM (what Ctrl-C and {@code docker stop} do) and waits for the exit code. */
    int stop() {
        process.destroy();
        return awaitExit();
    }

    /** Waits for the process to end by itself (a failed start). */
    int awaitExit() {
        try {
            if (!process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("llmio did not exit within " + START_TIMEOUT + ":\n" + output());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    String output() {
        try {
            return Files.exists(output) ? Files.readString(output) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
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
