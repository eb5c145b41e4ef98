package io.llmio.admin;

import java.util.List;

import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The management surface as one unit for {@code Main}: the cross-origin guard, the admin gate, the {@code /api} services and
 * the root-level observability routes.
 */
public record AdminApi(OriginGuard origins, AdminAuth auth, List<HttpService> api, ObserveService observe) {
    public AdminApi {
        api = List.copyOf(api);
    }

    /** Registers the gate first, then every route; call before the proxy's and the static content's routes. */
    public void register(HttpRouting.Builder routing) {
        Api.errors(routing);
        routing.any("/api/*", SecurityHeaders::api)
                .any("/api", SecurityHeaders::api)
                .any("/health/detail", SecurityHeaders::api)
                .any("/metrics", SecurityHeaders::api)
                .any("/api/*", origins)
                .any("/api", origins)
                .any("/api/*", auth)
                .any("/api", auth)
                .any("/health/detail", auth)
                .any("/metrics", auth)
                .register(QueryCheckedRules.checked(observe))
                .register("/api", api.stream().map(QueryCheckedRules::checked).toArray(HttpService[]::new))
                .any("/api/*", AdminApi::noRoute)
                .any("/api", AdminApi::noRoute);
    }

    private static void noRoute(ServerRequest req, ServerResponse res) {
        Api.error(res, 404, "not_found", "no route " + req.prologue().method().text() + " " + req.path().path());
    }
}
