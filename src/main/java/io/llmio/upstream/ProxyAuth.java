package io.llmio.upstream;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Basic authentication to HTTP proxies, challenge first: a proxy gets the user and password of its
 * URL once it has asked for them with a 407 naming Basic; from then on (per proxy, for the life of
 * the client) they go with every request up front, so the extra round trip happens once. A proxy
 * that never asks never sees them.
 */
final class ProxyAuth {
    private final Set<Endpoint.ProxyAddress> wantsBasic = ConcurrentHashMap.newKeySet();

    /** Whether requests to {@code p} carry its credentials up front. */
    boolean preemptive(Endpoint.ProxyAddress p) {
        return p.credentials() != null && wantsBasic.contains(p);
    }

    /**
     * After a 407: true when the request is to be sent again with credentials (the proxy asked for
     * Basic, the URL has credentials, and they were not sent this time).
     */
    boolean retry(Endpoint.ProxyAddress p, boolean sent, List<String> challenges) {
        if (!sent && p.credentials() != null && offersBasic(challenges)) {
            wantsBasic.add(p);
            return true;
        }
        return false;
    }

    /** The clear error for a 407 that cannot be answered; names the proxy, never its credentials. */
    static UpstreamException failed(Endpoint.ProxyAddress p, boolean sent, List<String> challenges) {
        String detail;
        if (p.credentials() == null) {
            detail = p + " requires authentication" + schemes(challenges) + ": put user:password in the proxy URL";
        } else if (sent) {
            detail = p + " rejected the user and password of the proxy URL";
        } else {
            detail = p + " asks for" + schemes(challenges) + ", llmio answers Basic only";
        }
        return new UpstreamException(UpstreamException.Kind.PROXY_AUTH, detail, null);
    }

    /** Basic named, or no scheme named at all (a proxy that omits Proxy-Authenticate gets Basic, as curl sends it). */
    private static boolean offersBasic(List<String> challenges) {
        List<String> names = schemeNames(challenges);
        return names.isEmpty() || names.contains("basic");
    }

    /** The auth schemes of Proxy-Authenticate values ({@code Basic realm="x", Negotiate}): lower case. */
    private static List<String> schemeNames(List<String> challenges) {
        List<String> names = new ArrayList<>();
        for (String c : challenges) {
            for (String part : c.split(",")) {
                String t = part.trim();
                // a scheme starts a challenge; auth-params (name=value) follow it
                int space = t.indexOf(' ');
                String first = space < 0 ? t : t.substring(0, space);
                if (!first.isEmpty() && first.indexOf('=') < 0) {
                    names.add(first.toLowerCase(Locale.ROOT));
                }
            }
        }
        return names;
    }

    private static String schemes(List<String> challenges) {
        List<String> names = schemeNames(challenges);
        return names.isEmpty() ? "" : " (" + String.join(", ", names) + ")";
    }
}
