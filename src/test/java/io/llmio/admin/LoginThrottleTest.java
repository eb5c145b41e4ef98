package io.llmio.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import io.llmio.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Failed logins are throttled per client IP (honouring TRUSTED_PROXIES), on the admin API and on
 * the proxy endpoints (a brute force of API keys), and logged without the presented secret; a weak
 * TOKEN is warned about at start.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoginThrottleTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final List<String> logLines = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            logLines.add(r.getLevel() + " " + r.getLoggerName() + " " + new java.util.logging.SimpleFormatter().formatMessage(r));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    /** held: a logger nobody references may be collected, and its handler with it */
    private final Logger llmioLogger = Logger.getLogger("io.llmio");
    private Main.App app;

    @BeforeAll
    void start() {
        llmioLogger.addHandler(capture);
        app = AdminServer.start("embedded", Map.of("LLMIO_LOGIN_MAX_FAILURES", "3", "TRUSTED_PROXIES", "127.0.0.1"));
    }

    @AfterAll
    void stop() {
        app.stop();
        llmioLogger.removeHandler(capture);
    }

    @Test
    void adminApiAnswers429AfterTooManyWrongTokensFromOneIp() {
        String ip = "203.0.113.5";
        for (int i = 0; i < 3; i++) {
            assertThat(get("/api/providers", "wrong-guess-" + i, ip).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> blocked = get("/api/providers", AdminServer.TOKEN, ip);
        assertThat(blocked.statusCode()).as("even the right token: no oracle for the guesser").isEqualTo(429);
        assertThat(blocked.headers().firstValue("Retry-After").map(Long::parseLong).orElse(0L)).isPositive();
        assertThat(blocked.body()).contains("\"type\":\"rate_limited\"");
        // other clients are not affected
        assertThat(get("/api/providers", AdminServer.TOKEN, "203.0.113.6").statusCode()).isEqualTo(200);
        // the failures are logged with the IP, never with the presented token
        String logged = String.join("\n", logLines);
        assertThat(logged).contains(ip).doesNotContain("wrong-guess-");
    }

    @Test
    void logLinesAreRateLimited() {
        String ip = "203.0.113.20";
        long before = logLines.stream().filter(l -> l.contains(ip)).count();
        for (int i = 0; i < 60; i++) {
            get("/api/providers", "another-wrong-" + i, ip);
        }
        long lines = logLines.stream().filter(l -> l.contains(ip)).count() - before;
        assertThat(lines).isBetween(1L, 3L);
    }

    @Test
    void proxyKeyGuessingIsThrottledInTheCallersProtocol() {
        String ip = "203.0.113.7";
        String body = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        for (int i = 0; i < 3; i++) {
            assertThat(post("/v1/chat/completions", body, "sk-llmio-guess-" + i, ip).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> blocked = post("/v1/chat/completions", body, "sk-llmio-guess-x", ip);
        assertThat(blocked.statusCode()).isEqualTo(429);
        assertThat(blocked.headers().firstValue("Retry-After")).isPresent();
        assertThat(blocked.body()).contains("\"error\"").contains("\"message\"");
        HttpResponse<String> gemini = send(HttpRequest.newBuilder(uri("/gemini/v1beta/models/m:generateContent"))
                                                   .header("x-goog-api-key", "guess").header("X-Forwarded-For", ip)
                                                   .header("Content-Type", "application/json")
                                                   .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(gemini.statusCode()).isEqualTo(429);
        assertThat(gemini.body()).contains("RESOURCE_EXHAUSTED");
        // the admin API shares the budget of that IP
        assertThat(get("/api/providers", AdminServer.TOKEN, ip).statusCode()).isEqualTo(429);
        assertThat(String.join("\n", logLines)).contains(ip).doesNotContain("sk-llmio-guess-");
    }

    @Test
    void aWeakTokenIsWarnedAboutAtStart() {
        Main.App weak = AdminServer.start("embedded", Map.of("TOKEN", "x"));
        try {
            assertThat(logLines).anySatisfy(l -> assertThat(l).startsWith("WARNING").contains("TOKEN").contains("weak"));
            assertThat(logLines).noneSatisfy(l -> assertThat(l).contains("TOKEN=x"));
        } finally {
            weak.stop();
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + app.port() + path);
    }

    private HttpResponse<String> get(String path, String token, String ip) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token)
                            .header("X-Forwarded-For", ip).GET());
    }

    private HttpResponse<String> post(String path, String body, String key, String ip) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + key)
                            .header("X-Forwarded-For", ip).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static HttpResponse<String> send(HttpRequest.Builder b) {
        try {
            return HTTP.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
