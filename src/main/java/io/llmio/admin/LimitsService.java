package io.llmio.admin;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmio.limits.Limiter;
import io.llmio.registry.Provider;
import io.llmio.registry.Registry;
import io.llmio.registry.RegistrySnapshot;

/** {@code /api/limits}: current RPM counts and locks; clearing a provider's IP lock. */
public final class LimitsService implements HttpService {
    private final Limiter limiter;
    private final Registry registry;

    public LimitsService(Limiter limiter, Registry registry) {
        this.limiter = limiter;
        this.registry = registry;
    }

    public record Rpm(long providerId, String providerName, int count, int limit) {
    }

    public record IpLock(long providerId, String providerName, String clientIp, Instant expiresAt) {
    }

    public record TokenLock(long associationId, long authKeyId, Instant expiresAt) {
    }

    public record Snapshot(List<Rpm> rpm, List<IpLock> ipLocks, List<TokenLock> tokenLocks, String backend, boolean up,
                           String detail) {
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/limits", this::get)
                .delete("/providers/{id}/ip-lock", this::clearIpLock);
    }

    private void get(ServerRequest req, ServerResponse res) {
        RegistrySnapshot snap = registry.current();
        List<Long> providerIds = snap.providers().stream().map(Provider::id).sorted().toList();
        List<Long> associationIds = snap.models().stream()
                .flatMap(m -> m.routes().stream()).map(r -> r.association().id()).sorted().toList();
        Limiter.Snapshot s = limiter.snapshot(providerIds, associationIds);
        Limiter.Status st = limiter.status();
        Api.ok(res, new Snapshot(
                s.rpm().stream().map(r -> new Rpm(r.providerId(), name(snap, r.providerId()), r.count(),
                                                  snap.provider(r.providerId()).map(Provider::rpmLimit).orElse(0))).toList(),
                s.ipLocks().stream().map(l -> new IpLock(l.providerId(), name(snap, l.providerId()), l.clientIp(),
                                                         l.expiresAt())).toList(),
                s.tokenLocks().stream().map(t -> new TokenLock(t.associationId(), t.authKeyId(), t.expiresAt())).toList(),
                st.backend(), st.up(), st.detail() == null ? "" : st.detail()));
    }

    private void clearIpLock(ServerRequest req, ServerResponse res) {
        long id = Api.id(req);
        if (registry.current().provider(id).isEmpty()) {
            throw ApiError.notFound("no provider with id " + id);
        }
        Api.ok(res, Map.of("cleared", limiter.clearIpLock(id)));
    }

    private static String name(RegistrySnapshot snap, long providerId) {
        return snap.provider(providerId).map(Provider::name).orElse("");
    }
}
