package io.llmio.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;

import io.llmio.proxy.Gateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Unauthenticated {@code /health}, {@code /health/live} and {@code /health/ready} say up or down and
 * nothing about where the database or Redis lives; the admin-only {@code /health/detail} keeps that.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PublicHealthTest {
    // nothing listens on port 1: the limiter reports Redis unreachable, with its URL, in the detail only
    private static final String REDIS = "redis://127.0.0.1:1/7";
    private Gateway gw;

    @BeforeAll
    void start() {
        gw = Gateway.start("", Map.of("REDIS_URL", REDIS));
    }

    @AfterAll
    void stop() {
        gw.close();
    }

    @Test
    void publicHealthNamesNoPathHostOrUrl() {
        String dbFile = gw.app().database().describe();
        assertThat(dbFile).as("the database description the detail shows").isNotBlank();
        for (String path : new String[] {"/health", "/health/live", "/health/ready"}) {
            HttpResponse<String> r = gw.get(path);
            assertThat(r.body()).as(path).contains("\"status\"")
                    .doesNotContain(dbFile)
                    .doesNotContain("llmio-gw")
                    .doesNotContain("127.0.0.1")
                    .doesNotContain("redis://")
                    .doesNotContain("jdbc:");
        }
        assertThat(gw.get("/health").body()).contains("\"database\"").contains("\"limits\"");
    }

    @Test
    void detailStillNamesThemForTheAdmin() {
        assertThat(gw.get("/health/detail").statusCode()).isEqualTo(401);
        String detail = gw.get("/health/detail", "Authorization", "Bearer " + Gateway.TOKEN).body();
        assertThat(detail).contains(gw.app().database().describe()).contains("127.0.0.1:1");
    }
}
