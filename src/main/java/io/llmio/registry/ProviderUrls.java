package io.llmio.registry;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The upstream URL of one call: the provider's {@code base_url}, the endpoint's path and the
 * query. A query string in {@code base_url} (a tenant or version parameter some gateways want) is
 * kept, before the caller's own query.
 *
 * <p>Azure OpenAI ({@link ProviderType#AZURE}) has two forms. A {@code base_url} ending in
 * {@code /openai/v1} takes OpenAI's paths as they are ({@code …/openai/v1/chat/completions}, the
 * model in the body). Any other {@code base_url} is the resource endpoint
 * ({@code https://<resource>.openai.azure.com}, with or without {@code /openai}): chat completions,
 * completions and embeddings go to {@code /openai/deployments/<deployment>/…}, the deployment being
 * the association's upstream model; other endpoints ({@code /responses}, {@code /models}) to
 * {@code /openai/…}; and {@code api-version} is the one in {@code base_url}'s query, else
 * {@value #AZURE_API_VERSION} (the latest GA inference version).
 */
public final class ProviderUrls {
    /** The {@code api-version} Azure's deployment form gets when {@code base_url} names none. */
    public static final String AZURE_API_VERSION = "2024-10-21";
    private static final Set<String> DEPLOYMENT_PATHS = Set.of("/chat/completions", "/completions", "/embeddings");

    private ProviderUrls() {
    }

    /**
     * @param path  the endpoint path as OpenAI, Anthropic or Gemini spell it after their version
     *              segment ({@code /chat/completions}, {@code /messages}, {@code /models/m:generateContent})
     * @param model the association's upstream model (Azure's deployment)
     * @param query the caller's query to pass on, raw, or empty
     */
    public static String url(Provider p, String path, String model, String query) {
        String base = p.baseUrl();
        String baseQuery = "";
        int q = base.indexOf('?');
        if (q >= 0) {
            baseQuery = base.substring(q + 1);
            base = base.substring(0, q);
        }
        if (p.type() == ProviderType.AZURE) {
            base = strip(base);
            if (!base.endsWith("/openai/v1")) {
                String endpoint = base.endsWith("/openai") ? base.substring(0, base.length() - "/openai".length()) : base;
                base = endpoint + "/openai";
                path = DEPLOYMENT_PATHS.contains(path)
                        ? "/deployments/" + URLEncoder.encode(model, StandardCharsets.UTF_8) + path : path;
                if (!hasParam(baseQuery, "api-version")) {
                    baseQuery = join("api-version=" + AZURE_API_VERSION, baseQuery);
                }
            }
        }
        String all = join(baseQuery, query == null ? "" : query);
        return base + path + (all.isEmpty() ? "" : "?" + all);
    }

    private static String strip(String base) {
        String b = base;
        while (b.endsWith("/")) {
            b = b.substring(0, b.length() - 1);
        }
        return b;
    }

    private static boolean hasParam(String query, String name) {
        for (String pair : query.split("&")) {
            if (pair.equals(name) || pair.startsWith(name + "=")) {
                return true;
            }
        }
        return false;
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : a + "&" + b;
    }
}
