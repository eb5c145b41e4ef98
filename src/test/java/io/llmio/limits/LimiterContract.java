package io.llmio.limits;

import io.llmio.limits.Limiter.Admission;
import io.llmio.limits.Limiter.Decision;
import io.llmio.limits.Limiter.IpLockState;
import io.llmio.limits.Limiter.RpmState;
import io.llmio.limits.Limiter.Snapshot;
import io.llmio.limits.Limiter.TokenLockState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.llmio.limits.Limiter.Charge;
import io.llmio.limits.Limiter.KeyState;
import io.llmio.registry.KeyLimits;
import io.llmio.registry.KeySpend;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** SPEC §5 semantics; one suite, run against every {@link Limiter} implementation. */
abstract class LimiterContract {
    static final long P1 = 1;
    static final long P2 = 2;
    static final long A10 = 10;
    static final long A11 = 11;

    MutableClock clock;
    Limiter limiter;

    /** A fresh limiter with empty state whose "now" is {@code clock}. */
    abstract Limiter newLimiter(MutableClock clock);

    @BeforeEach
    void open() {
        clock = new MutableClock();
        limiter = newLimiter(clock);
    }

    @AfterEach
    void closeLimiter() {
        limiter.close();
    }

    static Admission rpm(long provider, int limit) {
        return new Admission(provider, limit, 0, "203.0.113.1", A10, null);
    }

    static Admission ip(long provider, int minutes, String clientIp) {
        return new Admission(provider, 0, minutes, clientIp, A10, null);
    }

    static Admission token(long association, Long key) {
        return new Admission(P1, 0, 0, "203.0.113.1", association, key);
    }

    void advance(Duration d) {
        clock.advance(d);
    }

