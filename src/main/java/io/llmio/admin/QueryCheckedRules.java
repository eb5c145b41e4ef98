package io.llmio.admin;

import java.util.function.Predicate;

import io.helidon.http.Method;
import io.helidon.http.PathMatcher;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRoute;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;

/**
 * The rules the management services register on: every handler refuses query parameters it has not
 * declared with {@link Api#accepts(Handler, String...)} (a handler that declares none takes none), so that a
 * misspelt filter such as {@code /api/logs?name=x} is a 400 naming it, not an unfiltered answer. Every
 * path-and-handler method of {@link HttpRules} ends in {@link #route(Predicate, PathMatcher, Handler)},
 * which wraps the handler; a ready-made {@link HttpRoute} passes unchecked (none is registered).
 */
final class QueryCheckedRules implements HttpRules {
    private final HttpRules rules;

    private QueryCheckedRules(HttpRules rules) {
        this.rules = rules;
    }

    /** {@code service} registering its routes with query parameters checked. */
    static HttpService checked(HttpService service) {
        return rules -> service.routing(new QueryCheckedRules(rules));
    }

    @Override
    public HttpRules register(HttpService... services) {
        for (HttpService s : services) {
            rules.register(checked(s));
        }
        return this;
    }

    @Override
    public HttpRules register(String pathPattern, HttpService... services) {
        for (HttpService s : services) {
            rules.register(pathPattern, checked(s));
        }
        return this;
    }

    @Override
    public HttpRules route(HttpRoute route) {
        rules.route(route);
        return this;
    }

    @Override
    public HttpRules route(Predicate<Method> methods, PathMatcher path, Handler handler) {
        rules.route(methods, path, Api.Accepting.of(handler));
        return this;
    }
}
