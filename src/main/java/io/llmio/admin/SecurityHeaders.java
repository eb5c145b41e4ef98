package io.llmio.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Browser hardening headers. The WebUI gets a Content-Security-Policy (scripts only from this origin,
 * plus the inline scripts of its own {@code index.html} by SHA-256; no plugins, no foreign base or
 * form targets, no framing), {@code X-Frame-Options: DENY} for older browsers, {@code nosniff} and
 * {@code Referrer-Policy: no-referrer}. Styles may be inline: the UI's components set them at run
 * time. Management JSON gets {@code nosniff} and {@code frame-ancestors 'none'}.
 */
public final class SecurityHeaders {
    private static final Header NOSNIFF = HeaderValues.createCached(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
    private static final Header API_CSP = HeaderValues.createCached(
            HeaderNames.create("Content-Security-Policy"), "default-src 'none'; frame-ancestors 'none'");
    private static final Header FRAME_DENY = HeaderValues.createCached(HeaderNames.create("X-Frame-Options"), "DENY");
    private static final Header NO_REFERRER = HeaderValues.createCached(HeaderNames.create("Referrer-Policy"),
                                                                        "no-referrer");
    private static final Pattern INLINE_SCRIPT = Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>(.*?)</script>",
                                                                 Pattern.DOTALL | Pattern.CASE_INSENSITIVE);

    private SecurityHeaders() {
    }

    /** Handler for management routes: sets the headers and goes on. */
    public static void api(ServerRequest req, ServerResponse res) {
        res.header(NOSNIFF);
        res.header(API_CSP);
        res.next();
    }

    /** Handler for the WebUI's answers, its policy allowing the inline scripts of {@code index} (may be null). */
    public static Handler ui(byte[] index) {
        Header csp = HeaderValues.createCached(HeaderNames.create("Content-Security-Policy"), uiPolicy(index));
        return (req, res) -> {
            res.header(csp);
            res.header(FRAME_DENY);
            res.header(NOSNIFF);
            res.header(NO_REFERRER);
            res.next();
        };
    }

    static String uiPolicy(byte[] index) {
        StringBuilder scripts = new StringBuilder("'self'");
        for (String hash : inlineScriptHashes(index)) {
            scripts.append(" '").append(hash).append('\'');
        }
        return "default-src 'self'; script-src " + scripts + "; style-src 'self' 'unsafe-inline'; "
                + "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
                + "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
    }

    /** {@code sha256-…} of each inline {@code <script>} body, as CSP hashes them (the exact text between the tags). */
    static List<String> inlineScriptHashes(byte[] index) {
        List<String> out = new ArrayList<>();
        if (index == null) {
            return out;
        }
        Matcher m = INLINE_SCRIPT.matcher(new String(index, StandardCharsets.UTF_8));
        while (m.find()) {
            if (m.group(1).isBlank()) {
                continue;
            }
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(m.group(1).getBytes(StandardCharsets.UTF_8));
                out.add("sha256-" + Base64.getEncoder().encodeToString(digest));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }
}
