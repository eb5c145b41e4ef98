package io.llmio.proxy;

import java.net.URI;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.helidon.http.Header;
import io.llmio.proxy.anthropic.AnthropicCodec;
import io.llmio.registry.ProviderUrls;
import io.llmio.proxy.gemini.GeminiCodec;
import io.llmio.registry.Route;
import io.llmio.tracing.AttemptSpan;
import io.llmio.upstream.UpstreamClient;
import io.llmio.proxy.protocol.Family;
import io.llmio.proxy.protocol.Style;
import io.llmio.proxy.protocol.UsageTap;
import io.llmio.proxy.translate.TranslatedCall;

/**
 * Builds the upstream request of one attempt (SPEC §2): the client's body (or, for a route of
 * another protocol, its translation, SPEC §11) with only {@code model} replaced, {@code extra_body}
 * merged and, for OpenAI chat streams, {@code stream_options.include_usage} merged in; the upstream
 * protocol's path and the provider's auth; passthrough and custom headers. Pure.
 */
final class UpstreamRequests {
    private final Map<String, ObjectNode> extraBodies = new java.util.concurrent.ConcurrentHashMap<>();
    /** upstream URLs parsed once: providers × endpoints × models, a bounded set */
    private final Cache<String, URI> uris = Caffeine.newBuilder().maximumSize(10_000).build();

    UpstreamClient.Request build(Call call, Route route) {
        return build(call, route, AttemptSpan.NONE);
    }

    /** As {@link #build(Call, Route)}, carrying the attempt's trace context ({@code traceparent}) upstream. */
    UpstreamClient.Request build(Call call, Route route, AttemptSpan span) {
        var provider = route.provider();
        var association = route.association();
        TranslatedCall translated = call.translation(route);
        Style upstream = call.upstreamStyle(route);
        Map<String, String> headers = new LinkedHashMap<>();
        if (association.withHeader()) {
            for (Header h : call.clientHeaders()) {
                if (!ResponseHeaders.skipFromClient(h.name())
                        && (translated == null || !ResponseHeaders.vendorSpecific(h.name()))) {
                    headers.put(h.name(), h.get());
                }
            }
        }
        headers.put("Content-Type", "application/json");
        if (translated == null) {
            call.clientHeaders().first(io.helidon.http.HeaderNames.ACCEPT).ifPresent(a -> headers.put("Accept", a));
        } else {
            headers.put("Accept", translated.stream() ? "text/event-stream" : "application/json");
        }
        if (upstream.family() == Family.ANTHROPIC) {
            // a caller of another protocol has no anthropic-version or beta flags of its own to pass on
            headers.put("anthropic-version", translated == null ? header(call, "anthropic-version", AnthropicCodec.DEFAULT_VERSION)
                    : AnthropicCodec.DEFAULT_VERSION);
            String beta = translated == null ? header(call, "anthropic-beta", null) : null;
            if (beta != null) {
                headers.put("anthropic-beta", beta);
            }
        }
        headers.putAll(Codecs.of(upstream.family()).upstreamAuth(provider));
        headers.putAll(provider.headers());
        headers.putAll(association.headers());
        span.inject(headers::put);

        String path = upstream.family() == Family.GEMINI
                ? GeminiCodec.modelPath(association.providerModel(), geminiMethod(call, route, translated))
                : upstream.upstreamPath();
        // the caller's query string is its own protocol's (Claude Code's ?beta=true, Gemini's alt=sse)
        String query = translated == null ? call.query()
                : upstream.family() == Family.GEMINI && translated.stream() ? "alt=sse" : "";
        String url = ProviderUrls.url(provider, path, association.providerModel(), query);
        URI uri = query.isEmpty() ? uris.get(url, URI::create) : URI.create(url);
        return new UpstreamClient.Request("POST", uri, headers, body(call, route, upstream, translated),
                                          Duration.ofSeconds(call.model().model().timeoutSeconds()), provider.proxy());
    }

    private static String geminiMethod(Call call, Route route, TranslatedCall translated) {
        if (translated == null) {
            return call.geminiMethod();
        }
        if (call.upstreamStyle(route) == Style.GEMINI_EMBEDDINGS) {
            return "batchEmbedContents"; // the translation writes every input as one request of a batch
        }
        return translated.stream() ? "streamGenerateContent" : "generateContent";
    }

    /**
     * The caller's body (passthrough) or its translation, with only {@code model} replaced,
     * {@code extra_body} merged and, for OpenAI chat streams, {@code stream_options.include_usage}.
     */
    private byte[] body(Call call, Route route, Style upstream, TranslatedCall translated) {
        Map<String, JsonNode> set = new LinkedHashMap<>();
        if (upstream.family() != Family.GEMINI) {
            set.put("model", TextNode.valueOf(route.association().providerModel()));
        }
        ObjectNode extra = extraBody(route);
        for (Iterator<Map.Entry<String, JsonNode>> it = extra.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            set.put(e.getKey(), e.getValue());
        }
        if (translated != null) {
            // the translation asked OpenAI for stream usage already
            return BodyRewriter.rewrite(translated.body(), set);
        }
        if ("batchEmbedContents".equals(call.geminiMethod()) && call.json().get("requests") instanceof ArrayNode reqs) {
            // each request names its model too; Google wants it to match the upstream model
            ArrayNode copy = reqs.deepCopy();
            for (JsonNode r : copy) {
                if (r instanceof ObjectNode o && o.has("model")) {
                    o.put("model", "models/" + GeminiCodec.modelId(route.association().providerModel()));
                }
            }
            set.put("requests", copy);
        }
        if (call.style() == Style.OPENAI_CHAT && call.stream()) {
            JsonNode current = set.containsKey("stream_options") ? set.get("stream_options") : call.json().get("stream_options");
            set.put("stream_options", BodyRewriter.mergedObject(current, Map.of("include_usage", BooleanNode.TRUE)));
        }
        return BodyRewriter.rewrite(call.body(), set);
    }

    private ObjectNode extraBody(Route route) {
        String text = route.association().extraBody();
        if (text.equals("{}")) {
            return UsageTap.JSON.createObjectNode();
        }
        return extraBodies.computeIfAbsent(text, t -> {
            JsonNode n = UsageTap.parse(text);
            return n instanceof ObjectNode o ? o : UsageTap.JSON.createObjectNode();
        });
    }

    private static String header(Call call, String name, String dflt) {
        return call.clientHeaders().first(io.helidon.http.HeaderNames.create(name)).orElse(dflt);
    }
}
