package io.llmio.limits;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import io.llmio.registry.KeyLimits;
import io.llmio.registry.KeySpend;
import io.llmio.registry.UsagePeriods;

/**
 * In-process limits and locks (SPEC §5) for a single gateway instance, used when {@code REDIS_URL}
 * is unset and as the local fallback of {@link RedisLimiter} while Redis is unreachable.
 *
 * <p>One {@link ReentrantLock} guards all state, so an admission checks and takes every limit
 * atomically; the critical section does no I/O and is O(1) amortised, and a
 * {@code ReentrantLock} never pins a virtual thread. Expired entries are dropped when touched and
 * by a sweep every 30 s on one virtual thread, so memory stays bounded by the live state.
 *
 * <p>RPM is counted only for providers with a limit ({@code rpmLimit > 0}); a provider without
 * one shows a count of 0 in {@link #snapshot}.
 */
public final class MemoryLimiter implements Limiter {
    private static final long WINDOW_MS = RPM_WINDOW.toMillis();
    private static final long TOKEN_LOCK_MS = TOKEN_LOCK.toMillis();
    private static final Duration SWEEP_EVERY = Duration.ofSeconds(30);

    private final InstantSource clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Long, ArrayDeque<Long>> rpm = new HashMap<>();
    private final Map<Long, Hold<String>> ipLocks = new HashMap<>();
    private final Map<Long, Hold<Long>> tokenLocks = new HashMap<>();
    private final Map<Long, TokenWindow> providerTpm = new HashMap<>();
    private final Map<Long, ArrayDeque<Long>> keyRpm = new HashMap<>();
    private final Map<Long, TokenWindow> keyTpm = new HashMap<>();
    /** per key: lease name to the epoch millisecond at which it lapses */
    private final Map<Long, Map<String, Long>> leases = new HashMap<>();
    private final Map<Long, Spent> spent = new HashMap<>();
    private final ScheduledExecutorService sweeper;

    /** A key's usage, its day and month parts belonging to the UTC day and month numbered here. */
    private record Spent(long day, long month, KeySpend spend) {
        /** The usage as of {@code now}: the parts of a past day or month count as 0. */
        KeySpend at(long now) {
            boolean sameDay = UsagePeriods.day(now) == day;
            boolean sameMonth = UsagePeriods.month(now) == month;
            return new KeySpend(spend.usd(), spend.tokens(), sameDay ? spend.usdDay() : 0,
                                sameDay ? spend.tokensDay() : 0, sameMonth ? spend.usdMonth() : 0,
                                sameMonth ? spend.tokensMonth() : 0);
        }

        static Spent of(KeySpend s, long now) {
            return new Spent(UsagePeriods.day(now), UsagePeriods.month(now), s);
        }
    }

    /** Holder of a lock and the epoch millisecond at which it lapses. */
    private record Hold<T>(T owner, long expiresAt) {
        boolean liveAt(long now) {
            return expiresAt > now;
        }
    }

    public MemoryLimiter() {
        this(InstantSource.system());
    }

