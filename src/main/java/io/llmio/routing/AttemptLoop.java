package io.llmio.routing;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

import io.llmio.limits.Limiter;
import io.llmio.registry.Model;
import io.llmio.registry.Route;

/**
 * The attempts loop of SPEC §4: up to {@code max_retry} attempts over the candidates in the
 * model's strategy order, skipping open breakers and candidates denied by limits (which spend no
 * attempt), demoting 429s, removing other failures, and honouring Retry-After when the only
 * candidates left are the rate-limited ones. Knows no wire protocol.
 */
public final class AttemptLoop {
    /** Longest Retry-After we wait out instead of answering 429 at once. */
    static final Duration MAX_WAIT = Duration.ofSeconds(10);

    private final Limiter limiter;
    private final Breakers breakers;
    private final RandomGenerator random;
    private final Consumer<Duration> sleeper;

    public AttemptLoop(Limiter limiter, Breakers breakers, RandomGenerator random) {
        this(limiter, breakers, random, AttemptLoop::sleep);
    }

    /** For tests: {@code sleeper} waits out a Retry-After (the real one sleeps the thread). */
    AttemptLoop(Limiter limiter, Breakers breakers, RandomGenerator random, Consumer<Duration> sleeper) {
        this.limiter = limiter;
        this.breakers = breakers;
        this.random = random;
        this.sleeper = sleeper;
    }

    /** Runs one attempt against a route; must not throw for upstream failures. */
    @FunctionalInterface
    public interface Attempt {
        AttemptResult run(Route route, int attempt);
    }

    /** Who is asking, for limits and locks. */
    public record Caller(String clientIp, Long authKeyId) {
    }

    /** How the whole request ended. */
    public sealed interface Outcome {
        /** The client got an answer from an upstream. */
        record Answered(boolean success, int attempts) implements Outcome {
        }

        /** Nothing was sent to the client; the gateway must answer with an error. */
        record Exhausted(Reason reason, int attempts, Duration retryAfter, AttemptResult.Failed last) implements Outcome {
        }
    }

    public enum Reason {
        /** every candidate denied by RPM / IP lock / token lock (or upstream 429s): answer 429 */
        LIMITED,
        /** every candidate's breaker is open: answer 503 */
        BREAKER_OPEN,
        /** the last attempt timed out: answer 504 */
        TIMEOUT,
        /** the last attempt found the gateway's connection cap to that upstream full: answer 503 */
        OVERLOADED,
        /** attempts failed: answer 502 */
        UPSTREAM
    }

    public Outcome run(Model model, List<Route> candidates, Caller caller, Attempt attempt) {
        return run(model, candidates, List.of(), caller, attempt);
    }

    /** As above, trying {@code fallback} only once no candidate is left ({@link Plan}). */
    public Outcome run(Model model, List<Route> candidates, List<Route> fallback, Caller caller, Attempt attempt) {
        Plan plan = new Plan(model.strategy(), candidates, fallback, random);
        int attempts = 0;
        Duration limitedFor = null;
        boolean breakerSkipped = false;
        AttemptResult.Failed last = null;
        Duration pendingWait = null;
        while (attempts < model.maxRetry()) {
            Route route = plan.next();
            if (route == null) {
                break;
            }
            if (pendingWait != null && !plan.hasFresh()) {
                // only rate-limited candidates are left (the others failed or were denied since)
                if (pendingWait.compareTo(MAX_WAIT) > 0) {
                    return new Outcome.Exhausted(Reason.LIMITED, attempts, min(limitedFor, pendingWait), last);
                }
                sleeper.accept(pendingWait);
                pendingWait = null;
            }
            if (model.breaker() && !breakers.allows(route.id())) {
                plan.remove(route);
                breakerSkipped = true;
                continue;
            }
            Limiter.Decision decision = limiter.admit(new Limiter.Admission(
                    route.provider().id(), route.provider().rpmLimit(), route.provider().ipLockMinutes(),
                    caller.clientIp(), route.id(), caller.authKeyId(), route.provider().tpmLimit()));
            if (!decision.allowed()) {
                plan.remove(route);
                limitedFor = min(limitedFor, decision.retryAfter());
                continue;
            }
            AttemptResult result = attempt.run(route, attempts++);
            switch (result) {
                case AttemptResult.Answered answered -> {
                    if (model.breaker() && answered.success()) {
                        breakers.success(route.id());
                    }
                    return new Outcome.Answered(answered.success(), attempts);
                }
                case AttemptResult.Failed failed -> {
                    last = failed;
                    if (model.breaker() && !failed.overloaded()) {
                        breakers.failure(route.id());
                    }
                    if (failed.rateLimited()) {
                        plan.demote(route);
                        // waited out when only rate-limited candidates are left, now or after the others fail
                        pendingWait = failed.retryAfter() == null ? Duration.ofMillis(200) : failed.retryAfter();
                    } else {
                        plan.remove(route);
                    }
                }
            }
        }
        if (last == null) {
            if (limitedFor != null) {
                return new Outcome.Exhausted(Reason.LIMITED, attempts, limitedFor, null);
            }
            return new Outcome.Exhausted(breakerSkipped ? Reason.BREAKER_OPEN : Reason.UPSTREAM, attempts, null, null);
        }
        if (last.rateLimited()) {
            return new Outcome.Exhausted(Reason.LIMITED, attempts, min(limitedFor, last.retryAfter()), last);
        }
        return new Outcome.Exhausted(last.overloaded() ? Reason.OVERLOADED : last.timeout() ? Reason.TIMEOUT : Reason.UPSTREAM,
                                     attempts, null, last);
    }

    private static Duration min(Duration a, Duration b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
