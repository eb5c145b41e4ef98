package io.llmio.routing;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Circuit breaker per association (SPEC §4.5): opens after 5 consecutive failures for 60 s, then
 * half-open lets probes through; 2 successes close it, a failure opens it again.
 */
public final class Breakers {
    public static final int FAILURES_TO_OPEN = 5;
    public static final Duration OPEN_FOR = Duration.ofSeconds(60);
    public static final int SUCCESSES_TO_CLOSE = 2;

    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final InstantSource clock;
    private final Map<Long, Breaker> breakers = new ConcurrentHashMap<>();

    public Breakers(InstantSource clock) {
        this.clock = clock;
    }

    /** True when a request may go to this association now. */
    public boolean allows(long associationId) {
        Breaker b = breakers.get(associationId);
        return b == null || b.allows(clock.instant());
    }

    public void success(long associationId) {
        Breaker b = breakers.get(associationId);
        if (b != null) {
            b.success(clock.instant());
        }
    }

    public void failure(long associationId) {
        breakers.computeIfAbsent(associationId, k -> new Breaker()).failure(clock.instant());
    }

    public State state(long associationId) {
        Breaker b = breakers.get(associationId);
        return b == null ? State.CLOSED : b.state(clock.instant());
    }

    /** Associations whose breaker is not closed, with their state. */
    public Map<Long, State> states() {
        Map<Long, State> out = new java.util.HashMap<>();
        Instant now = clock.instant();
        breakers.forEach((id, b) -> out.put(id, b.state(now)));
        return out;
    }

    private static final class Breaker {
        private State state = State.CLOSED;
        private int failures;
        private int successes;
        private Instant openedAt = Instant.EPOCH;

        synchronized boolean allows(Instant now) {
            return state(now) != State.OPEN;
        }

        synchronized State state(Instant now) {
            if (state == State.OPEN && !now.isBefore(openedAt.plus(OPEN_FOR))) {
                state = State.HALF_OPEN;
                successes = 0;
            }
            return state;
        }

        synchronized void success(Instant now) {
            state(now);
            if (state == State.HALF_OPEN) {
                if (++successes >= SUCCESSES_TO_CLOSE) {
                    state = State.CLOSED;
                    failures = 0;
                }
            } else {
                failures = 0;
            }
        }

        synchronized void failure(Instant now) {
            state(now);
            if (state == State.HALF_OPEN || ++failures >= FAILURES_TO_OPEN) {
                state = State.OPEN;
                openedAt = now;
                failures = 0;
                successes = 0;
            }
        }
    }
}
