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
import io.llmio.proxy.translate.Target;
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
    static final Translations NONE = new Translations(Map.of(), null);

    /** For each caller style, the provider types that serve it through translation. */
    private static final Map<Style, Set<ProviderType>> CROSS = cross();

    /** What a translation depends on besides the caller's body. */
    record Key(Style upstream, boolean legacyMaxTokens) {
        static Key of(Route route) {
            return new Key(Style.speaking(route.provider().type()), !route.provider().maxCompletionTokens());
        }
    }

    private final Map<Key, Translator.Call> calls;
    private final GatewayError failure;

    private Translations(Map<Key, Translator.Call> calls, GatewayError failure) {
        this.calls = calls;
        this.failure = failure;
    }

    private static Map<Style, Set<ProviderType>> cross() {
        Map<Style, Set<ProviderType>> out = new EnumMap<>(Style.class);
        for (Style caller : Style.values()) {
            Set<ProviderType> types = EnumSet.noneOf(ProviderType.class);
            for (ProviderType t : ProviderType.values()) {
                if (!caller.servedBy().contains(t) && Translator.supports(caller, Style.speaking(t))) {
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
        if (geminiMethod != null && !geminiMethod.equals("generateContent") && !geminiMethod.equals("streamGenerateContent")) {
            return Set.of();
        }
        return CROSS.get(caller);
    }

    /**
     * Translates {@code body} once for each distinct {@link Key} of {@code routes}. A translation
     * that fails is remembered (its 400 names the field) and its routes are left out of {@link #usable}.
     *
     * @param callerStreams the Gemini caller's method choice, null for protocols that say it in the body
     */
    static Translations of(Style caller, byte[] body, Boolean callerStreams, List<Route> routes, int defaultMaxTokens) {
        Map<Key, Translator.Call> calls = new HashMap<>();
        GatewayError failure = null;
        Set<Key> failed = new java.util.HashSet<>();
        for (Route r : routes) {
            Key key = Key.of(r);
            if (calls.containsKey(key) || failed.contains(key)) {
                continue;
            }
            try {
                Target target = new Target(r.association().providerModel(), defaultMaxTokens, key.legacyMaxTokens());
                calls.put(key, Translator.of(caller, key.upstream()).request(body, target, callerStreams));
            } catch (GatewayError e) {
                failed.add(key);
                failure = failure == null ? e : failure;
            }
        }
        return new Translations(Map.copyOf(calls), failure);
    }

    /** The routes whose translation succeeded, in their order. */
    List<Route> usable(List<Route> routes) {
        if (failure == null) {
            return routes;
        }
        List<Route> out = new ArrayList<>(routes.size());
        for (Route r : routes) {
            if (calls.containsKey(Key.of(r))) {
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
    Translator.Call of(Route route) {
        Translator.Call c = calls.get(Key.of(route));
        if (c == null) {
            throw new IllegalStateException("no translation for route " + route.id());
        }
        return c;
    }
}
