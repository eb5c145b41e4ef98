package io.llmio.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

import io.llmio.registry.Strategy;
import io.llmio.registry.Route;

/**
 * The order in which one request tries its candidates (SPEC §4.2). {@code lottery} draws by
 * weight; {@code rotor} takes the highest weight first, ties drawn at random. A candidate that
 * answered 429 is demoted (tried only after every other one); any other failure removes it.
 * Fallback candidates (served through translation, SPEC §11) are tried only once no preferred
 * one is left, in the same strategy among themselves.
 */
public final class Plan {
    private final Strategy strategy;
    private final RandomGenerator random;
    private final List<Route> fresh;
    private final List<Route> fallback;
    private final List<Route> demoted = new ArrayList<>();

    public Plan(Strategy strategy, List<Route> candidates, RandomGenerator random) {
        this(strategy, candidates, List.of(), random);
    }

    public Plan(Strategy strategy, List<Route> candidates, List<Route> fallback, RandomGenerator random) {
        this.strategy = strategy;
        this.random = random;
        this.fresh = new ArrayList<>(candidates);
        this.fallback = new ArrayList<>(fallback);
    }

    public boolean isEmpty() {
        return fresh.isEmpty() && fallback.isEmpty() && demoted.isEmpty();
    }

    /** True when a candidate other than demoted ones is left. */
    public boolean hasFresh() {
        return !fresh.isEmpty() || !fallback.isEmpty();
    }

    /** The next candidate to try (it stays in the plan until removed or demoted), or null. */
    public Route next() {
        List<Route> pool = !fresh.isEmpty() ? fresh : !fallback.isEmpty() ? fallback : demoted;
        if (pool.isEmpty()) {
            return null;
        }
        return switch (strategy) {
            case LOTTERY -> lottery(pool);
            case ROTOR -> rotor(pool);
        };
    }

    public void remove(Route route) {
        fresh.remove(route);
        fallback.remove(route);
        demoted.remove(route);
    }

    public void demote(Route route) {
        if (fresh.remove(route) || fallback.remove(route)) {
            demoted.add(route);
        }
    }

    private Route lottery(List<Route> pool) {
        long total = 0;
        for (Route r : pool) {
            total += Math.max(1, r.association().weight());
        }
        long ticket = random.nextLong(total);
        for (Route r : pool) {
            ticket -= Math.max(1, r.association().weight());
            if (ticket < 0) {
                return r;
            }
        }
        return pool.getLast();
    }

    private Route rotor(List<Route> pool) {
        int best = Integer.MIN_VALUE;
        List<Route> top = new ArrayList<>(2);
        for (Route r : pool) {
            int w = r.association().weight();
            if (w > best) {
                best = w;
                top.clear();
                top.add(r);
            } else if (w == best) {
                top.add(r);
            }
        }
        return top.size() == 1 ? top.getFirst() : top.get(random.nextInt(top.size()));
    }
}
