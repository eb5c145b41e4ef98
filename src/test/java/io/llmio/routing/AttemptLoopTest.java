package io.llmio.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Test;

import io.llmio.limits.Limiter;
import io.llmio.limits.MemoryLimiter;
import io.llmio.registry.Association;
import io.llmio.registry.Model;
import io.llmio.registry.Provider;
import io.llmio.registry.ProviderType;
import io.llmio.registry.Strategy;
import io.llmio.registry.Route;

/**
 * {@link AttemptLoop} on its own: no HTTP, no database. Attempts are scripted per association, the
 * random source is scripted or seeded, the clock is moved by hand and waits are recorded, not slept.
 */
class AttemptLoopTest {
    private static final AttemptLoop.Caller CALLER = new AttemptLoop.Caller("10.0.0.1", 7L);
    private static final AttemptResult OK = new AttemptResult.Answered(true);
    private static final AttemptResult E500 = new AttemptResult.Failed(500, false, null, "500 boom");

    private final Clock clock = new Clock();
    private final Breakers breakers = new Breakers(clock);
    private final List<Duration> waits = new ArrayList<>();

    // ---- strategies ----

    @Test
    void rotorTriesByWeightHighestFirst() {
        Route a = route(1, 1), b = route(2, 10), c = route(3, 5);
        Script script = new Script().fail(1, E500).fail(2, E500).fail(3, E500);
        var out = loop(Limits.ALLOW, Scripted.none()).run(model(Strategy.ROTOR, 3, false), List.of(a, b, c), CALLER, script);
        assertThat(script.tried).containsExactly(2L, 3L, 1L);
        assertThat(out).isEqualTo(new AttemptLoop.Outcome.Exhausted(AttemptLoop.Reason.UPSTREAM, 3, null,
                                                                   (AttemptResult.Failed) E500));
    }

    @Test
    void rotorBreaksTiesWithTheRandomSource() {
        Route a = route(1, 5), b = route(2, 5), c = route(3, 1);
        Script script = new Script().fail(1, E500).fail(2, E500).fail(3, E500);
        // tie of {1, 2}: index 1 -> association 2, then only 1 is left at weight 5
        loop(Limits.ALLOW, Scripted.intDraws(1)).run(model(Strategy.ROTOR, 3, false), List.of(a, b, c), CALLER, script);
        assertThat(script.tried).containsExactly(2L, 1L, 3L);
    }

    @Test
    void lotteryDrawsATicketOverTheWeights() {
        Route a = route(1, 1), b = route(2, 3), c = route(3, 0); // weight 0 still counts as 1 ticket
        // total 5: tickets 0 -> a, 1..3 -> b, 4 -> c. Draw 4 (c), then over {a, b} (total 4) draw 0 (a), then b.
        Scripted random = Scripted.longDraws(4, 0, 0);
        Script script = new Script().fail(1, E500).fail(2, E500).fail(3, E500);
        loop(Limits.ALLOW, random).run(model(Strategy.LOTTERY, 3, false), List.of(a, b, c), CALLER, script);
        assertThat(script.tried).containsExactly(3L, 1L, 2L);
        assertThat(random.bounds).containsExactly(5L, 4L, 3L);
    }

    @Test
    void lotteryWithASeededSourceFollowsTheWeights() {
        Route a = route(1, 1), b = route(2, 3);
        AttemptLoop loop = loop(Limits.ALLOW, new SplittableRandom(42));
        Map<Long, Integer> first = new HashMap<>();
        for (int i = 0; i < 4000; i++) {
            Script script = new Script().answer(1, OK).answer(2, OK);
            loop.run(model(Strategy.LOTTERY, 3, false), List.of(a, b), CALLER, script);
            first.merge(script.tried.getFirst(), 1, Integer::sum);
        }
        // 3:1 expected; the seed makes the count reproducible, the bounds leave room for any seed
        assertThat(first.get(2L)).isBetween(2800, 3200);
        assertThat(first.get(1L)).isBetween(800, 1200);
    }

