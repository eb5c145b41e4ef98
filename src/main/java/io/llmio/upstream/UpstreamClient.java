package io.llmio.upstream;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.Proxy;
import io.helidon.webclient.api.WebClient;

/**
 * The outbound HTTP client: one pooled keep-alive WebClient for every provider, TCP_NODELAY on
 * (a streamed event must not wait for Nagle), no 100-continue round trip, no redirects, a per
 * request idle timeout, and an optional HTTP proxy per provider. Knows no wire protocol.
 */
public final class UpstreamClient {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final WebClient client;
    private final Map<String, Proxy> proxies = new ConcurrentHashMap<>();

    public UpstreamClient() {
        this.client = WebClient.builder()
                .socketOptions(so -> so.connectTimeout(CONNECT_TIMEOUT)
                        .readTimeout(Duration.ofSeconds(60))
                        .tcpNoDelay(true)
                        .socketKeepAlive(true))
                .connectionCacheSize(1024)
                // held per pooled connection for its whole life; request headers and a typical
                // body still go out in one write, a larger body is written through
                .writeBufferSize(1024)
                .sendExpectContinue(false)
                .followRedirects(false)
                .build();
    }

    /** One request to send upstream. {@code proxy} is an http(s) URL or empty. */
    public record Request(String method, URI uri, Map<String, String> headers, byte[] body, Duration timeout,
                          String proxy) {
    }

    /**
     * Sends the request and returns once the status line and headers arrived. {@code timeout} is
     * the idle read timeout (so it bounds the time to headers, and then the gap between bytes).
     * Close the returned response itself to abort the upstream call at once.
     */
    public HttpClientResponse send(Request r) {
        var req = (r.method().equals("GET") ? client.get() : client.post())
                .uri(r.uri())
                .readTimeout(r.timeout())
                .proxy(proxy(r.proxy()))
                .headers(h -> {
                    r.headers().forEach((k, v) -> h.set(HeaderNames.create(k), v));
                    h.set(HeaderNames.ACCEPT_ENCODING, "identity");
                });
        return r.body() == null ? req.request() : req.submit(r.body());
    }

    private Proxy proxy(String url) {
        if (url == null || url.isBlank()) {
            return Proxy.noProxy();
        }
        return proxies.computeIfAbsent(url, u -> {
            URI uri = URI.create(u);
            int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
            Proxy.Builder b = Proxy.builder().type(Proxy.ProxyType.HTTP).host(uri.getHost()).port(port);
            if (uri.getUserInfo() != null) {
                String[] parts = uri.getUserInfo().split(":", 2);
                b.username(parts[0]);
                if (parts.length > 1) {
                    b.password(parts[1].toCharArray());
                }
            }
            return b.build();
        });
    }
}
