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
 * headers, and an SPA fallback that answers {@code index.html} for client-side routes (never for
 * the API, proxy or health paths, which keep their own 404s). Every answer carries the
 * {@link SecurityHeaders#ui(byte[]) UI's security headers}.
 */
public final class WebUi {
    private static final String ROOT = "web";
    private static final String[] NOT_UI = {"/api", "/v1", "/openai", "/anthropic", "/gemini", "/health", "/metrics"};

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
            return;
        }
        routing.any("/assets/*", (req, res) -> {
            res.header(HeaderNames.CACHE_CONTROL, "public, max-age=31536000, immutable");
            res.next();
        });
        routing.register("/", StaticContentService.builder(root).welcomeFileName("index.html").build());
        routing.route(Method.GET, "/*", (req, res) -> {
            String path = req.path().path();
            for (String prefix : NOT_UI) {
                if (path.equals(prefix) || path.startsWith(prefix + "/")) {
                    res.next();
                    return;
                }
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

    private static byte[] index(String root) {
        try (InputStream in = WebUi.class.getClassLoader().getResourceAsStream(root + "/index.html")) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
