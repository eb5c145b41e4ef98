package io.llmio.proxy.translate;

/**
 * Thinking signatures are bound to the vendor that made them; sending one to the other vendor
 * gets the request rejected. Inside the model a signature carries its vendor
 * ({@code anthropic:…}, {@code gemini:…}). A caller sees its own vendor's signatures unchanged and
 * the other vendor's with a {@code llmio.<vendor>.} mark (a dot never occurs in either vendor's
 * base64), so when the history comes back each signature goes only to the vendor that can check
 * it, even after a failover between the two.
 */
final class Signatures {
    static final String ANTHROPIC = "anthropic:";
    static final String GEMINI = "gemini:";
    private static final String MARK_ANTHROPIC = "llmio.anthropic.";
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
        return sig.startsWith(MARK_ANTHROPIC) ? ANTHROPIC + sig.substring(MARK_ANTHROPIC.length()) : GEMINI + sig;
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
        return sig.startsWith(ANTHROPIC) ? MARK_ANTHROPIC + sig.substring(ANTHROPIC.length()) : strip(sig);
    }

    private static String strip(String sig) {
        int colon = sig.indexOf(':');
        return colon < 0 ? sig : sig.substring(colon + 1);
    }

    private static boolean empty(String sig) {
        return sig == null || sig.isEmpty();
    }
}