    @Test
    void aLambdaSourceAsMainPassesDrawsEveryCandidateInBothStrategies() {
        // Main passes () -> ThreadLocalRandom.current().nextLong(): only nextLong() is given, bounded draws are defaults
        SplittableRandom seeded = new SplittableRandom(7);
        RandomGenerator lambda = seeded::nextLong;
        List<Route> routes = List.of(route(1, 2), route(2, 2), route(3, 2));
        for (Strategy strategy : Strategy.values()) {
            AttemptLoop loop = loop(Limits.ALLOW, lambda);
            Map<Long, Integer> first = new HashMap<>();
            for (int i = 0; i < 600; i++) {
                Script script = new Script().answer(1, OK).answer(2, OK).answer(3, OK);
                loop.run(model(strategy, 3, false), routes, CALLER, script);
                first.merge(script.tried.getFirst(), 1, Integer::sum);
            }
            assertThat(first).as(strategy.wire()).containsOnlyKeys(1L, 2L, 3L);
            assertThat(first.values()).as(strategy.wire()).allSatisfy(n -> assertThat(n).isBetween(120, 280));
        }
    }

    // ---- failures ----

    @Test
    void otherFailuresRemoveTheCandidateAndTheNextAnswers() {
        Route a = route(1, 10), b = route(2, 5);
        Script script = new Script().fail(1, E500).answer(2, OK);
        var out = loop(Limits.ALLOW, Scripted.none()).run(model(Strategy.ROTOR, 3, false), List.of(a, b), CALLER, script);
        assertThat(out).isEqualTo(new AttemptLoop.Outcome.Answered(true, 2));
        assertThat(script.tried).containsExactly(1L, 2L);
        assertThat(script.attemptNumbers).containsExactly(0, 1);
    }

    @Test
    void aRemovedCandidateIsNotTriedAgainEvenWithAttemptsLeft() {
        Route a = route(1, 10);
        Script script = new Script().fail(1, E500);
        var out = loop(Limits.ALLOW, Scripted.none()).run(model(Strategy.ROTOR, 5, false), List.of(a), CALLER, script);
        assertThat(script.tried).containsExactly(1L);
        assertThat(out).isEqualTo(new AttemptLoop.Outcome.Exhausted(AttemptLoop.Reason.UPSTREAM, 1, null,
                                                                   (AttemptResult.Failed) E500));
    }

    @Test
    void maxRetryCapsTheAttempts() {
        List<Route> routes = List.of(route(1, 5), route(2, 4), route(3, 3), route(4, 2));
        Script script = new Script().fail(1, E500).fail(2, E500).fail(3, E500).fail(4, E500);
        var out = loop(Limits.ALLOW, Scripted.none()).run(model(Strategy.ROTOR, 2, false), routes, CALLER, script);
        assertThat(script.tried).containsExactly(1L, 2L);
        assertThat(((AttemptLoop.Outcome.Exhausted) out).attempts()).isEqualTo(2);
    }

    @Test
    void aTimeoutOnTheLastAttemptIsReportedAsTimeout() {
        var timeout = new AttemptResult.Failed(0, true, null, "no response headers within 60 s");
        Script script = new Script().fail(1, E500).fail(2, timeout);
        var out = loop(Limits.ALLOW, Scripted.none()).run(model(Strategy.ROTOR, 3, false),
                                                          List.of(route(1, 2), route(2, 1)), CALLER, script);
        assertThat(out).isEqualTo(new AttemptLoop.Outcome.Exhausted(AttemptLoop.Reason.TIMEOUT, 2, null, timeout));
    }

    @Test
    void anAnsweredErrorEndsTheLoop() {
        Script script = new Script().answer(1, new AttemptResult.Answered(false)).answer(2, OK);
        var out = loop(Limits.ALLOW, Scripted.none()).run(model(Strategy.ROTOR, 3, false),
                                                          List.of(route(1, 2), route(2, 1)), CALLER, script);
        assertThat(out).isEqualTo(new AttemptLoop.Outcome.Answered(false, 1));
        assertThat(script.tried).containsExactly(1L);
    }

