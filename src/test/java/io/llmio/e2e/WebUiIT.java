package io.llmio.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.llmio.mock.MockProtocol;
import io.llmio.mock.MockUpstream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The WebUI end to end in a real browser: the packaged jar as a process, the mock upstream, and
 * {@code ui/e2e/run.mjs} driving Debian's Chromium through playwright-core (log in, create a
 * provider, model and association, Test, create a key, proxy a request with it, find it in Logs
 * and on the Dashboard, screenshots of every page in light and dark into docs/screenshots).
 */
class WebUiIT {
    private static final String TOKEN = "webui-e2e-token";

    @Test
    void adminConsoleWorksInChromium() throws IOException, InterruptedException {
        Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
        assertThat(Files.isExecutable(chromium))
                .as("Debian chromium is needed for the WebUI e2e test: apt-get install -y chromium (.ci/run does it)")
                .isTrue();
        Path ui = Path.of(System.getProperty("llmio.basedir", ".")).resolve("ui").toAbsolutePath();
        assertThat(ui.resolve("node_modules/playwright-core")).as("npm ci in ui/ (the Maven build runs it)").exists();
        Path work = Files.createTempDirectory("llmio-webui");
        try (MockUpstream mock = MockUpstream.start("sk-webui-mock");
             ServerProcess server = ServerProcess.start(work, Map.of("TOKEN", TOKEN))) {
            server.awaitHealthy();
            Map<String, String> env = new HashMap<>(System.getenv());
            env.put("LLMIO_URL", "http://127.0.0.1:" + server.port());
            env.put("LLMIO_TOKEN", TOKEN);
            env.put("MOCK_OPENAI_URL", mock.baseUrl(MockProtocol.OPENAI));
            env.put("MOCK_KEY", mock.apiKey());
            env.put("CHROMIUM", chromium.toString());
            env.put("SCREENSHOT_DIR", ui.getParent().resolve("docs/screenshots").toString());
            Path log = work.resolve("e2e.log");
            ProcessBuilder pb = new ProcessBuilder("node", "e2e/run.mjs").directory(ui.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().clear();
            pb.environment().putAll(env);
            Process node = pb.start();
            boolean done = node.waitFor(10, TimeUnit.MINUTES);
            if (!done) {
                node.destroyForcibly();
            }
            String out = Files.readString(log);
            System.out.println(out);
            assertThat(done).as("e2e run finished in time").isTrue();
            assertThat(node.exitValue()).as(out).isZero();
            assertThat(out).contains(" 0 failed");
        }
    }
}
