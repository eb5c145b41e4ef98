package io.llmio.auth;

import java.time.InstantSource;

import io.llmio.errors.GatewayError;
import io.llmio.registry.AuthKey;
import io.llmio.registry.Secret;
import io.llmio.registry.Registry;

/**
 * Checks a caller key (SPEC §2): the admin token (or no token configured) means admin; otherwise
 * an enabled, unexpired row of auth_keys, found by its SHA-256 in the in-memory registry.
 */
public final class CallerAuth {
    private final Secret adminToken;
    private final Registry registry;
    private final InstantSource clock;

    public CallerAuth(Secret adminToken, Registry registry, InstantSource clock) {
        this.adminToken = adminToken;
        this.registry = registry;
        this.clock = clock;
    }

    public boolean open() {
        return adminToken.isEmpty();
    }

    /** The caller for a presented key, or a 401 {@link GatewayError}. */
    public Caller authenticate(String presented) {
        if (adminToken.isEmpty()) {
            AuthKey key = presented == null || presented.isBlank() ? null
                    : registry.current().keyByHash(KeyHash.sha256(presented)).orElse(null);
            return key != null && key.usableAt(clock.instant()) ? new Caller(key) : Caller.ADMIN;
        }
        if (presented == null || presented.isBlank()) {
            throw new GatewayError(401, "Missing API key: send your llmio key in the header this API uses.");
        }
        if (adminToken.matches(presented)) {
            return Caller.ADMIN;
        }
        AuthKey key = registry.current().keyByHash(KeyHash.sha256(presented))
                .orElseThrow(() -> new GatewayError(401, "Invalid API key " + Secret.mask(presented) + "."));
        if (!key.enabled()) {
            throw new GatewayError(401, "API key " + key.keyPrefix() + " is disabled.");
        }
        if (!key.usableAt(clock.instant())) {
            throw new GatewayError(401, "API key " + key.keyPrefix() + " expired at " + key.expiresAt() + ".");
        }
        return new Caller(key);
    }
}