    @Test
    void rpmWindowSlidesExactlyWhenTheOldestLeaves() {
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.admit(rpm(P1, 5)).allowed()).as("request %d", i + 1).isTrue();
            advance(Duration.ofSeconds(1));
        }
        advance(Duration.ofSeconds(5)); // t0 + 10 s
        Decision sixth = limiter.admit(rpm(P1, 5));
        assertThat(sixth).isEqualTo(Decision.denied("rpm", Duration.ofSeconds(50)));
        assertThat(limiter.admit(rpm(P2, 5)).allowed()).as("another provider has its own window").isTrue();

        advance(Duration.ofMillis(49_999)); // 1 ms before the first request leaves the window
        assertThat(limiter.admit(rpm(P1, 5))).isEqualTo(Decision.denied("rpm", Duration.ofMillis(1)));
        advance(Duration.ofMillis(1)); // t0 + 60 s: the first request has left
        assertThat(limiter.admit(rpm(P1, 5))).isEqualTo(Decision.ALLOWED);
        assertThat(limiter.admit(rpm(P1, 5))).as("full again; next frees at t0 + 61 s")
                .isEqualTo(Decision.denied("rpm", Duration.ofSeconds(1)));
        assertThat(limiter.admit(rpm(P1, 0)).allowed()).as("0 = no limit").isTrue();
    }

    @Test
    void concurrentBurstAdmitsExactlyTheLimit() throws Exception {
        int threads = 200;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return limiter.admit(rpm(P1, 50)).allowed();
                }));
            }
            start.countDown();
            int allowed = 0;
            for (Future<Boolean> f : results) {
                allowed += f.get() ? 1 : 0;
            }
            assertThat(allowed).isEqualTo(50);
        }
        assertThat(limiter.snapshot(List.of(P1), List.of()).rpm()).containsExactly(new RpmState(P1, 50));
    }

    @Test
    void ipLockOwnedByFirstClientRefreshedByOwnerTakenOverAfterExpiry() {
        assertThat(limiter.admit(ip(P1, 5, "198.51.100.7")).allowed()).isTrue();
        assertThat(limiter.admit(ip(P1, 5, "198.51.100.8")))
                .isEqualTo(Decision.denied("ip_lock", Duration.ofMinutes(5)));
        assertThat(limiter.admit(ip(P2, 5, "198.51.100.8")).allowed()).as("locks are per provider").isTrue();

        advance(Duration.ofMinutes(3));
        assertThat(limiter.admit(ip(P1, 5, "198.51.100.7")).allowed()).as("owner refreshes").isTrue();
        advance(Duration.ofMinutes(3)); // 6 min: the first lock would have lapsed, the refresh holds to 8
        assertThat(limiter.admit(ip(P1, 5, "198.51.100.8")))
                .isEqualTo(Decision.denied("ip_lock", Duration.ofMinutes(2)));
        assertThat(limiter.admit(ip(P1, 0, "198.51.100.8")).allowed()).as("0 minutes = off").isTrue();

        advance(Duration.ofMinutes(2)); // 8 min: expired
        assertThat(limiter.admit(ip(P1, 5, "198.51.100.8")).allowed()).as("takeover").isTrue();
        assertThat(limiter.admit(ip(P1, 5, "198.51.100.7")).reason()).isEqualTo("ip_lock");
    }

    @Test
    void tokenLockIsPerKeyAndAssociationAndAdminIsExempt() {
        assertThat(limiter.admit(token(A10, 1L)).allowed()).isTrue();
        assertThat(limiter.admit(token(A10, 2L))).isEqualTo(Decision.denied("token_lock", Duration.ofSeconds(120)));
        assertThat(limiter.admit(token(A11, 2L)).allowed()).as("other association").isTrue();
        assertThat(limiter.admit(token(A10, null)).allowed()).as("admin exempt").isTrue();
        assertThat(limiter.admit(token(A10, 1L)).allowed()).as("holder again").isTrue();

        advance(Duration.ofSeconds(100));
        assertThat(limiter.admit(token(A10, 1L)).allowed()).as("refresh to 220 s").isTrue();
        advance(Duration.ofSeconds(30));
        assertThat(limiter.admit(token(A10, 2L))).isEqualTo(Decision.denied("token_lock", Duration.ofSeconds(90)));
        advance(Duration.ofSeconds(90));
        assertThat(limiter.admit(token(A10, 2L)).allowed()).as("expired: key 2 takes it").isTrue();
        assertThat(limiter.admit(token(A10, 1L)).reason()).isEqualTo("token_lock");

        advance(Duration.ofSeconds(120)); // free again
        assertThat(limiter.admit(token(A11, null)).allowed()).isTrue();
        assertThat(limiter.admit(token(A11, 3L)).allowed()).as("admin took no lock").isTrue();
    }

    @Test
    void denialTakesNothing() {
        assertThat(limiter.admit(token(A10, 1L)).allowed()).isTrue();
        Admission everything = new Admission(P2, 1, 5, "198.51.100.9", A10, 2L);
        Decision d = limiter.admit(everything);
        assertThat(d.reason()).isEqualTo("token_lock");
        Snapshot s = limiter.snapshot(List.of(P2), List.of(A10));
        assertThat(s.rpm()).as("no RPM spent").containsExactly(new RpmState(P2, 0));
        assertThat(s.ipLocks()).as("no IP lock taken").isEmpty();

        assertThat(limiter.admit(new Admission(P2, 1, 5, "198.51.100.5", A11, 2L)).allowed()).isTrue();
        Decision both = limiter.admit(new Admission(P2, 1, 5, "198.51.100.6", A11, 2L));
        assertThat(both).as("first failing reason, latest freeing time")
                .isEqualTo(Decision.denied("rpm", Duration.ofMinutes(5)));
        assertThat(limiter.snapshot(List.of(P2), List.of()).ipLocks()).extracting(IpLockState::clientIp)
                .containsExactly("198.51.100.5");
    }

    @Test
    void snapshotShowsCountsAndLiveLocks() {
        Instant t0 = clock.instant();
        limiter.admit(new Admission(P1, 10, 5, "2001:db8::1", A10, 7L));
        advance(Duration.ofSeconds(10));
        limiter.admit(new Admission(P1, 10, 5, "2001:db8::1", A11, null));
        limiter.admit(new Admission(P2, 10, 0, "198.51.100.1", A11, 8L));

        Snapshot s = limiter.snapshot(List.of(P1, P2, 3L), List.of(A10, A11, 12L));
        assertThat(s.rpm()).containsExactly(new RpmState(P1, 2), new RpmState(P2, 1), new RpmState(3L, 0));
        assertThat(s.ipLocks()).containsExactly(
                new IpLockState(P1, "2001:db8::1", t0.plusSeconds(10).plus(Duration.ofMinutes(5))));
        assertThat(s.tokenLocks()).containsExactly(
                new TokenLockState(A10, 7L, t0.plusSeconds(120)),
                new TokenLockState(A11, 8L, t0.plusSeconds(130)));

        Snapshot all = limiter.snapshot(null, null);
        assertThat(all.rpm()).containsExactly(new RpmState(P1, 2), new RpmState(P2, 1));
        assertThat(all.tokenLocks()).hasSize(2);

        advance(Duration.ofSeconds(115)); // t0 + 125 s: RPM window and A10's lock have lapsed
        Snapshot later = limiter.snapshot(List.of(P1, P2), List.of(A10, A11));
        assertThat(later.rpm()).containsExactly(new RpmState(P1, 0), new RpmState(P2, 0));
        assertThat(later.ipLocks()).hasSize(1);
        assertThat(later.tokenLocks()).extracting(TokenLockState::associationId).containsExactly(A11);
    }

    @Test
    void clearIpLockFreesTheProvider() {
        assertThat(limiter.clearIpLock(P1)).as("nothing to clear").isFalse();
        limiter.admit(ip(P1, 5, "198.51.100.7"));
        assertThat(limiter.admit(ip(P1, 5, "198.51.100.8")).allowed()).isFalse();
        assertThat(limiter.clearIpLock(P1)).isTrue();
        assertThat(limiter.snapshot(List.of(P1), List.of()).ipLocks()).isEmpty();
        assertThat(limiter.admit(ip(P1, 5, "198.51.100.8")).allowed()).isTrue();
        assertThat(limiter.clearIpLock(P1)).isTrue();
        assertThat(limiter.clearIpLock(P1)).isFalse();
    }

    @Test
    void unknownClientIsOneOwner() {
        assertThat(limiter.admit(ip(P1, 1, null)).allowed()).isTrue();
        assertThat(limiter.admit(ip(P1, 1, "")).allowed()).isTrue();
        assertThat(limiter.admit(ip(P1, 1, "198.51.100.1")).reason()).isEqualTo("ip_lock");
    }

    @Test
    void statusIsUp() {
        assertThat(limiter.status().up()).isTrue();
    }

    // ---- API keys (issue 16)

    static final long K = 7;

    static KeyLimits limits(double usd, double usdDaily, double usdMonthly, long tokensDaily, int rpm, int tpm,
                            int parallel) {
        return new KeyLimits(usd, usdDaily, usdMonthly, 0, tokensDaily, 0, rpm, tpm, parallel);
    }

    void at(String instant) {
        clock.advance(Duration.between(clock.instant(), Instant.parse(instant)));
    }

    KeySpend spent(long key) {
        return limiter.keyStates(List.of(key)).getFirst().spent();
    }

    @Test
    void keyBudgetsResetAtTheUtcDayAndMonthBoundaries() {
        KeyLimits daily = limits(0, 1.0, 0, 0, 0, 0, 0);
        at("2026-01-31T23:59:58Z");
        assertThat(limiter.admitKey(K, daily, "l1")).isEqualTo(Decision.ALLOWED);
        limiter.charge(new Charge(K, P1, false, 10, 1.0));
        assertThat(limiter.admitKey(K, daily, "l2"))
                .as("the day's budget is used up until midnight").isEqualTo(Decision.denied("usd_daily", Duration.ofSeconds(2)));
        advance(Duration.ofMillis(1_999));
        assertThat(limiter.admitKey(K, daily, "l3")).isEqualTo(Decision.denied("usd_daily", Duration.ofMillis(1)));
        advance(Duration.ofMillis(1)); // 2026-02-01T00:00:00Z: a new day and a new month
        assertThat(limiter.admitKey(K, daily, "l4")).isEqualTo(Decision.ALLOWED);
        assertThat(spent(K)).isEqualTo(new KeySpend(1.0, 10, 0, 0, 0, 0));

        KeyLimits monthly = limits(0, 0, 1.5, 0, 0, 0, 0);
        limiter.charge(new Charge(K, P1, false, 5, 1.0));
        at("2026-02-02T12:00:00Z");
        assertThat(limiter.admitKey(K, monthly, "l5")).isEqualTo(Decision.ALLOWED);
        limiter.charge(new Charge(K, P1, false, 5, 1.0));
        assertThat(spent(K)).isEqualTo(new KeySpend(3.0, 20, 1.0, 5, 2.0, 10));
        assertThat(limiter.admitKey(K, monthly, "l6")).as("until 2026-03-01T00:00:00Z")
                .isEqualTo(Decision.denied("usd_monthly", Duration.ofDays(26).plusHours(12)));

        KeyLimits total = limits(3.0, 0, 0, 0, 0, 0, 0);
        at("2026-03-01T00:00:00Z");
        assertThat(limiter.admitKey(K, monthly, "l7")).isEqualTo(Decision.ALLOWED);
        assertThat(limiter.admitKey(K, total, "l8")).as("the total never resets")
                .isEqualTo(Decision.denied("usd", Duration.ZERO));
        assertThat(limiter.admitKey(K, total, "l8").budget()).isTrue();
        assertThat(limiter.admitKey(K + 1, total, "l9")).as("budgets are per key").isEqualTo(Decision.ALLOWED);
    }

    @Test
    void keyTokenBudgetsCountTokens() {
        KeyLimits tokens = new KeyLimits(0, 0, 0, 100, 0, 0, 0, 0, 0);
        limiter.charge(new Charge(K, P1, false, 99, 0));
        assertThat(limiter.admitKey(K, tokens, "a")).isEqualTo(Decision.ALLOWED);
        limiter.charge(new Charge(K, P1, false, 1, 0));
        assertThat(limiter.admitKey(K, tokens, "b")).isEqualTo(Decision.denied("tokens", Duration.ZERO));
        at("2026-05-10T10:00:00Z");
        assertThat(limiter.admitKey(K, limits(0, 0, 0, 10, 0, 0, 0), "c")).as("a new day").isEqualTo(Decision.ALLOWED);
    }

    @Test
    void keyRpmTpmAndParallelLimits() {
        at("2026-05-10T10:00:00Z");
        KeyLimits rpm = limits(0, 0, 0, 0, 2, 0, 0);
        assertThat(limiter.admitKey(K, rpm, "r1").allowed()).isTrue();
        advance(Duration.ofSeconds(10));
        assertThat(limiter.admitKey(K, rpm, "r2").allowed()).isTrue();
        assertThat(limiter.admitKey(K, rpm, "r3")).isEqualTo(Decision.denied("key_rpm", Duration.ofSeconds(50)));
        assertThat(limiter.keyStates(List.of(K)).getFirst().rpm()).isEqualTo(2);

        KeyLimits tpm = limits(0, 0, 0, 0, 0, 100, 0);
        limiter.charge(new Charge(K + 1, P1, false, 60, 0));
        advance(Duration.ofSeconds(10));
        limiter.charge(new Charge(K + 1, P1, false, 50, 0));
        assertThat(limiter.keyStates(List.of(K + 1)).getFirst().tpm()).isEqualTo(110);
        assertThat(limiter.admitKey(K + 1, tpm, "t1"))
                .as("over until the first 60 tokens leave the minute").isEqualTo(Decision.denied("key_tpm", Duration.ofSeconds(50)));
        advance(Duration.ofSeconds(50));
        assertThat(limiter.admitKey(K + 1, tpm, "t2")).isEqualTo(Decision.ALLOWED);

        KeyLimits one = limits(0, 0, 0, 0, 0, 0, 1);
        assertThat(limiter.admitKey(K + 2, one, "p1")).isEqualTo(Decision.ALLOWED);
        assertThat(limiter.admitKey(K + 2, one, "p2")).isEqualTo(Decision.denied("parallel", Duration.ofSeconds(1)));
        assertThat(limiter.keyStates(List.of(K + 2)).getFirst().parallel()).isEqualTo(1);
        limiter.releaseKey(K + 2, "p2"); // never taken: nothing given back
        assertThat(limiter.admitKey(K + 2, one, "p3").allowed()).isFalse();
        limiter.releaseKey(K + 2, "p1");
        assertThat(limiter.admitKey(K + 2, one, "p4")).isEqualTo(Decision.ALLOWED);
        advance(Limiter.LEASE_TTL);
        assertThat(limiter.admitKey(K + 2, one, "p5")).as("a slot never given back lapses").isEqualTo(Decision.ALLOWED);
    }

    @Test
    void seededUsageIsTakenOnlyWhereThereIsNone() {
        limiter.seedKeys(Map.of(K, new KeySpend(5, 50, 1, 10, 2, 20)));
        assertThat(spent(K)).isEqualTo(new KeySpend(5, 50, 1, 10, 2, 20));
        limiter.charge(new Charge(K, P1, false, 1, 0.5));
        limiter.seedKeys(Map.of(K, new KeySpend(9, 90, 9, 90, 9, 90)));
        assertThat(spent(K)).as("a second seed (another instance starting) changes nothing")
                .isEqualTo(new KeySpend(5.5, 51, 1.5, 11, 2.5, 21));
        assertThat(limiter.keyStates(List.of(K + 9))).containsExactly(new KeyState(K + 9, KeySpend.ZERO, 0, 0, 0));
    }

    @Test
    void providerTpmDeniesOnceTheMinutesTokensReachTheLimit() {
        Admission a = new Admission(P1, 0, 0, "203.0.113.1", A10, null, 100);
        assertThat(limiter.admit(a)).isEqualTo(Decision.ALLOWED);
        limiter.charge(new Charge(null, P1, true, 100, 0));
        assertThat(limiter.admit(a)).isEqualTo(Decision.denied("tpm", Duration.ofSeconds(60)));
        assertThat(limiter.admit(new Admission(P2, 0, 0, "203.0.113.1", A10, null, 100)).allowed())
                .as("per provider").isTrue();
        limiter.charge(new Charge(null, P2, false, 1_000, 0));
        assertThat(limiter.admit(new Admission(P2, 0, 0, "203.0.113.1", A10, null, 100)).allowed())
                .as("tokens of a provider without a TPM limit are not counted").isTrue();
    }
}