    /** @param clock source of "now"; tests pass a clock they move by hand */
    public MemoryLimiter(InstantSource clock) {
        this.clock = clock;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(
                Thread.ofVirtual().name("llmio-limits-sweep").factory());
        long every = SWEEP_EVERY.toMillis();
        sweeper.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public Decision admit(Admission a) {
        long now = clock.millis();
        String ip = clientIpKey(a.clientIp());
        long ipLockMs = a.ipLockMinutes() * 60_000L;
        lock.lock();
        try {
            String reason = null;
            long wait = 0;

            ArrayDeque<Long> window = null;
            if (a.rpmLimit() > 0) {
                window = rpm.computeIfAbsent(a.providerId(), id -> new ArrayDeque<>());
                trim(window, now);
                if (window.size() >= a.rpmLimit()) {
                    reason = "rpm";
                    wait = nthOldest(window, window.size() - a.rpmLimit()) + WINDOW_MS - now;
                }
            }
            if (a.tpmLimit() > 0) {
                TokenWindow tpm = providerTpm.get(a.providerId());
                long wait2 = tpm == null ? 0 : tpm.waitBelow(a.tpmLimit(), now);
                if (wait2 > 0) {
                    reason = reason == null ? "tpm" : reason;
                    wait = Math.max(wait, wait2);
                }
            }
            if (ipLockMs > 0) {
                Hold<String> held = live(ipLocks, a.providerId(), now);
                if (held != null && !held.owner().equals(ip)) {
                    reason = reason == null ? "ip_lock" : reason;
                    wait = Math.max(wait, held.expiresAt() - now);
                }
            }
            if (a.authKeyId() != null) {
                Hold<Long> held = live(tokenLocks, a.associationId(), now);
                if (held != null && !held.owner().equals(a.authKeyId())) {
                    reason = reason == null ? "token_lock" : reason;
                    wait = Math.max(wait, held.expiresAt() - now);
                }
            }
            if (reason != null) {
                if (window != null && window.isEmpty()) {
                    rpm.remove(a.providerId());
                }
                return Decision.denied(reason, Duration.ofMillis(wait));
            }

            if (window != null) {
                window.addLast(now);
            }
            if (ipLockMs > 0) {
                ipLocks.put(a.providerId(), new Hold<>(ip, now + ipLockMs));
            }
            if (a.authKeyId() != null) {
                tokenLocks.put(a.associationId(), new Hold<>(a.authKeyId(), now + TOKEN_LOCK_MS));
            }
            return Decision.ALLOWED;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Decision admitKey(long keyId, KeyLimits limits, String lease) {
        long now = clock.millis();
        lock.lock();
        try {
            Spent s = spent.get(keyId);
            String budget = KeyBudgets.exhausted(limits, s == null ? KeySpend.ZERO : s.at(now));
            if (budget != null) {
                return Decision.denied(budget, KeyBudgets.resetIn(budget, now));
            }
            String reason = null;
            long wait = 0;
            Map<String, Long> held = null;
            if (limits.maxParallel() > 0) {
                held = leases.computeIfAbsent(keyId, id -> new HashMap<>());
                held.values().removeIf(expiry -> expiry <= now);
                if (held.size() >= limits.maxParallel()) {
                    reason = "parallel";
                    wait = 1_000;
                }
            }
            ArrayDeque<Long> window = null;
            if (limits.rpm() > 0) {
                window = keyRpm.computeIfAbsent(keyId, id -> new ArrayDeque<>());
                trim(window, now);
                if (window.size() >= limits.rpm()) {
                    reason = reason == null ? "key_rpm" : reason;
                    wait = Math.max(wait, nthOldest(window, window.size() - limits.rpm()) + WINDOW_MS - now);
                }
            }
            if (limits.tpm() > 0) {
                TokenWindow tpm = keyTpm.get(keyId);
                long tpmWait = tpm == null ? 0 : tpm.waitBelow(limits.tpm(), now);
                if (tpmWait > 0) {
                    reason = reason == null ? "key_tpm" : reason;
                    wait = Math.max(wait, tpmWait);
                }
            }
            if (reason != null) {
                return Decision.denied(reason, Duration.ofMillis(wait));
            }
            if (window != null) {
                window.addLast(now);
            }
            if (held != null) {
                held.put(lease, now + LEASE_TTL.toMillis());
            }
            return Decision.ALLOWED;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void releaseKey(long keyId, String lease) {
        lock.lock();
        try {
            Map<String, Long> held = leases.get(keyId);
            if (held != null) {
                held.remove(lease);
                if (held.isEmpty()) {
                    leases.remove(keyId);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void charge(Charge c) {
        if (c.tokens() <= 0 && c.usd() <= 0) {
            return;
        }
        long now = clock.millis();
        lock.lock();
        try {
            if (c.keyId() != null) {
                Spent s = spent.get(c.keyId());
                spent.put(c.keyId(), Spent.of((s == null ? KeySpend.ZERO : s.at(now)).plus(c.usd(), c.tokens()), now));
                if (c.tokens() > 0) {
                    keyTpm.computeIfAbsent(c.keyId(), id -> new TokenWindow()).add(now, c.tokens());
                }
            }
            if (c.providerTpm() && c.tokens() > 0) {
                providerTpm.computeIfAbsent(c.providerId(), id -> new TokenWindow()).add(now, c.tokens());
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void seedKeys(Map<Long, KeySpend> fromDatabase) {
        long now = clock.millis();
        lock.lock();
        try {
            fromDatabase.forEach((id, s) -> spent.putIfAbsent(id, Spent.of(s, now)));
        } finally {
            lock.unlock();
        }
    }

    /** Every key's usage as of now (for {@link RedisLimiter} to reseed a Redis that lost it). */
    Map<Long, KeySpend> spent() {
        long now = clock.millis();
        lock.lock();
        try {
            Map<Long, KeySpend> out = new HashMap<>();
            spent.forEach((id, s) -> out.put(id, s.at(now)));
            return out;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<KeyState> keyStates(List<Long> keyIds) {
        long now = clock.millis();
        lock.lock();
        try {
            List<KeyState> out = new ArrayList<>();
            for (long id : keyIds) {
                Spent s = spent.get(id);
                ArrayDeque<Long> window = keyRpm.get(id);
                if (window != null) {
                    trim(window, now);
                }
                TokenWindow tpm = keyTpm.get(id);
                Map<String, Long> held = leases.get(id);
                out.add(new KeyState(id, s == null ? KeySpend.ZERO : s.at(now), window == null ? 0 : window.size(),
                                     tpm == null ? 0 : tpm.sum(now),
                                     held == null ? 0 : (int) held.values().stream().filter(e -> e > now).count()));
            }
            return List.copyOf(out);
        } finally {
            lock.unlock();
        }
    }

    /** {@code null} lists mean every provider / association with live state. */
    @Override
    public Snapshot snapshot(List<Long> providerIds, List<Long> associationIds) {
        long now = clock.millis();
        lock.lock();
        try {
            List<Long> providers = providerIds != null ? providerIds : sortedUnion(rpm, ipLocks);
            List<Long> associations = associationIds != null ? associationIds : sortedUnion(tokenLocks, Map.of());
            List<RpmState> counts = new ArrayList<>();
            List<IpLockState> ips = new ArrayList<>();
            for (long id : providers) {
                ArrayDeque<Long> window = rpm.get(id);
                if (window != null) {
                    trim(window, now);
                }
                counts.add(new RpmState(id, window == null ? 0 : window.size()));
                Hold<String> held = live(ipLocks, id, now);
                if (held != null) {
                    ips.add(new IpLockState(id, held.owner(), Instant.ofEpochMilli(held.expiresAt())));
                }
            }
            List<TokenLockState> tokens = new ArrayList<>();
            for (long id : associations) {
                Hold<Long> held = live(tokenLocks, id, now);
                if (held != null) {
                    tokens.add(new TokenLockState(id, held.owner(), Instant.ofEpochMilli(held.expiresAt())));
                }
            }
            return new Snapshot(List.copyOf(counts), List.copyOf(ips), List.copyOf(tokens));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean clearIpLock(long providerId) {
        long now = clock.millis();
        lock.lock();
        try {
            Hold<String> held = ipLocks.remove(providerId);
            return held != null && held.liveAt(now);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Status status() {
        return new Status("memory", true, "in-process limits (single instance)");
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }

    /** Drops every expired entry; runs every 30 s, callable by tests. */
    void sweep() {
        long now = clock.millis();
        lock.lock();
        try {
            rpm.values().forEach(window -> trim(window, now));
            rpm.values().removeIf(ArrayDeque::isEmpty);
            keyRpm.values().forEach(window -> trim(window, now));
            keyRpm.values().removeIf(ArrayDeque::isEmpty);
            keyTpm.values().removeIf(w -> w.isEmpty(now));
            providerTpm.values().removeIf(w -> w.isEmpty(now));
            leases.values().forEach(held -> held.values().removeIf(expiry -> expiry <= now));
            leases.values().removeIf(Map::isEmpty);
            ipLocks.values().removeIf(h -> !h.liveAt(now));
            tokenLocks.values().removeIf(h -> !h.liveAt(now));
        } finally {
            lock.unlock();
        }
    }

    /** Entries held in memory (RPM timestamps plus locks), for tests of the memory bound. */
    int trackedEntries() {
        lock.lock();
        try {
            return rpm.values().stream().mapToInt(ArrayDeque::size).sum() + ipLocks.size() + tokenLocks.size();
        } finally {
            lock.unlock();
        }
    }

    /** The lock key for a client IP; an unknown client is one owner named {@code unknown}. */
    static String clientIpKey(String clientIp) {
        return clientIp == null || clientIp.isBlank() ? "unknown" : clientIp;
    }

    private static void trim(ArrayDeque<Long> window, long now) {
        while (!window.isEmpty() && window.peekFirst() <= now - WINDOW_MS) {
            window.pollFirst();
        }
    }

    private static long nthOldest(ArrayDeque<Long> window, int n) {
        var it = window.iterator();
        for (int i = 0; i < n; i++) {
            it.next();
        }
        return it.next();
    }

    private static <T> Hold<T> live(Map<Long, Hold<T>> locks, long id, long now) {
        Hold<T> held = locks.get(id);
        if (held != null && !held.liveAt(now)) {
            locks.remove(id);
            return null;
        }
        return held;
    }

    private static List<Long> sortedUnion(Map<Long, ?> a, Map<Long, ?> b) {
        return java.util.stream.Stream.concat(a.keySet().stream(), b.keySet().stream())
                .distinct().sorted(Comparator.naturalOrder()).toList();
    }
}
