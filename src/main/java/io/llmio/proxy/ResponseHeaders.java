package io.llmio.proxy;

import java.util.Locale;
import java.util.Set;


/** Which headers are copied between the client and the upstream, in each direction. */
final class ResponseHeaders {
    /**
     * The upstream response headers a caller gets: an allow-list, so nothing the upstream (or a
     * proxy in front of it) sets by accident reaches callers: its cookies, CORS grants
     * ({@code Access-Control-Allow-Origin: *}), account names ({@code openai-organization},
     * {@code anthropic-organization-id}), server and tracing internals. What is kept is what the
     * official SDKs read:
     * <ul>
     * <li>{@code content-type}: how the body is parsed (JSON or SSE);</li>
     * <li>{@code x-request-id} (OpenAI's SDKs expose it as {@code _request_id}) and
     *     {@code request-id} (Anthropic's SDKs: {@code _request_id} / {@code requestID}), which
     *     the vendors ask for in support cases;</li>
     * <li>{@code retry-after}, {@code retry-after-ms} and {@code x-should-retry}: the retry
     *     decision and delay of the OpenAI and Anthropic SDKs (Stainless {@code _should_retry} /
     *     {@code _parse_retry_after_header}); Google's SDK uses {@code retry-after} too;</li>
     * <li>{@code x-ratelimit-*} (OpenAI and most OpenAI-compatible servers) and
     *     {@code anthropic-ratelimit-*}: the documented rate-limit headers clients throttle on.</li>
     * </ul>
     * Framing ({@code content-length}, {@code transfer-encoding}) is the gateway's own.
     */
    private static final Set<String> RESPONSE_ALLOWED = Set.of(
            "content-type", "x-request-id", "request-id", "retry-after", "retry-after-ms", "x-should-retry");
    private static final String[] RESPONSE_ALLOWED_PREFIXES = {"x-ratelimit-", "anthropic-ratelimit-"};

    /** never forwarded from the client: hop-by-hop, framing, and the caller's own credentials */
    private static final Set<String> REQUEST_SKIP = Set.of(
            "connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade",
            "host", "content-length", "content-encoding", "accept-encoding", "expect", "cookie",
            "authorization", "proxy-authorization", "x-api-key", "x-goog-api-key", "api-key",
            "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-real-ip", "forwarded");

    private ResponseHeaders() {
    }

    /** Whether an upstream response header reaches the caller. */
    static boolean relayed(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (RESPONSE_ALLOWED.contains(n)) {
            return true;
        }
        for (String prefix : RESPONSE_ALLOWED_PREFIXES) {
            if (n.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A client header that belongs to its own vendor's protocol ({@code anthropic-beta},
     * {@code openai-beta}, {@code x-goog-*}, the Stainless SDK's {@code x-stainless-*}): not sent
     * to an upstream of another protocol.
     */
    static boolean vendorSpecific(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.startsWith("anthropic-") || n.startsWith("openai-") || n.startsWith("x-goog-")
                || n.startsWith("x-stainless-") || n.equals("accept");
    }

    static boolean skipFromClient(String name) {
        return REQUEST_SKIP.contains(name.toLowerCase(Locale.ROOT));
    }
}
