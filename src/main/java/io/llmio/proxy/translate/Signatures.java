package io.llmio.proxy.translate;

/**
 * Thinking signatures are bound to the vendor that made them; sending one to the other vendor
 * gets the request rejected. Inside the model a signature carries its vendor
 * ({@code anthropic:…}, {@code gemini:…}). A caller sees its own vendor's signatures unchanged and
 * the other vendor's marked, so when the history comes back each signature goes only to the vendor
 * that can check it, even after a failover between the two. For Anthropic callers (a string field)
 * the mark is a {@code llmio.gemini.} prefix (a dot never occurs in Gemini's base64); for Gemini
 * callers {@code thoughtSignature} is bytes, which Google's SDKs decode as base64, so an Anthropic
 * signature goes out as the base64 of {@code llmio.anthropic.} followed by it.
 */
final class Signatures {
    static final String ANTHROPIC = "anthropic:";
    static final String GEMINI = "gemini:";
    private static final String MARK_ANTHROPIC = "llmio.anthropic.";
    private static final byte[] MARK_ANTHROPIC_BYTES = MARK_ANTHROPIC.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final String MARK_GEMINI = "llmio.gemini.";

    private Signatures() {
    }

    static String ofAnthropic(String sig) {
        return empty(sig) ? null : ANTHROPIC + sig;
    }

    static String ofGemini(String sig) {
        return empty(sig) ? null : GEMINI + sig;
    }

    /** A signature in an Anthropic caller's history: unmarked ones are Anthropic's. */
    static String fromAnthropicCaller(String sig) {
        if (empty(sig)) {
            return null;
        }
        return sig.startsWith(MARK_GEMINI) ? GEMINI + sig.substring(MARK_GEMINI.length()) : ANTHROPIC + sig;
    }

    /** A signature in a Gemini caller's history: unmarked ones are Gemini's. */
    static String fromGeminiCaller(String sig) {
        if (empty(sig)) {
            return null;
        }
        String anthropic = unwrapAnthropic(sig);
        return anthropic != null ? ANTHROPIC + anthropic : GEMINI + sig;
    }

    /** The raw signature for an Anthropic upstream, or null when it is not Anthropic's. */
    static String forAnthropic(String sig) {
        return sig != null && sig.startsWith(ANTHROPIC) ? sig.substring(ANTHROPIC.length()) : null;
    }

    /** The raw signature for a Gemini upstream, or null when it is not Gemini's. */
    static String forGemini(String sig) {
        return sig != null && sig.startsWith(GEMINI) ? sig.substring(GEMINI.length()) : null;
    }

    static String toAnthropicCaller(String sig) {
        if (sig == null) {
            return "";
        }
        return sig.startsWith(GEMINI) ? MARK_GEMINI + sig.substring(GEMINI.length()) : strip(sig);
    }

    static String toGeminiCaller(String sig) {
        if (sig == null) {
            return null;
        }
        if (!sig.startsWith(ANTHROPIC)) {
            return strip(sig);
        }
        byte[] raw = sig.substring(ANTHROPIC.length()).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] marked = java.util.Arrays.copyOf(MARK_ANTHROPIC_BYTES, MARK_ANTHROPIC_BYTES.length + raw.length);
        System.arraycopy(raw, 0, marked, MARK_ANTHROPIC_BYTES.length, raw.length);
        return java.util.Base64.getEncoder().encodeToString(marked);
    }

    /** The Anthropic signature a Gemini caller got from {@link #toGeminiCaller}, or null for a Gemini one. */
    private static String unwrapAnthropic(String sig) {
        byte[] bytes;
        try {
            bytes = java.util.Base64.getDecoder().decode(sig);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (bytes.length <= MARK_ANTHROPIC_BYTES.length
                || !java.util.Arrays.equals(bytes, 0, MARK_ANTHROPIC_BYTES.length, MARK_ANTHROPIC_BYTES, 0,
                                            MARK_ANTHROPIC_BYTES.length)) {
            return null;
        }
        return new String(bytes, MARK_ANTHROPIC_BYTES.length, bytes.length - MARK_ANTHROPIC_BYTES.length,
                          java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static String strip(String sig) {
        int colon = sig.indexOf(':');
        return colon < 0 ? sig : sig.substring(colon + 1);
    }

    private static boolean empty(String sig) {
        return sig == null || sig.isEmpty();
    }
}
