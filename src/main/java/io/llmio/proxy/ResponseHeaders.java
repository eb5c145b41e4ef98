package io.llmio.proxy;

import java.util.Locale;
import java.util.Set;


/** Which headers are not copied between the client and the upstream in either direction. */
final class ResponseHeaders {
    /** hop-by-hop (RFC 9110 §7.6.1) and those the gateway sets itself */
    private static final Set<String> RESPONSE_SKIP = Set.of(
            "connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade",
            "content-length", "content-encoding", "set-cookie", "date", "server", "alt-svc",
            "strict-transport-security", "via");

    /** never forwarded from the client: hop-by-hop, framing, and the caller's own credentials */
    private static final Set<String> REQUEST_SKIP = Set.of(
            "connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade",
            "host", "content-length", "content-encoding", "accept-encoding", "expect", "cookie",
            "authorization", "proxy-authorization", "x-api-key", "x-goog-api-key", "api-key",
            "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-real-ip", "forwarded");

    private ResponseHeaders() {
    }

    static boolean skip(String name) {
        return RESPONSE_SKIP.contains(name.toLowerCase(Locale.ROOT));
    }

    static boolean skipFromClient(String name) {
        return REQUEST_SKIP.contains(name.toLowerCase(Locale.ROOT));
    }
}