    // ---- 429 ----

    @Test
    void a429IsDemotedBehindTheOthers() {
        Route a = route(1, 10), b = route(2, 5);
        Script script = new Script().fail(1, e429(Duration.ofSeconds(3))).answer(2, OK);
        var out = loop(Limits.ALLOW, Scripted.none()).run(model(Strategy.ROTOR, 3, false), List.of(a, b), CALLER, script);
        assertThat(out).isEqualTo(new AttemptLoop.Outcome.Answered(true, 2));
        assertThat(script.tried).containsExactly(1L, 2L);
        assertThat(waits).isEmpty();
    }

    @Test
    void aDemotedCandidateIsTriedAgainAfterItsRetryAfterWhenNothingFreshIsLeft() {
        Route a = route(1, 10), b = route(2, 5);
        Script script = new Script().fail(1, e429(Duration.ofSeconds(2))).fail(2, e429(Duration.ofSeconds(1)))
                .answer(1, OK);
        var out = loop(Limits.ALLOW, Scripted.none()).run(model(Strategy.ROTOR, 3, false), List.of(a, b), CALLER, script);
        assertThat(out).isEqualTo(new AttemptLoop.Outcome.Answered(true, 3));
        assertThat(script.tried).containsExactly(1L, 2L, 1L);
        assertThat(waits).containsExactly(Duration.ofSeconds(1)); // one wait, the last Retry-After, not a spin
    }

    @Test
    void aDemotedCandidateLeftAloneByAnotherFailureIsStillWaitedFor() {
        // A says 429 Retry-After 2 s, B then fails 500 and is removed: A is all that is left, and
        // trying it again at once ignores what it asked for (SPEC 4.3: honour Retry-After)
        Route a = route(1, 10), b = route(2, 5);
        Script script = new Script().fail(1, e429(Duration.ofSeconds(2))).fail(2, E500).answer(1, OK);
        var out = loop(Limits.ALLOW, Scripted.none()).run(model(Strategy.ROTOR, 3, false), List.of(a, b), CALLER, script);
        assertThat(out).isEqualTo(new AttemptLoop.Outcome.Answered(true, 3));
        assertThat(script.tried).containsExactly(1L, 2L, 1L);
        assertThat(waits).containsExactly(Duration.ofSeconds(2));
    }

    @Test
    void aDemotedCandidateLeftAloneByALimitDenialIsStillWaitedFor() {
        Limits limits = new Limits(Map.of(2L, Duration.ofSeconds(50)));
        Script script = new Script().fail(1, e429(Duration.ofSeconds(3))).answer(1, OK);
        var out = loop(limits, Scripted.none()).run(model(Strategy.ROTOR, 3, false), List.of(route(1, 10), route(2, 5)),
                                                    CALLER, script);
        assertThat(out).isEqualTo(new AttemptLoop.Outcome.Answered(true, 2));
        assertThat(waits).containsExactly(Duration.ofSeconds(3));
    }

