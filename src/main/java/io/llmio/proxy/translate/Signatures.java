package io.llmio.proxy.translate;

/**
 * Thinking signatures are bound to the vendor that made them; sending one to another vendor gets
 * the request rejected. Inside the model a signature carries its vendor ({@code anthropic:…},
 * {@code gemini:…}, {@code openai:…}). A caller sees its own vendor's signatures unchanged and the
 * others' with a {@code llmio.<vendor>.} mark (a dot never occurs in any vendor's base64), so when
 * the history comes back each signature goes only to the vendor that can check it, even after a
 * failover between them. Gemini's {@code thoughtSignature} is a bytes field that Google's SDKs
 * decode as base64, so a Gemini caller gets the base64 of the marked bytes instead (a plain
 * prefix made google-genai fail with "Failed to deserialize the JSON node"; found by the
 * conformance matrix).
 *
 * <p>OpenAI's "signature" is a Responses reasoning item: its {@code id} and its
 * {@code encrypted_content}, kept as {@code <id>.<encrypted_content>}.
 */
final class Signatures {
    /** A vendor whose thinking carries a signature only it can check. */
    enum Vendor {
        ANTHROPIC("anthropic"), GEMINI("gemini"), OPENAI("openai");

        final String prefix;
        final String mark;

        Vendor(String name) {
            this.prefix = name + ":";
            this.mark = "llmio." + name + ".";
        }
    }

    private Signatures() {
    }

    /** A signature the vendor made (from its upstream answer). */
    static String of(Vendor vendor, String sig) {
        return empty(sig) ? null : vendor.prefix + sig;
    }

    /** A signature in the history of a caller speaking {@code own}'s protocol: unmarked ones are its own. */
    static String fromCaller(Vendor own, String sig) {
        if (empty(sig)) {
            return null;
        }
        String text = own == Vendor.GEMINI ? unwrapBytes(sig) : sig;
        for (Vendor v : Vendor.values()) {
            if (v != own && text != null && text.startsWith(v.mark)) {
                return v.prefix + text.substring(v.mark.length());
            }
        }
        return own.prefix + sig;
    }

    /** The text inside a Gemini caller's base64 signature when it is one of ours (marked), else null. */
    private static String unwrapBytes(String sig) {
        byte[] bytes;
        try {
            bytes = java.util.Base64.getDecoder().decode(sig);
        } catch (IllegalArgumentException e) {
            return null;
        }
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        return text.startsWith("llmio.") ? text : null;
    }

    /** The raw signature for an upstream of {@code vendor}, or null when it is another vendor's. */
    static String forVendor(Vendor vendor, String sig) {
        return sig != null && sig.startsWith(vendor.prefix) ? sig.substring(vendor.prefix.length()) : null;
    }

    /** The signature as a caller speaking {@code own}'s protocol sees it; null when there is none. */
    static String toCaller(Vendor own, String sig) {
        if (sig == null) {
            return null;
        }
        for (Vendor v : Vendor.values()) {
            if (sig.startsWith(v.prefix)) {
                String raw = sig.substring(v.prefix.length());
                if (v == own) {
                    return raw;
                }
                return own == Vendor.GEMINI
                        ? java.util.Base64.getEncoder().encodeToString((v.mark + raw).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))
                        : v.mark + raw;
            }
        }
        return sig;
    }

    static String ofAnthropic(String sig) {
        return of(Vendor.ANTHROPIC, sig);
    }

    static String ofGemini(String sig) {
        return of(Vendor.GEMINI, sig);
    }

    static String fromAnthropicCaller(String sig) {
        return fromCaller(Vendor.ANTHROPIC, sig);
    }

    static String fromGeminiCaller(String sig) {
        return fromCaller(Vendor.GEMINI, sig);
    }

    static String forAnthropic(String sig) {
        return forVendor(Vendor.ANTHROPIC, sig);
    }

    static String forGemini(String sig) {
        return forVendor(Vendor.GEMINI, sig);
    }

    /** Anthropic's {@code signature} field is always present: {@code ""} when there is none. */
    static String toAnthropicCaller(String sig) {
        String s = toCaller(Vendor.ANTHROPIC, sig);
        return s == null ? "" : s;
    }

    static String toGeminiCaller(String sig) {
        return toCaller(Vendor.GEMINI, sig);
    }

    private static boolean empty(String sig) {
        return sig == null || sig.isEmpty();
    }
}
