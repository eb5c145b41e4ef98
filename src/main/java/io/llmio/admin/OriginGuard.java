package io.llmio.admin;

import java.net.URI;
import java.util.Locale;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmio.limits.ClientIpResolver;

/**
 * Cross-site request forgery guard in front of {@code /api/*}, with or without a TOKEN (a browser
 * holding the token in its session is the same risk as the open first-run default). A state-changing
 * request (POST, PUT, PATCH, DELETE) is refused with 403 when the browser says it comes from another
 * site ({@code Sec-Fetch-Site: cross-site} or {@code same-site}) or its {@code Origin} is not this
 * server's own (scheme-default port aware; {@code X-Forwarded-Host} counts only from a
 * {@code TRUSTED_PROXIES} peer). Clients that send neither header (curl, SDKs, scripts) pass.
 * A body must be JSON ({@code application/json} or {@code +json}; the config import also takes
 * YAML), else 415: the content types a page can post without a CORS preflight never reach a handler.
 */
public final class OriginGuard implements Handler {
    private static final HeaderName SEC_FETCH_SITE = HeaderNames.create("Sec-Fetch-Site");
    private static final HeaderName X_FORWARDED_HOST = HeaderNames.create("X-Forwarded-Host");
    private static final String IMPORT = "/api/config/import";

    private final ClientIpResolver proxies;

    public OriginGuard(ClientIpResolver proxies) {
        this.proxies = proxies;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        Method m = req.prologue().method();
        if (!(m == Method.POST || m == Method.PUT || m == Method.PATCH || m == Method.DELETE)) {
            res.next();
            return;
        }
        String site = req.headers().first(SEC_FETCH_SITE).orElse("").trim().toLowerCase(Locale.ROOT);
        if (site.equals("cross-site") || site.equals("same-site")) {
            Api.error(res, 403, "forbidden", "cross-site request refused: the management API takes state-changing "
                    + "requests only from the WebUI's own origin or from non-browser clients");
            return;
        }
        String origin = req.headers().first(HeaderNames.ORIGIN).orElse(null);
        if (origin != null && !sameOrigin(origin.trim(), req)) {
            Api.error(res, 403, "forbidden", "cross-origin request refused: Origin " + shorten(origin)
                    + " is not this server's (behind a reverse proxy, pass the Host header through, or send "
                    + "X-Forwarded-Host from an address in TRUSTED_PROXIES)");
            return;
        }
        if (req.content().hasEntity()) {
            String type = req.headers().first(HeaderNames.CONTENT_TYPE).orElse("");
            boolean imports = req.path().path().equals(IMPORT);
            if (!(json(type) || (imports && yaml(type)))) {
                Api.error(res, 415, "unsupported_media_type", "Content-Type must be application/json"
                        + (imports ? " or application/yaml (text/yaml)" : "") + ", got "
                        + (type.isBlank() ? "none" : "`" + shorten(type) + "`"));
                return;
            }
        }
        res.next();
    }

    private boolean sameOrigin(String origin, ServerRequest req) {
        URI uri;
        try {
            uri = URI.create(origin);
        } catch (IllegalArgumentException e) {
            return false; // includes "null" (sandboxed frames, file: pages)
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
            return false;
        }
        int dflt = scheme.equals("https") ? 443 : 80;
        String expected = authority(uri.getHost(), uri.getPort() < 0 ? dflt : uri.getPort());
        String host = req.headers().first(HeaderNames.HOST).orElse("");
        String forwarded = req.headers().first(X_FORWARDED_HOST).orElse(null);
        if (forwarded != null && proxies.trusts(req.remotePeer().host())) {
            host = forwarded.split(",")[0];
        }
        return expected.equals(hostHeader(host.trim(), dflt));
    }

    /** {@code host:port} of a Host header, lower case, the port defaulted. */
    private static String hostHeader(String host, int dflt) {
        int colon = host.lastIndexOf(':');
        int bracket = host.lastIndexOf(']');
        if (colon > bracket && colon >= 0) {
            try {
                return authority(host.substring(0, colon), Integer.parseInt(host.substring(colon + 1)));
            } catch (NumberFormatException e) {
                return "";
            }
        }
        return authority(host, dflt);
    }

    private static String authority(String host, int port) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h + ":" + port;
    }

    private static boolean json(String contentType) {
        String t = mediaType(contentType);
        return t.equals("application/json") || (t.startsWith("application/") && t.endsWith("+json"));
    }

    private static boolean yaml(String contentType) {
        String t = mediaType(contentType);
        return t.equals("application/yaml") || t.equals("application/x-yaml") || t.equals("text/yaml")
                || t.equals("text/x-yaml");
    }

    private static String mediaType(String contentType) {
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    private static String shorten(String s) {
        String v = s.replaceAll("[\\p{Cntrl}]", "?");
        return v.length() <= 100 ? v : v.substring(0, 100) + "…";
    }
}
