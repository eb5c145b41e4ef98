package io.llmio.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.staticcontent.StaticContentService;

/**
 * The WebUI built from {@code ui/} into the jar under {@code web/}: hashed assets with long-cache
 * headers, and an SPA fallback that answers {@code index.html} for client-side routes only: an API,
 * proxy, health or metrics path no route took is a JSON 404 (registered last, so a probe of
 * {@code /healthz} cannot "pass" on the page), with or without the UI built in. Every answer carries the
 * {@link SecurityHeaders#ui(byte[]) UI's security headers}.
 */
public final class WebUi {
    private static final String ROOT = "web";
    /** the first path segment of the API, proxy and health paths: never the WebUI's */
    private static final String[] NOT_UI = {"/api", "/v1", "/openai", "/anthropic", "/gemini"};
    /** path prefixes that are never the WebUI's, whatever follows ({@code /healthz}, {@code /metrics2}) */
    private static final String[] NOT_UI_PREFIX = {"/health", "/metrics"};

    private WebUi() {
    }

    public static void register(HttpRouting.Builder routing) {
        register(routing, ROOT);
    }

    /** As {@link #register(HttpRouting.Builder)}, serving the classpath folder {@code root}. */
    public static void register(HttpRouting.Builder routing, String root) {
        byte[] index = index(root);
        routing.any("/*", SecurityHeaders.ui(index));
        if (index == null) {
            routing.get("/", (req, res) -> res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                    .send("llmio is running. The WebUI was not built into this jar (built with -Dskip.ui=true).\n"));
        } else {
            routing.any("/assets/*", (req, res) -> {
                res.header(HeaderNames.CACHE_CONTROL, "public, max-age=31536000, immutable");
                res.next();
            });
            routing.register("/", StaticContentService.builder(root).welcomeFileName("index.html").build());
            routing.route(Method.GET, "/*", (req, res) -> {
                String path = req.path().path();
                if (!isUi(path)) {
                    res.next();
                    return;
                }
                if (path.startsWith("/assets/")) {
                    res.status(Status.NOT_FOUND_404).send();
                    return;
                }
                res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
                res.header(HeaderNames.CACHE_CONTROL, "no-cache");
                res.send(index);
            });
        }
        // an API-looking path no route took (a probe of /healthz must not "pass" on the WebUI's page); the proxy
        // answers unknown paths below its own prefixes earlier, in its protocols' envelopes
        routing.any("/*", (req, res) -> {
            String path = req.path().path();
            if (isUi(path)) {
                res.next();
                return;
            }
            Api.error(res, 404, "not_found", "no route " + req.prologue().method().text() + " " + path);
        });
    }

    /** Whether {@code path} may be a client-side route of the WebUI (else it is an API, proxy or health path). */
    static boolean isUi(String path) {
        for (String prefix : NOT_UI) {
            if (path.equals(prefix) || path.startsWith(prefix + "/")) {
                return false;
            }
        }
        for (String prefix : NOT_UI_PREFIX) {
            if (path.startsWith(prefix)) {
                return false;
            }
        }
        return true;
    }

    private static byte[] index(String root) {
        try (InputStream in = WebUi.class.getClassLoader().getResourceAsStream(root + "/index.html")) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
