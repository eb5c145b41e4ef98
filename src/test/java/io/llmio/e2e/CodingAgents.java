package io.llmio.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Claude Code and Codex CLI as a user runs them, non-interactively: the versions pinned in
 * {@code e2e/agents/package-lock.json} (the Maven build runs {@code npm ci} there before the
 * integration tests), each with a fresh home and config directory, an empty environment but for
 * {@code PATH} and what points it at llmio, telemetry and update checks off, tools allowed without
 * prompting. Output goes to files in the run directory; a run that outlives {@link #TIMEOUT} is
 * killed with its children and fails the test.
 */
final class CodingAgents {
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** What one run left behind: exit code, stdout, stderr, and the directory it worked in. */
    record Run(int exit, String stdout, String stderr, Path cwd) {
        String describe() {
            return "exit " + exit + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    private CodingAgents() {
    }

    /**
     * {@code claude -p prompt --output-format json} against llmio's Anthropic base {@code /anthropic}, with
     * {@code key} as {@code ANTHROPIC_API_KEY} and {@code model} for every model alias (side requests too).
     */
    static Run claude(String llmioUrl, String key, String model, String prompt, Path dir) {
        Path home = mkdirs(dir.resolve("home"));
        Map<String, String> env = baseEnv(home);
        env.put("ANTHROPIC_BASE_URL", llmioUrl + "/anthropic");
        env.put("ANTHROPIC_API_KEY", key);
        env.put("ANTHROPIC_MODEL", model);
        env.put("ANTHROPIC_DEFAULT_HAIKU_MODEL", model);
        env.put("ANTHROPIC_DEFAULT_SONNET_MODEL", model);
        env.put("ANTHROPIC_DEFAULT_OPUS_MODEL", model);
        env.put("CLAUDE_CODE_MAX_RETRIES", "0"); // a gateway error fails the run at once instead of after ten backoffs
        env.put("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
        env.put("DISABLE_AUTOUPDATER", "1");
        env.put("DISABLE_TELEMETRY", "1");
        env.put("DISABLE_ERROR_REPORTING", "1");
        // --dangerously-skip-permissions refuses to run as root (CI containers): allow the tools by name instead
        return run(List.of(bin("claude").toString(), "-p", prompt, "--output-format", "json", "--model", model,
                           "--allowedTools", "Bash,Write"), mkdirs(dir.resolve("work")), env, dir);
    }

    /**
     * {@code codex exec --json prompt} with a {@code CODEX_HOME/config.toml} whose one model provider is llmio's
     * OpenAI base {@code /v1} over the Responses wire API, key from {@code LLMIO_API_KEY}.
     */
    static Run codex(String llmioUrl, String key, String model, String prompt, Path dir) {
        Path home = mkdirs(dir.resolve("home"));
        Path codexHome = mkdirs(dir.resolve("codex-home"));
        write(codexHome.resolve("config.toml"), """
                model = "%s"
                model_provider = "llmio"
                check_for_update_on_startup = false

                [analytics]
                enabled = false

                [feedback]
                enabled = false

                [model_providers.llmio]
                name = "llmio"
                base_url = "%s/v1"
                env_key = "LLMIO_API_KEY"
                wire_api = "responses"
                request_max_retries = 0
                stream_max_retries = 0
                """.formatted(model, llmioUrl));
        Map<String, String> env = baseEnv(home);
        env.put("CODEX_HOME", codexHome.toString());
        env.put("LLMIO_API_KEY", key);
        // the sandbox needs kernel features containers lack; the run directory is the test's own
        return run(List.of(bin("codex").toString(), "exec", "--strict-config", "--json", "--ephemeral",
                           "--skip-git-repo-check", "--dangerously-bypass-approvals-and-sandbox", prompt),
                   mkdirs(dir.resolve("work")), env, dir);
    }

    /**
     * A fresh directory for one run under {@code target/} (not {@code /tmp}: Codex refuses to set up its
     * helpers under a temporary directory).
     */
    static Path runDir(String name) {
        try {
            Path target = Files.createDirectories(basedir().resolve("target/agents-e2e"));
            return Files.createTempDirectory(target, name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Run run(List<String> command, Path cwd, Map<String, String> env, Path dir) {
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(command.getFirst() + " did not finish within " + TIMEOUT + "\n--- stdout\n"
                                                 + Files.readString(out) + "\n--- stderr\n" + Files.readString(err));
            }
            return new Run(p.exitValue(), Files.readString(out), Files.readString(err), cwd);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    private static Map<String, String> baseEnv(Path home) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
        env.put("HOME", home.toString());
        env.put("LANG", "C.UTF-8");
        return env;
    }

    private static Path bin(String name) {
        Path bin = basedir().resolve("e2e/agents/node_modules/.bin").resolve(name);
        assertThat(Files.isExecutable(bin))
                .as(bin + " is missing: `npm ci` in e2e/agents (the Maven build runs it before the integration tests)")
                .isTrue();
        return bin;
    }

    private static Path basedir() {
        return Path.of(System.getProperty("llmio.basedir", ".")).toAbsolutePath();
    }

    private static Path mkdirs(Path p) {
        try {
            return Files.createDirectories(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path p, String text) {
        try {
            Files.writeString(p, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