    @Test
    void aDemotedCandidateLeftAloneWithALongRetryAfterAnswers429() {
        Script script = new Script().fail(1, e429(Duration.ofSeconds(45))).fail(2, E500);
        var out = loop(Limits.ALLOW, Scripted.none()).run(model(Strategy.ROTOR, 3, false),
                                                          List.of(route(1, 10), route(2, 5)), CALLER, script);
        assertThat(script.tried).containsExactly(1L, 2L);
        assertThat(out).isInstanceOfSatisfying(AttemptLoop.Outcome.Exhausted.class, e -> {
            assertThat(e.reason()).isEqualTo(AttemptLoop.Reason.LIMITED);
            assertThat(e.attempts()).isEqualTo(2);
            assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(45));
        });
        assertThat(waits).isEmpty();
    }

    @Test
    void a429WithoutRetryAfterWaitsABriefDefault() {
        Script script = new Script().fail(1, e429(null)).answer(1, OK);
        var out = loop(Limits.ALLOW, Scripted.none()).run(model(Strategy.ROTOR, 3, false), List.of(route(1, 1)), CALLER,
                                                          script);
        assertThat(out).isEqualTo(new AttemptLoop.Outcome.Answered(true, 2));
        assertThat(waits).containsExactly(Duration.ofMillis(200));
    }

    @Test
    void aRetryAfterLongerThanTheMaximumWaitAnswers429AtOnceWithThatRetryAfter() {
        Script script = new Script().fail(1, e429(Duration.ofSeconds(30)));
        var out = loop(Limits.ALLOW, Scripted.none()).run(model(Strategy.ROTOR, 3, false), List.of(route(1, 1)), CALLER,
                                                          script);
        assertThat(out).isEqualTo(new AttemptLoop.Outcome.Exhausted(AttemptLoop.Reason.LIMITED, 1,
                                                                   Duration.ofSeconds(30), e429(Duration.ofSeconds(30))));
        assertThat(waits).isEmpty();
    }

    @Test
    void a429OnTheLastAttemptIsNotWaitedFor() {
        Script script = new Script().fail(1, e429(Duration.ofSeconds(4)));
        var out = loop(Limits.ALLOW, Scripted.none()).run(model(Strategy.ROTOR, 1, false), List.of(route(1, 1)), CALLER,
                                                          script);
        assertThat(out).isEqualTo(new AttemptLoop.Outcome.Exhausted(AttemptLoop.Reason.LIMITED, 1,
                                                                   Duration.ofSeconds(4), e429(Duration.ofSeconds(4))));
        assertThat(waits).isEmpty();
    }

    // ---- limits ----

    @Test
    void everyCandidateLimitedAnswers429AtOnceWithTheEarliestRetryAfter() {
        Limits limits = new Limits(Map.of(1L, Duration.ofSeconds(30), 2L, Duration.ofSeconds(7), 3L, Duration.ofSeconds(12)));
        Script script = new Script();
        var out = loop(limits, Scripted.none()).run(model(Strategy.ROTOR, 3, true),
                                                    List.of(route(1, 3), route(2, 2), route(3, 1)), CALLER, script);
        assertThat(out).isEqualTo(new AttemptLoop.Outcome.Exhausted(AttemptLoop.Reason.LIMITED, 0,
                                                                   Duration.ofSeconds(7), null));
        assertThat(script.tried).isEmpty();
        assertThat(waits).isEmpty();
        assertThat(limits.asked).containsExactly(1L, 2L, 3L); // each asked once: no busy waiting
        assertThat(breakers.states()).isEmpty(); // limit denials are not breaker failures
    }

    @Test
    void aLimitDenialSpendsNoAttempt() {
        Limits limits = new Limits(Map.of(1L, Duration.ofSeconds(5)));
        Script script = new Script().fail(2, E500).answer(3, OK);
        var out = loop(limits, Scripted.none()).run(model(Strategy.ROTOR, 2, false),
                                                    List.of(route(1, 3), route(2, 2), route(3, 1)), CALLER, script);
        assertThat(out).isEqualTo(new AttemptLoop.Outcome.Answered(true, 2));
        assertThat(script.tried).containsExactly(2L, 3L);
        assertThat(script.attemptNumbers).containsExactly(0, 1);
    }

    @Test
    void theMemoryLimiterRpmIsCountedPerAdmittedAttempt() {
        MemoryLimiter limiter = new MemoryLimiter(clock);
        Provider limited = provider(1, 1);
        Route a = new Route(association(1, 1, 10), limited);
        AttemptLoop loop = new AttemptLoop(limiter, breakers, Scripted.none(), waits::add);
        Script first = new Script().answer(1, OK);
        assertThat(loop.run(model(Strategy.ROTOR, 3, false), List.of(a), CALLER, first))
                .isEqualTo(new AttemptLoop.Outcome.Answered(true, 1));
        Script second = new Script();
        var out = loop.run(model(Strategy.ROTOR, 3, false), List.of(a), CALLER, second);
        assertThat(second.tried).isEmpty();
        assertThat(out).isInstanceOfSatisfying(AttemptLoop.Outcome.Exhausted.class, e -> {
            assertThat(e.reason()).isEqualTo(AttemptLoop.Reason.LIMITED);
            assertThat(e.retryAfter()).isPositive().isLessThanOrEqualTo(Limiter.RPM_WINDOW);
        });
        limiter.close();
    }

    @Test
    void aLimitedCandidateAndAnUpstream429AnswerTheEarlierRetryAfter() {
        Limits limits = new Limits(Map.of(1L, Duration.ofSeconds(40)));
        Script script = new Script().fail(2, e429(Duration.ofSeconds(25)));
        var out = loop(limits, Scripted.none()).run(model(Strategy.ROTOR, 3, false), List.of(route(1, 2), route(2, 1)),
                                                    CALLER, script);
        assertThat(out).isEqualTo(new AttemptLoop.Outcome.Exhausted(AttemptLoop.Reason.LIMITED, 1,
                                                                   Duration.ofSeconds(25), e429(Duration.ofSeconds(25))));
        assertThat(waits).isEmpty();
    }

    // ---- breaker ----

    @Test
    void fiveFailuresOpenTheBreakerAndTheCandidateIsSkipped() {
        Model m = model(Strategy.ROTOR, 1, true);
        Route a = route(1, 10), b = route(2, 5);
        for (int i = 0; i < Breakers.FAILURES_TO_OPEN; i++) {
            loop(Limits.ALLOW, Scripted.none()).run(m, List.of(a, b), CALLER, new Script().fail(1, E500));
        }
        assertThat(breakers.state(1)).isEqualTo(Breakers.State.OPEN);
        Script script = new Script().answer(2, OK);
        var out = loop(Limits.ALLOW, Scripted.none()).run(m, List.of(a, b), CALLER, script);
        assertThat(script.tried).containsExactly(2L); // skipped without spending the only attempt
        assertThat(out).isEqualTo(new AttemptLoop.Outcome.Answered(true, 1));
    }

    @Test
    void everyBreakerOpenAnswersBreakerOpen() {
        Model m = model(Strategy.ROTOR, 3, true);
        for (int i = 0; i < Breakers.FAILURES_TO_OPEN; i++) {
            breakers.failure(1);
        }
        Script script = new Script();
        var out = loop(Limits.ALLOW, Scripted.none()).run(m, List.of(route(1, 1)), CALLER, script);
        assertThat(out).isEqualTo(new AttemptLoop.Outcome.Exhausted(AttemptLoop.Reason.BREAKER_OPEN, 0, null, null));
        assertThat(script.tried).isEmpty();
    }

    @Test
    void halfOpenLetsProbesThroughAndTwoSuccessesClose() {
        Model m = model(Strategy.ROTOR, 3, true);
        Route a = route(1, 1);
        for (int i = 0; i < Breakers.FAILURES_TO_OPEN; i++) {
            loop(Limits.ALLOW, Scripted.none()).run(m, List.of(a), CALLER, new Script().fail(1, E500));
        }
        clock.advance(Breakers.OPEN_FOR);
        assertThat(breakers.state(1)).isEqualTo(Breakers.State.HALF_OPEN);
        loop(Limits.ALLOW, Scripted.none()).run(m, List.of(a), CALLER, new Script().answer(1, OK));
        assertThat(breakers.state(1)).isEqualTo(Breakers.State.HALF_OPEN);
        loop(Limits.ALLOW, Scripted.none()).run(m, List.of(a), CALLER, new Script().answer(1, OK));
        assertThat(breakers.state(1)).isEqualTo(Breakers.State.CLOSED);
    }

    @Test
    void aFailedProbeOpensTheBreakerAgainForAnotherPeriod() {
        Model m = model(Strategy.ROTOR, 3, true);
        Route a = route(1, 1);
        for (int i = 0; i < Breakers.FAILURES_TO_OPEN; i++) {
            breakers.failure(1);
        }
        clock.advance(Breakers.OPEN_FOR);
        Script probe = new Script().fail(1, E500);
        loop(Limits.ALLOW, Scripted.none()).run(m, List.of(a), CALLER, probe);
        assertThat(probe.tried).containsExactly(1L);
        assertThat(breakers.state(1)).isEqualTo(Breakers.State.OPEN);
        clock.advance(Breakers.OPEN_FOR.minusSeconds(1));
        Script blocked = new Script();
        assertThat(loop(Limits.ALLOW, Scripted.none()).run(m, List.of(a), CALLER, blocked))
                .isEqualTo(new AttemptLoop.Outcome.Exhausted(AttemptLoop.Reason.BREAKER_OPEN, 0, null, null));
        assertThat(blocked.tried).isEmpty();
    }

    @Test
    void theGatewaysOwnConnectionCapFailsOverButIsNoBreakerFailureAndEndsAs503() {
        Model m = model(Strategy.ROTOR, 2, true);
        Route a = route(1, 10), b = route(2, 5);
        AttemptResult.Failed overloaded = new AttemptResult.Failed(0, false, null, "overloaded: all 1 connections busy", true);
        for (int i = 0; i < Breakers.FAILURES_TO_OPEN + 2; i++) {
            Script script = new Script().fail(1, overloaded).fail(2, overloaded);
            var out = loop(Limits.ALLOW, Scripted.none()).run(m, List.of(a, b), CALLER, script);
            assertThat(script.tried).containsExactly(1L, 2L);
            assertThat(out).isEqualTo(new AttemptLoop.Outcome.Exhausted(AttemptLoop.Reason.OVERLOADED, 2, null, overloaded));
        }
        assertThat(breakers.states()).isEmpty();
        // an upstream failure after it is what the caller hears about
        var out = loop(Limits.ALLOW, Scripted.none()).run(m, List.of(a, b), CALLER,
                                                          new Script().fail(1, overloaded).fail(2, E500));
        assertThat(out).isEqualTo(new AttemptLoop.Outcome.Exhausted(AttemptLoop.Reason.UPSTREAM, 2, null,
                                                                   (AttemptResult.Failed) E500));
    }

    @Test
    void withoutTheBreakerFlagFailuresNeverOpenIt() {
        Model m = model(Strategy.ROTOR, 1, false);
        for (int i = 0; i < Breakers.FAILURES_TO_OPEN + 2; i++) {
            loop(Limits.ALLOW, Scripted.none()).run(m, List.of(route(1, 1)), CALLER, new Script().fail(1, E500));
        }
        assertThat(breakers.states()).isEmpty();
        Script script = new Script().answer(1, OK);
        loop(Limits.ALLOW, Scripted.none()).run(m, List.of(route(1, 1)), CALLER, script);
        assertThat(script.tried).containsExactly(1L);
    }

    @Test
    void aBreakerSkipAndALimitDenialTogetherAnswerLimited() {
        for (int i = 0; i < Breakers.FAILURES_TO_OPEN; i++) {
            breakers.failure(1);
        }
        Limits limits = new Limits(Map.of(2L, Duration.ofSeconds(9)));
        var out = loop(limits, Scripted.none()).run(model(Strategy.ROTOR, 3, true), List.of(route(1, 2), route(2, 1)),
                                                    CALLER, new Script());
        assertThat(out).isEqualTo(new AttemptLoop.Outcome.Exhausted(AttemptLoop.Reason.LIMITED, 0,
                                                                   Duration.ofSeconds(9), null));
    }

    // ---- helpers ----

    private AttemptLoop loop(Limiter limiter, RandomGenerator random) {
        return new AttemptLoop(limiter, breakers, random, waits::add);
    }

    private static AttemptResult.Failed e429(Duration retryAfter) {
        return new AttemptResult.Failed(429, false, retryAfter, "429 slow down");
    }

    private static Model model(Strategy strategy, int maxRetry, boolean breaker) {
        return new Model(1, "m", "", strategy, maxRetry, 60, false, breaker, true, Instant.EPOCH, Instant.EPOCH);
    }

    /** Association {@code id} on its own provider {@code id} (no limits). */
    private static Route route(long id, int weight) {
        return new Route(association(id, id, weight), provider(id, 0));
    }

    private static Association association(long id, long providerId, int weight) {
        return new Association(id, 1, providerId, "up-" + id, weight, false, false, false, false, Map.of(), "{}", true,
                               Instant.EPOCH, Instant.EPOCH);
    }

    private static Provider provider(long id, int rpm) {
        return new Provider(id, "p" + id, ProviderType.OPENAI, "http://127.0.0.1:9", null, Map.of(), "", List.of(), rpm, 0,
                            "", true, Instant.EPOCH, Instant.EPOCH);
    }

    /** Scripted results per association id, consumed in order; records what was tried. */
    private static final class Script implements AttemptLoop.Attempt {
        final Map<Long, Deque<AttemptResult>> results = new HashMap<>();
        final List<Long> tried = new ArrayList<>();
        final List<Integer> attemptNumbers = new ArrayList<>();

        Script fail(long id, AttemptResult r) {
            results.computeIfAbsent(id, k -> new ArrayDeque<>()).add(r);
            return this;
        }

        Script answer(long id, AttemptResult r) {
            return fail(id, r);
        }

        @Override
        public AttemptResult run(Route route, int attempt) {
            tried.add(route.id());
            attemptNumbers.add(attempt);
            Deque<AttemptResult> q = results.get(route.id());
            if (q == null || q.isEmpty()) {
                throw new AssertionError("unexpected attempt on association " + route.id());
            }
            return q.size() == 1 ? q.peek() : q.poll();
        }
    }

    /** A random source that returns the given draws and records the bounds asked. */
    private static final class Scripted implements RandomGenerator {
        final Deque<Long> draws = new ArrayDeque<>();
        final List<Long> bounds = new ArrayList<>();

        static Scripted none() {
            return new Scripted();
        }

        static Scripted longDraws(long... values) {
            Scripted s = new Scripted();
            for (long v : values) {
                s.draws.add(v);
            }
            return s;
        }

        static Scripted intDraws(int... values) {
            Scripted s = new Scripted();
            for (int v : values) {
                s.draws.add((long) v);
            }
            return s;
        }

        @Override
        public long nextLong() {
            throw new AssertionError("unbounded draw");
        }

        @Override
        public long nextLong(long bound) {
            bounds.add(bound);
            long v = next();
            assertThat(v).isBetween(0L, bound - 1);
            return v;
        }

        @Override
        public int nextInt(int bound) {
            bounds.add((long) bound);
            long v = next();
            assertThat(v).isBetween(0L, (long) bound - 1);
            return (int) v;
        }

        private long next() {
            if (draws.isEmpty()) {
                throw new AssertionError("no scripted draw left");
            }
            return draws.poll();
        }
    }

    /** Denies the listed associations with their Retry-After; records every admission asked. */
    private static final class Limits implements Limiter {
        static final Limits ALLOW = new Limits(Map.of());
        final Map<Long, Duration> denied;
        final List<Long> asked = new ArrayList<>();

        Limits(Map<Long, Duration> denied) {
            this.denied = denied;
        }

        @Override
        public Decision admit(Admission a) {
            asked.add(a.associationId());
            Duration d = denied.get(a.associationId());
            return d == null ? Decision.ALLOWED : Decision.denied("rpm", d);
        }

        @Override
        public Decision admitKey(long keyId, io.llmio.registry.KeyLimits limits, String lease) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void releaseKey(long keyId, String lease) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void charge(Charge charge) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void seedKeys(Map<Long, io.llmio.registry.KeySpend> spent) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<KeyState> keyStates(List<Long> keyIds) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Snapshot snapshot(List<Long> providerIds, List<Long> associationIds) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean clearIpLock(long providerId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Status status() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }

    private static final class Clock implements InstantSource {
        private final AtomicLong millis = new AtomicLong(1_700_000_000_000L);

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }

        void advance(Duration d) {
            millis.addAndGet(d.toMillis());
        }
    }
}
