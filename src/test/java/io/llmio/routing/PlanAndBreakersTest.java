package io.llmio.routing;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;

import io.llmio.registry.Association;
import io.llmio.registry.Provider;
import io.llmio.registry.ProviderType;
import io.llmio.registry.Secret;
import io.llmio.registry.Strategy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import io.llmio.registry.Route;

class PlanAndBreakersTest {

    static Route route(long id, int weight) {
        Provider p = new Provider(id, "p" + id, ProviderType.OPENAI, "http://x/v1", Secret.of("k"), Map.of(), "", List.of(),
                                  0, 0, "", true, null, null);
        Association a = new Association(id, 1, id, "m", weight, true, true, true, false, Map.of(), "{}", true, null, null);
        return new Route(a, p);
    }

    @Test
    void lotteryFollowsWeights() {
        Route light = route(1, 1);
        Route heavy = route(2, 3);
        SplittableRandom random = new SplittableRandom(42);
        Map<Long, Integer> counts = new HashMap<>();
        int n = 40_000;
        for (int i = 0; i < n; i++) {
            Route r = new Plan(Strategy.LOTTERY, List.of(light, heavy), random).next();
            counts.merge(r.id(), 1, Integer::sum);
        }
        // expected 10,000 for the light one; 5 standard deviations is ±433
        assertThat(counts.get(1L)).isBetween(10_000 - 433, 10_000 + 433);
    }

    @Test
    void rotorTakesTheHighestWeightUntilItFails() {
        Route a = route(1, 5);
        Route b = route(2, 10);
        Route c = route(3, 1);
        Plan plan = new Plan(Strategy.ROTOR, List.of(a, b, c), new SplittableRandom(1));
        assertThat(plan.next()).isEqualTo(b);
        plan.remove(b);
        assertThat(plan.next()).isEqualTo(a);
        plan.demote(a);
        assertThat(plan.next()).isEqualTo(c);
        plan.remove(c);
        assertThat(plan.hasFresh()).isFalse();
        assertThat(plan.next()).isEqualTo(a);
        plan.remove(a);
        assertThat(plan.next()).isNull();
    }

    @Test
    void breakerOpensAfterFiveFailuresThenHalfOpensAndClosesAfterTwoSuccesses() {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
        InstantSource clock = now::get;
        Breakers b = new Breakers(clock);
        for (int i = 0; i < 4; i++) {
            b.failure(7);
        }
        assertThat(b.allows(7)).isTrue();
        b.failure(7);
        assertThat(b.state(7)).isEqualTo(Breakers.State.OPEN);
        assertThat(b.allows(7)).isFalse();
        now.set(now.get().plus(Duration.ofSeconds(59)));
        assertThat(b.allows(7)).isFalse();
        now.set(now.get().plus(Duration.ofSeconds(1)));
        assertThat(b.allows(7)).isTrue();
        assertThat(b.state(7)).isEqualTo(Breakers.State.HALF_OPEN);
        b.failure(7);
        assertThat(b.state(7)).isEqualTo(Breakers.State.OPEN);
        now.set(now.get().plus(Duration.ofSeconds(60)));
        b.success(7);
        assertThat(b.state(7)).isEqualTo(Breakers.State.HALF_OPEN);
        b.success(7);
        assertThat(b.state(7)).isEqualTo(Breakers.State.CLOSED);
        assertThat(b.allows(8)).isTrue();
    }

    @Test
    void successResetsTheFailureCount() {
        Breakers b = new Breakers(InstantSource.system());
        for (int i = 0; i < 4; i++) {
            b.failure(1);
        }
        b.success(1);
        for (int i = 0; i < 4; i++) {
            b.failure(1);
        }
        assertThat(b.state(1)).isEqualTo(Breakers.State.CLOSED);
    }
}
