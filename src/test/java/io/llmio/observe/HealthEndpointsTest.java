package io.llmio.observe;

import java.net.http.HttpResponse;

import io.llmio.proxy.Gateway;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** /health is llmio's own; no Helidon observe endpoint is mounted beside it by service discovery. */
class HealthEndpointsTest {

    @Test
    void onlyOurHealthEndpointsAreServed() {
        try (Gateway gw = Gateway.start("providers: []\nmodels: []\n")) {
            assertThat(gw.get("/health").statusCode()).isEqualTo(200);
            for (String path : new String[]{"/observe/health", "/observe/health/live", "/observe/health/ready"}) {
                HttpResponse<String> r = gw.get(path);
                assertThat(r.statusCode() == 404 || r.body().toLowerCase().contains("<html"))
                        .as(path + " answered " + r.statusCode() + " " + r.body()).isTrue();
            }
        }
    }
}
