package io.llmio.auth;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;

import io.llmio.errors.GatewayError;
import io.llmio.registry.AuthKey;
import io.llmio.registry.Secret;
import io.llmio.registry.Registry;
import io.llmio.registry.RegistrySnapshot;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CallerAuthTest {
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final String ADMIN = "admin-token-0123456789";
    private static final String LIMITED = "sk-llmio-limitedlimitedlimitedlimitedlimitedlim";
    private static final String ANY = "sk-llmio-anymodelanymodelanymodelanymodelanymo";
    private static final String OFF = "sk-llmio-disableddisableddisableddisableddisab";
    private static final String OLD = "sk-llmio-expiredexpiredexpiredexpiredexpiredexp";

    private static AuthKey key(long id, String secret, boolean enabled, boolean allowAll, List<String> models,
                               Instant expiresAt) {
        return new AuthKey(id, "k" + id, KeyHash.sha256(secret), Secret.mask(secret), enabled, allowAll, models,
                           expiresAt, 0, null, NOW, NOW);
    }

    private static CallerAuth auth(String adminToken) {
        Registry registry = new Registry();
        registry.replace(RegistrySnapshot.of(1, List.of(), List.of(), List.of(), List.of(
                key(1, LIMITED, true, false, List.of("gpt-4o"), NOW.plus(Duration.ofDays(1))),
                key(2, ANY, true, true, List.of(), null),
                key(3, OFF, false, true, List.of(), null),
                key(4, OLD, true, true, List.of(), NOW))));
        return new CallerAuth(Secret.of(adminToken), registry, InstantSource.fixed(NOW));
    }

    @Test
    void adminTokenIsAdminAndNearMissesAreNot() {
        CallerAuth a = auth(ADMIN);
        assertThat(a.open()).isFalse();
        assertThat(a.authenticate(ADMIN)).isEqualTo(Caller.ADMIN);
        for (String nearMiss : new String[]{ADMIN.substring(0, ADMIN.length() - 1) + "X", ADMIN + "0",
                                            ADMIN.substring(1), ADMIN.toUpperCase()}) {
            assertThatThrownBy(() -> a.authenticate(nearMiss))
                    .isInstanceOf(GatewayError.class)
                    .satisfies(e -> assertThat(((GatewayError) e).status()).isEqualTo(401))
                    .hasMessageNotContaining(nearMiss);
        }
    }

    @Test
    void missingOrUnknownKeysAre401WithoutEchoingTheKey() {
        CallerAuth a = auth(ADMIN);
        assertThatThrownBy(() -> a.authenticate(null)).hasMessageContaining("Missing API key");
        assertThatThrownBy(() -> a.authenticate("  ")).hasMessageContaining("Missing API key");
        String unknown = "sk-llmio-unknownunknownunknownunknownunknownunk";
        assertThatThrownBy(() -> a.authenticate(unknown))
                .isInstanceOf(GatewayError.class)
                .hasMessageContaining("Invalid API key")
                .hasMessageContaining(Secret.mask(unknown))
                .hasMessageNotContaining(unknown);
    }

    @Test
    void keysCarryTheirAllowList() {
        CallerAuth a = auth(ADMIN);
        Caller limited = a.authenticate(LIMITED);
        assertThat(limited.admin()).isFalse();
        assertThat(limited.keyId()).isEqualTo(1L);
        assertThat(limited.allows("gpt-4o")).isTrue();
        assertThat(limited.allows("gpt-4o-mini")).isFalse();
        Caller any = a.authenticate(ANY);
        assertThat(any.keyId()).isEqualTo(2L);
        assertThat(any.allows("whatever")).isTrue();
        assertThat(Caller.ADMIN.allows("whatever")).isTrue();
    }

    @Test
    void disabledAndExpiredKeysAreRefused() {
        CallerAuth a = auth(ADMIN);
        assertThatThrownBy(() -> a.authenticate(OFF)).isInstanceOf(GatewayError.class).hasMessageContaining("disabled");
        // expires_at is exclusive: at that instant the key no longer works
        assertThatThrownBy(() -> a.authenticate(OLD)).isInstanceOf(GatewayError.class).hasMessageContaining("expired at");
        AuthKey k = key(9, OLD, true, true, List.of(), NOW);
        assertThat(k.usableAt(NOW.minusMillis(1))).isTrue();
        assertThat(k.usableAt(NOW)).isFalse();
    }

    @Test
    void withoutAnAdminTokenEveryoneIsAdminButAValidKeyKeepsItsAllowList() {
        CallerAuth a = auth("");
        assertThat(a.open()).isTrue();
        assertThat(a.authenticate(null)).isEqualTo(Caller.ADMIN);
        assertThat(a.authenticate("anything")).isEqualTo(Caller.ADMIN);
        assertThat(a.authenticate(LIMITED).allows("gpt-4o-mini")).isFalse();
        assertThat(a.authenticate(OFF)).isEqualTo(Caller.ADMIN);
    }

    @Test
    void keyHashIsSha256HexAndGeneratedKeysAreLongAndDistinct() {
        assertThat(KeyHash.sha256("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        String k1 = KeyHash.generate();
        String k2 = KeyHash.generate();
        assertThat(k1).startsWith(KeyHash.PREFIX).hasSize(KeyHash.PREFIX.length() + 43)
                .matches("sk-llmio-[A-Za-z0-9]{43}");
        assertThat(k1).isNotEqualTo(k2);
    }
}
