package io.llmio.registry;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;


/**
 * Replaces every known secret in upstream text before it reaches a caller, a log row, health detail
 * or the management API (SPEC §4.3): provider API keys, static header values that carry credentials
 * (by header name, or a value with an auth scheme), proxy passwords, and the admin token. Built once
 * per registry snapshot, never per request; each secret is also matched in its JSON-escaped and
 * percent-encoded forms. Values shorter than {@link #MIN_LENGTH} are not searched (they would garble
 * ordinary text and cannot be protected by redaction anyway). Immutable and thread-safe.
 */
public final class Redactor {
    public static final String MARK = "[REDACTED]";
    static final int MIN_LENGTH = 6;
    public static final Redactor NONE = new Redactor(List.of());

    /** longest first, so that a secret containing another is replaced whole */
    private final List<String> secrets;

    private Redactor(List<String> secrets) {
        this.secrets = secrets;
    }

    /** The secrets of every provider and association of the snapshot, plus the admin token. */
    public static Redactor of(RegistrySnapshot snapshot, Secret adminToken) {
        Set<String> found = new LinkedHashSet<>();
        add(found, adminToken.value());
        for (Provider p : snapshot.providers()) {
            addProvider(found, p);
        }
        for (RegistrySnapshot.ModelEntry e : snapshot.models()) {
            for (Route r : e.routes()) {
                addHeaders(found, r.association().headers());
            }
        }
        return of(found);
    }

    /** One provider's secrets (for a provider not yet in a snapshot). */
    public static Redactor of(Provider provider) {
        Set<String> found = new LinkedHashSet<>();
        addProvider(found, provider);
        return of(found);
    }

    public static Redactor of(Collection<String> values) {
        Set<String> forms = new LinkedHashSet<>();
        for (String v : values) {
            if (v.length() < MIN_LENGTH) {
                continue;
            }
            forms.add(v);
            forms.add(jsonEscaped(v));
            forms.add(URLEncoder.encode(v, StandardCharsets.UTF_8));
        }
        forms.removeIf(f -> f.length() < MIN_LENGTH);
        List<String> sorted = new ArrayList<>(forms);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        return sorted.isEmpty() ? NONE : new Redactor(List.copyOf(sorted));
    }

    /** This redactor and {@code other} together. */
    public Redactor and(Redactor other) {
        if (other.secrets.isEmpty()) {
            return this;
        }
        if (secrets.isEmpty()) {
            return other;
        }
        Set<String> all = new LinkedHashSet<>(secrets);
        all.addAll(other.secrets);
        return of(all);
    }

    /** The text with every secret replaced by {@link #MARK}; the same instance when there is none. */
    public String redact(String text) {
        if (text == null || text.isEmpty() || secrets.isEmpty()) {
            return text;
        }
        String out = text;
        for (String s : secrets) {
            if (out.contains(s)) {
                out = out.replace(s, MARK);
            }
        }
        return out;
    }

    /** UTF-8 bytes with every secret replaced; the same array when there is none. */
    public byte[] redact(byte[] body) {
        if (body == null || body.length < MIN_LENGTH || secrets.isEmpty()) {
            return body;
        }
        String text = new String(body, StandardCharsets.UTF_8);
        String out = redact(text);
        return out == text ? body : out.getBytes(StandardCharsets.UTF_8);
    }

    private static void addProvider(Set<String> found, Provider p) {
        add(found, p.apiKey().value());
        addHeaders(found, p.headers());
        String proxy = p.proxy();
        if (!proxy.isEmpty()) {
            try {
                String userInfo = URI.create(proxy).getRawUserInfo();
                int colon = userInfo == null ? -1 : userInfo.indexOf(':');
                if (colon >= 0) {
                    String password = userInfo.substring(colon + 1);
                    add(found, password);
                    add(found, URLDecoder.decode(password, StandardCharsets.UTF_8));
                    add(found, userInfo);
                    // Proxy-Authorization: Basic base64(user:password)
                    add(found, Base64.getEncoder().encodeToString(
                            URLDecoder.decode(userInfo, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8)));
                }
            } catch (IllegalArgumentException ignored) {
                // an unparsable proxy URL is refused when it is saved; nothing to find in it here
            }
        }
    }

    private static void addHeaders(Set<String> found, Map<String, String> headers) {
        headers.forEach((name, value) -> {
            String v = value == null ? "" : value.strip();
            int space = v.indexOf(' ');
            String scheme = space < 0 ? "" : v.substring(0, space).toLowerCase(Locale.ROOT);
            boolean schemed = scheme.equals("bearer") || scheme.equals("basic") || scheme.equals("token")
                    || scheme.equals("apikey") || scheme.equals("key");
            if (schemed) {
                add(found, v);
                add(found, v.substring(space + 1).strip());
            } else if (SecretFields.secretHeader(name)) {
                add(found, v);
            }
        });
    }


    private static void add(Set<String> found, String value) {
        if (value != null && value.strip().length() >= MIN_LENGTH) {
            found.add(value.strip());
        }
    }

    private static String jsonEscaped(String v) {
        StringBuilder sb = new StringBuilder(v.length() + 8);
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '/' -> sb.append("\\/");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
