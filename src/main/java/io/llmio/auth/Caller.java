package io.llmio.auth;

import io.llmio.registry.AuthKey;

/** Who made a proxied request: the admin token (key null) or an API key. */
public record Caller(AuthKey key) {
    public static final Caller ADMIN = new Caller(null);

    public boolean admin() {
        return key == null;
    }

    public Long keyId() {
        return key == null ? null : key.id();
    }

    public boolean allows(String model) {
        return key == null || key.allows(model);
    }
}
