package io.llmio.proxy;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.llmio.errors.GatewayError;
import io.llmio.proxy.protocol.Style;
import io.llmio.proxy.translate.Embeddings;
import io.llmio.proxy.translate.Target;
import io.llmio.proxy.translate.TranslatedCall;
import io.llmio.proxy.translate.Translator;
import io.llmio.registry.ProviderType;
import io.llmio.registry.Route;

/**
 * One request's body translated for the upstream protocols of its cross-type routes (SPEC §11):
 * made once per distinct (upstream style, request settings) before the attempt loop, so each
 * attempt only rewrites {@code model}. Routes of a type that serves the caller's style directly
 * never come here (passthrough, byte for byte).
 */
final class Translations {
    static final Translations NONE = new Translations(null, Map.of(), null);

    /** For each caller style, the provider types that serve it through translation. */
    private static final Map<Style, Set<ProviderType>> CROSS = cross();

    /** What a translation depends on besides the caller's body. */
    record Key(Style upstream, boolean legacyMaxTokens) {
        static Key of(Style caller, Route route) {
            return new Key(upstreamStyle(caller, route.provider().type()), !route.provider().maxCompletionTokens());
        }
    }

    private final Style caller;
    private final Map<Key, TranslatedCall> calls;
    private final GatewayError failure;

    private Translations(Style caller, Map<Key, TranslatedCall> calls, GatewayError failure) {
        this.caller = caller;
        this.calls = calls;
        this.failure = failure;
    }

    /**
     * The protocol a provider of {@code type} is spoken to for a {@code caller} of another type: an
     * embeddings endpoint for embeddings callers (OpenAI's {@code /embeddings}, Gemini's
     * {@code :batchEmbedContents}), else the type's generation protocol ({@link Style#speaking}).
     */
    static Style upstreamStyle(Style caller, ProviderType type) {
        if (!embeddings(caller)) {
            return Style.speaking(type);
        }
        return switch (type) {
            case OPENAI, AZURE -> Style.OPENAI_EMBEDDINGS;
            case GEMINI -> Style.GEMINI_EMBEDDINGS;
            case OPENAI_RESPONSES, ANTHROPIC -> null;
        };
    }

    private static boolean embeddings(Style s) {
        return s == Style.OPENAI_EMBEDDINGS || s == Style.GEMINI_EMBEDDINGS;
    }

    private static boolean translates(Style caller, Style upstream) {
        return upstream != null && (embeddings(caller) ? Embeddings.supports(caller, upstream)
                : Translator.supports(caller, upstream));
    }

    private static Map<Style, Set<ProviderType>> cross() {
        Map<Style, Set<ProviderType>> out = new EnumMap<>(Style.class);
        for (Style caller : Style.values()) {
            Set<ProviderType> types = EnumSet.noneOf(ProviderType.class);
            for (ProviderType t : ProviderType.values()) {
                if (!caller.servedBy().contains(t) && translates(caller, upstreamStyle(caller, t))) {
                    types.add(t);
                }
            }
            out.put(caller, Set.copyOf(types));
        }
        return out;
    }

    /**
     * The provider types that serve {@code caller} through translation (empty for a method that has
     * no translation, such as Gemini's {@code countTokens}).
     */
    static Set<ProviderType> crossTypes(Style caller, String geminiMethod) {
        if (geminiMethod != null && !List.of("generateContent", "streamGenerateContent", "embedContent",
                "batchEmbedContents").contains(geminiMethod)) {
            return Set.of();
        }
        return CROSS.get(caller);
    }

    /**
     * Translates {@code body} once for each distinct {@link Key} of {@code routes}. A translation
     * that fails is remembered (its 400 names the field) and its routes are left out of {@link #usable}.
     *
     * @param geminiMethod a Gemini caller's method (its URL says whether it streams, or batches embeddings),
     *                     null for protocols that say it in the body
     */
    static Translations of(Style caller, byte[] body, String geminiMethod, List<Route> routes, int defaultMaxTokens) {
        Boolean callerStreams = geminiMethod == null ? null : geminiMethod.equals("streamGenerateContent");
        Map<Key, TranslatedCall> calls = new HashMap<>();
        GatewayError failure = null;
        Set<Key> failed = new java.util.HashSet<>();
        for (Route r : routes) {
            Key key = Key.of(caller, r);
            if (calls.containsKey(key) || failed.contains(key)) {
                continue;
            }
            try {
                String model = r.association().providerModel();
                calls.put(key, embeddings(caller)
                        ? Embeddings.of(caller, key.upstream()).request(body, model, "batchEmbedContents".equals(geminiMethod))
                        : Translator.of(caller, key.upstream()).request(body,
                                new Target(model, defaultMaxTokens, key.legacyMaxTokens()), callerStreams));
            } catch (GatewayError e) {
                failed.add(key);
                failure = failure == null ? e : failure;
            }
        }
        return new Translations(caller, Map.copyOf(calls), failure);
    }

    /** The routes whose translation succeeded, in their order. */
    List<Route> usable(List<Route> routes) {
        if (failure == null) {
            return routes;
        }
        List<Route> out = new ArrayList<>(routes.size());
        for (Route r : routes) {
            if (calls.containsKey(Key.of(caller, r))) {
                out.add(r);
            }
        }
        return out;
    }

    /** The first translation failure (a 400 naming the field), or null. */
    GatewayError failure() {
        return failure;
    }

    /** The translated call for a cross-type route. */
    TranslatedCall of(Route route) {
        TranslatedCall c = calls.get(Key.of(caller, route));
        if (c == null) {
            throw new IllegalStateException("no translation for route " + route.id());
        }
        return c;
    }
}
