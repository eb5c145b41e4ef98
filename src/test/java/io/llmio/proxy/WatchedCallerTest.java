package io.llmio.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The listener guard's timeouts and the proxy's watch on a caller waiting for a slow upstream
 * ({@link ClientLink}) together: the guard times the caller's reads, not the proxy's watch, so a
 * slow answer outlasting the body and idle timeouts still reaches a caller that waits for it, and
 * a caller that asked for {@code Connection: close} (or speaks HTTP/1.0) is not taken for gone.
 * Body and idle timeouts 2 s.
 */
class WatchedCallerTest {
    private static final RawUpstream UP = new RawUpstream();
    private static final Gateway GW = Gateway.start(UP.config(RawUpstream.model("slow", 60)), Map.of("LLMIO_BODY_TIMEOUT_SECONDS", "2", "LLMIO_IDLE_TIMEOUT_SECONDS", "2",
                                                "LLMIO_HEADER_TIMEOUT_SECONDS", "2"));
    private static final String CHAT = "{\"model\":\"slow\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String STREAM = "{\"model\":\"slow\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String ANSWER = """
            {"id":"c1","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"hi"}}],\
            "usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}""";

    @AfterAll
    static void stop() {
        GW.close();
        UP.close();
    }

    private static void slowly(long millis) {
        try {
            Thread.sleep(millis); // the upstream is slow: that is the situation under test
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void anAnswerSlowerThanTheBodyAndIdleTimeoutsReachesTheCallerWhole() {
        UP.handler(ex -> {
            slowly(6000);
            ex.respond(200, "application/json", ANSWER.getBytes(StandardCharsets.UTF_8));
        });
        HttpResponse<String> res = GW.post("/v1/chat/completions", CHAT, "Authorization", "Bearer " + Gateway.TOKEN);
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body()).isEqualTo(ANSWER);
    }

    @Test
    void aStreamThatStartsLateAndOutlastsTheIdleTimeoutIsRelayedWhole() {
        byte[] event = "data: {\"id\":\"c1\",\"choices\":[{\"delta\":{\"content\":\"y\"}}]}\n\n".getBytes(StandardCharsets.UTF_8);
        UP.handler(ex -> {
            slowly(1500); // long enough for the gateway to watch the caller
            ex.head(200, "Content-Type", "text/event-stream", "Transfer-Encoding", "chunked");
            for (int i = 0; i < 12; i++) { // 6 s of events, three times the idle timeout
                ex.chunk(event);
                slowly(500);
            }
            ex.chunk("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            ex.endChunks();
        });
        HttpResponse<String> res = GW.post("/v1/chat/completions", STREAM, "Authorization", "Bearer " + Gateway.TOKEN);
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body().split("\"content\":\"y\"", -1)).hasSize(13);
        assertThat(res.body()).endsWith("data: [DONE]\n\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP/1.1\r\nConnection: close", "HTTP/1.0"})
    void aCallerThatSaysItClosesAfterTheAnswerWaitsForASlowOneAndGetsIt(String version) throws IOException {
        UP.handler(ex -> {
            slowly(2500);
            ex.respond(200, "application/json", ANSWER.getBytes(StandardCharsets.UTF_8));
        });
        byte[] body = CHAT.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", GW.app().port())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("POST /v1/chat/completions " + version + "\r\nHost: x\r\nAuthorization: Bearer "
                    + Gateway.TOKEN + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                                                   .getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            in.transferTo(got);
            String answer = got.toString(StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 200").endsWith(ANSWER);
        }
    }
}
