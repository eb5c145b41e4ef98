package io.llmio.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmio.mock.MockProtocol;
import io.llmio.mock.MockUpstream;
import io.llmio.mock.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import io.llmio.proxy.protocol.UsageTap;

/** What travels upstream: headers (passthrough, custom, provider), extra_body, and the per-provider HTTP proxy. */
class ForwardingTest {
    private static final MockUpstream MOCK = MockUpstream.start("up-key");
    private static final ForwardProxy PROXY = new ForwardProxy();
    private static final Gateway GW = Gateway.start("""
            providers:
              - name: plain
                type: openai
                base-url: %1$s
                api-key: up-key
                headers: {X-Provider: from-provider}
              - name: proxied
                type: openai
                base-url: %1$s
                api-key: up-key
                proxy: http://127.0.0.1:%2$d
            models:
              - name: pass
                providers:
                  - provider: plain
                    model: up-pass
                    with-header: true
                    headers: {X-Custom: from-association, X-Provider: association-wins}
                    extra-body: {temperature: 0.1, metadata: {team: a}}
              - name: nopass
                providers:
                  - {provider: plain, model: up-nopass}
              - name: via-proxy
                providers:
                  - {provider: proxied, model: up-proxied}
            """.formatted(MOCK.baseUrl(MockProtocol.OPENAI), PROXY.port()));

    @AfterAll
    static void stop() throws IOException {
        GW.close();
        MOCK.close();
        PROXY.close();
    }

    @BeforeEach
    void reset() {
        MOCK.reset();
    }

    @Test
    void headerPassthroughCopiesClientHeadersButNeverTheCallersKey() {
        var res = GW.post("/v1/chat/completions", "{\"model\":\"pass\",\"temperature\":0.9,\"messages\":[]}",
                          "Authorization", "Bearer " + Gateway.TOKEN, "X-Client-Trace", "abc",
                          "OpenAI-Organization", "org-1", "Cookie", "session=secret");
        assertThat(res.statusCode()).isEqualTo(200);
        RecordedRequest up = MOCK.lastRequest();
        assertThat(up.header("x-client-trace")).hasValue("abc");
        assertThat(up.header("openai-organization")).hasValue("org-1");
        assertThat(up.header("cookie")).isEmpty();
        assertThat(up.header("authorization")).hasValue("Bearer up-key");
        assertThat(up.header("x-custom")).hasValue("from-association");
        assertThat(up.header("x-provider")).hasValue("association-wins");
        assertThat(String.join(" ", up.headers().values().stream().flatMap(List::stream).toList()))
                .doesNotContain(Gateway.TOKEN);
        // extra_body keys are merged into the body, overriding the client's
        JsonNode body = UsageTap.parse(up.body());
        assertThat(body.get("temperature").asDouble()).isEqualTo(0.1);
        assertThat(body.get("metadata").get("team").asText()).isEqualTo("a");
        assertThat(body.get("model").asText()).isEqualTo("up-pass");
    }

    @Test
    void withoutPassthroughOnlyTheGatewaysHeadersGo() {
        GW.post("/v1/chat/completions", "{\"model\":\"nopass\",\"messages\":[]}",
                "Authorization", "Bearer " + Gateway.TOKEN, "X-Client-Trace", "abc");
        RecordedRequest up = MOCK.lastRequest();
        assertThat(up.header("x-client-trace")).isEmpty();
        assertThat(up.header("x-provider")).hasValue("from-provider");
        assertThat(up.body()).isEqualTo("{\"model\":\"up-nopass\",\"messages\":[]}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aProviderWithAProxyIsReachedThroughIt() {
        var res = GW.post("/v1/chat/completions", "{\"model\":\"via-proxy\",\"messages\":[]}",
                          "Authorization", "Bearer " + Gateway.TOKEN);
        assertThat(res.statusCode()).as(res.body() + " " + PROXY.requestLines).isEqualTo(200);
        assertThat(PROXY.requestLines).anySatisfy(line -> assertThat(line)
                .startsWith("POST " + MOCK.baseUrl(MockProtocol.OPENAI) + "/chat/completions"));
        assertThat(UsageTap.parse(MOCK.lastRequest().body()).get("model").asText()).isEqualTo("up-proxied");
    }

    /** A minimal HTTP forward proxy: absolute-URI requests, one per connection, piped both ways. */
    static final class ForwardProxy implements AutoCloseable {
        final List<String> requestLines = new CopyOnWriteArrayList<>();
        private final ServerSocket server;

        ForwardProxy() {
            try {
                server = new ServerSocket();
                server.bind(new InetSocketAddress("127.0.0.1", 0));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket client = server.accept();
                        Thread.ofVirtual().start(() -> handle(client));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        int port() {
            return server.getLocalPort();
        }

        private void handle(Socket client) {
            try (client; InputStream in = client.getInputStream()) {
                String line = readLine(in);
                requestLines.add(line);
                String[] parts = line.split(" ");
                URI target = URI.create(parts[1]);
                try (Socket upstream = new Socket(target.getHost(), target.getPort())) {
                    OutputStream up = upstream.getOutputStream();
                    up.write((parts[0] + " " + target.getRawPath() + " " + parts[2] + "\r\n")
                                     .getBytes(StandardCharsets.ISO_8859_1));
                    Thread pump = Thread.ofVirtual().start(() -> {
                        try {
                            upstream.getInputStream().transferTo(client.getOutputStream());
                            client.shutdownOutput();
                        } catch (IOException ignored) {
                            // one side closed
                        }
                    });
                    in.transferTo(up);
                    pump.join();
                }
            } catch (IOException | InterruptedException | RuntimeException ignored) {
                // connection ended
            }
        }

        private static String readLine(InputStream in) throws IOException {
            StringBuilder sb = new StringBuilder();
            for (int c = in.read(); c != '\n' && c >= 0; c = in.read()) {
                if (c != '\r') {
                    sb.append((char) c);
                }
            }
            return sb.toString();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
