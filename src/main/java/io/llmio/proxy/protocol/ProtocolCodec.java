package io.llmio.proxy.protocol;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.http.ServerRequest;
import io.llmio.registry.Model;
import io.llmio.registry.Provider;
import io.llmio.registry.Needs;

/** What differs between the OpenAI, Anthropic and Gemini families. Pure apart from reading the request. */
public interface ProtocolCodec {

    Family family();

    /** The caller key where this protocol's clients send it, or null. */
    String callerKey(ServerRequest req);

    /** The error envelope of this protocol for a gateway error (the message already has the trace id). */
    byte[] error(int status, String message, String param);

    /**
     * The status this protocol's vendor answers when an account is out of credit or over its spend limit, used
     * for an API key over its budget: OpenAI 429 {@code insufficient_quota}, Anthropic 402 {@code billing_error},
     * Gemini 429 {@code RESOURCE_EXHAUSTED}.
     */
    int quotaStatus();

    /** The body of that answer (the message already has the trace id). */
    byte[] quotaError(String message);

    /** A protocol-correct event that ends a broken stream. */
    byte[] streamError(Style style, int status, String message);

    /**
     * The bytes that end a broken JSON-array stream (Gemini's {@code streamGenerateContent} without
     * {@code alt=sse}); only a protocol that streams such arrays overrides it.
     */
    default byte[] arrayStreamError(int status, String message) {
        throw new UnsupportedOperationException(family() + " does not stream JSON arrays");
    }

    /** Headers that authenticate llmio to the provider. */
    Map<String, String> upstreamAuth(Provider provider);

    /** A fresh usage tap for one answer of this style. */
    UsageTap usageTap(Style style);

    /** What the request needs from an association: tools, structured output, images (SPEC §4.1). */
    Needs needs(Style style, JsonNode body);

    /** The model list response of this protocol. */
    byte[] modelList(List<Model> models);

    /** A JSON array with at least one element (e.g. a request's {@code tools}). */
    static boolean nonEmptyArray(JsonNode n) {
        return n != null && n.isArray() && !n.isEmpty();
    }
}
