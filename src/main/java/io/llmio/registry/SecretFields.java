package io.llmio.registry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Secrets that hide in ordinary fields: static headers that carry credentials ({@code api-key},
 * {@code Authorization}, {@code Cookie}, anything named like a key, token, secret, password or auth)
 * and the password of a proxy URL. They are shown {@link Secret#mask masked} like an API key, and a
 * masked value sent back (the WebUI's edit round trip, an export re-imported) keeps the stored one.
 */
public final class SecretFields {
    private static final List<String> SECRET_NAME_PARTS = List.of("key", "token", "secret", "auth", "cookie", "passw",
                                                                  "credential", "session", "signature");

    private SecretFields() {
    }

    /** True when a header of this name carries a credential. */
    public static boolean secretHeader(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (String part : SECRET_NAME_PARTS) {
            if (n.contains(part)) {
                return true;
            }
        }
        return false;
    }

    /** The headers with every credential value masked. */
    public static Map<String, String> maskHeaders(Map<String, String> headers) {
        Map<String, String> out = new LinkedHashMap<>();
        headers.forEach((k, v) -> out.put(k, secretHeader(k) ? Secret.mask(v) : v));
        return out;
    }

    /**
     * {@code sent} with each credential value that equals the masked form of the stored value of the
     * same header (names compared ignoring case) replaced by the stored value.
     */
    public static Map<String, String> keepHeaders(Map<String, String> sent, Map<String, String> stored) {
        if (stored.isEmpty()) {
            return sent;
        }
        Map<String, String> out = new LinkedHashMap<>();
        sent.forEach((k, v) -> {
            String old = secretHeader(k) ? storedValue(stored, k) : null;
            out.put(k, old != null && !old.equals(v) && Secret.mask(old).equals(v) ? old : v);
        });
        return out;
    }

    /** The proxy URL with the password of its user info masked ({@code http://user:****@host:3128}). */
    public static String maskProxy(String proxy) {
        int at = userInfoEnd(proxy);
        if (at < 0) {
            return proxy;
        }
        int start = proxy.indexOf("://") + 3;
        String info = proxy.substring(start, at);
        int colon = info.indexOf(':');
        String masked = colon < 0 ? Secret.mask(info) : info.substring(0, colon + 1) + Secret.mask(info.substring(colon + 1));
        return proxy.substring(0, start) + masked + proxy.substring(at);
    }

    /** {@code sent}, or {@code stored} when {@code sent} is the masked form of the stored proxy URL. */
    public static String keepProxy(String sent, String stored) {
        if (sent == null || stored == null || stored.isEmpty() || sent.equals(stored)) {
            return sent;
        }
        return maskProxy(stored).equals(sent) ? stored : sent;
    }

    private static int userInfoEnd(String url) {
        if (url == null) {
            return -1;
        }
        int scheme = url.indexOf("://");
        if (scheme < 0) {
            return -1;
        }
        int slash = url.indexOf('/', scheme + 3);
        int at = url.lastIndexOf('@', slash < 0 ? url.length() : slash);
        return at > scheme + 3 ? at : -1;
    }

    private static String storedValue(Map<String, String> stored, String name) {
        for (Map.Entry<String, String> e : stored.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }
}
