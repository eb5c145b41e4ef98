package io.llmio.proxy.translate;

/**
 * One caller request translated for an upstream of another protocol, and the way back: a
 * generation call ({@link Translator.Call}) or an embeddings call ({@link Embeddings.Call}). The
 * wiring sends {@link #body()} and hands the upstream's answer to one of the other methods.
 */
public sealed interface TranslatedCall permits Translator.Call, Embeddings.Call {
    /** The body to send upstream. */
    byte[] body();

    /** Whether the upstream is asked for an event stream. */
    boolean stream();

    /** Translates a complete 2xx upstream answer; an unreadable one is the caller's 502 ({@code GatewayError}). */
    byte[] response(byte[] upstreamBody, Reply reply);

    /** Translates a non-2xx upstream answer into the caller's envelope and status. */
    Translator.ErrorReply error(int status, byte[] upstreamBody);

    /** A fresh stream translator for this call's 2xx event stream. */
    Translator.StreamTranslator stream(Reply reply);
}
