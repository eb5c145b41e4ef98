package io.llmio.limits;

import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.llmio.registry.KeyLimits;
import io.llmio.registry.KeySpend;

/**
 * Limits and locks kept in Redis (SPEC §5), shared by every gateway instance that uses the same
 * Redis and key prefix. Each admission is one Lua script: all checks, then all takes, atomically
 * and in one round trip. "Now" is the Redis server's {@code TIME}, so instances with skewed clocks
 * still agree; only tests pass their own clock (see {@link #RedisLimiter(RedisUrl, String, InstantSource)}).
 *
 * <p>Keys: {@code <prefix>rpm:<providerId>} (sorted set of request timestamps, trimmed to 60 s,
 * {@code PEXPIRE} 60 s), {@code <prefix>ip:<providerId>} and {@code <prefix>tok:<associationId>}
 * (string {@code <expiresAtMillis>|<owner>} with {@code PX}), {@code <prefix>ptpm:<providerId>} and
 * {@code <prefix>ktpm:<keyId>} (hash of one-second token buckets, 60 s), per API key {@code kuse:<keyId>}
 * (hash: spend and tokens in total, of the UTC day and month it names), {@code krpm:<keyId>} (as rpm) and
 * {@code kpar:<keyId>} (sorted set of parallel slots by expiry, {@link #LEASE_TTL}).
 *
 * <p>Key usage is seeded from the database at start where Redis has none ({@link #seedKeys}) and counted here
 * and in the local fallback, so that the fallback knows this instance's view while Redis is down; when Redis
 * comes back, keys it has no usage for (restarted without its data) are seeded from that view.
 *
 * <p>Outage policy: while Redis is unreachable (500 ms connect/socket timeouts), admissions are
 * decided by a local {@link MemoryLimiter} per instance, {@link #status()} reports {@code up=false},
 * and Redis is probed at most once a second until it answers again. Rationale:
 * docs/design-notes.md.
 */
public final class RedisLimiter implements Limiter {
    public static final String DEFAULT_PREFIX = "llmio:";
    private static final System.Logger LOG = System.getLogger(RedisLimiter.class.getName());
    private static final int TIMEOUT_MS = 500;
    private static final long PROBE_EVERY_NANOS = Duration.ofSeconds(1).toNanos();
    private static final String WINDOW_MS = Long.toString(RPM_WINDOW.toMillis());
    private static final String TOKEN_LOCK_MS = Long.toString(TOKEN_LOCK.toMillis());
    private static final String LEASE_MS = Long.toString(LEASE_TTL.toMillis());

    private final RedisClient client;
    private final RedisUrl url;
    private final String prefix;
    private final InstantSource clock;
    private final MemoryLimiter fallback;
    private final String instance = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicBoolean up = new AtomicBoolean(true);
    private final AtomicLong nextProbe = new AtomicLong();
    private volatile String downDetail = "";

    /** Production form: server time, the given key prefix ({@link #DEFAULT_PREFIX} when blank). */
    public RedisLimiter(RedisUrl url, String keyPrefix) {
        this(url, keyPrefix, null);
    }

    /**
     * @param clock when not null, "now" comes from this clock instead of Redis {@code TIME}; for
     *              tests that move time by hand. All instances sharing a Redis must then share it.
     */
    public RedisLimiter(RedisUrl url, String keyPrefix, InstantSource clock) {
        this.url = url;
        this.prefix = keyPrefix == null || keyPrefix.isBlank() ? DEFAULT_PREFIX : keyPrefix;
        this.clock = clock;
        this.fallback = clock == null ? new MemoryLimiter() : new MemoryLimiter(clock);
        DefaultJedisClientConfig config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(TIMEOUT_MS)
                .socketTimeoutMillis(TIMEOUT_MS)
                .user(url.user().isEmpty() ? null : url.user())
                .password(url.password().isEmpty() ? null : url.password().value())
                .database(url.database())
                .ssl(url.tls())
                .clientName("llmio")
                .build();
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(64);
        pool.setMaxIdle(16);
        pool.setMaxWait(Duration.ofSeconds(1));
        this.client = RedisClient.builder().hostAndPort(url.host(), url.port())
                .clientConfig(config).poolConfig(pool).build();
    }

    @Override
    public Decision admit(Admission a) {
        String ip = MemoryLimiter.clientIpKey(a.clientIp());
        List<String> keys = List.of(rpmKey(a.providerId()), ipKey(a.providerId()), tokenKey(a.associationId()),
                                    prefix + "ptpm:" + a.providerId());
        List<String> args = List.of(now(), Integer.toString(Math.max(0, a.rpmLimit())),
                Long.toString(Math.max(0, a.ipLockMinutes()) * 60_000L), ip,
                a.authKeyId() == null ? "" : a.authKeyId().toString(),
                instance + ":" + sequence.incrementAndGet(), WINDOW_MS, TOKEN_LOCK_MS,
                Integer.toString(Math.max(0, a.tpmLimit())));
        return call(() -> {
            List<?> r = (List<?>) eval(RedisScript.ADMIT, keys, args);
            if (((Long) r.get(0)) == 1L) {
                return Decision.ALLOWED;
            }
            return Decision.denied((String) r.get(1), Duration.ofMillis((Long) r.get(2)));
        }, () -> fallback.admit(a));
    }

    @Override
    public Decision admitKey(long keyId, KeyLimits l, String lease) {
        List<String> args = List.of(now(), usd(l.usd()), usd(l.usdDaily()), usd(l.usdMonthly()),
                Long.toString(l.tokens()), Long.toString(l.tokensDaily()), Long.toString(l.tokensMonthly()),
                Integer.toString(l.rpm()), Integer.toString(l.tpm()), Integer.toString(l.maxParallel()), lease,
                WINDOW_MS, LEASE_MS);
        return call(() -> {
            List<?> r = (List<?>) eval(RedisScript.ADMIT_KEY, keyKeys(keyId), args);
            if (((Long) r.get(0)) == 1L) {
                return Decision.ALLOWED;
            }
            String reason = (String) r.get(1);
            Decision d = Decision.denied(reason, Duration.ofMillis((Long) r.get(2)));
            return d.budget() ? Decision.denied(reason, KeyBudgets.resetIn(reason, (Long) r.get(3))) : d;
        }, () -> fallback.admitKey(keyId, l, lease));
    }

    @Override
    public void releaseKey(long keyId, String lease) {
        fallback.releaseKey(keyId, lease);
        call(() -> client.zrem(prefix + "kpar:" + keyId, lease), () -> 0L);
    }

    /** Counted in Redis and in the local fallback too, which then holds this instance's view while Redis is down. */
    @Override
    public void charge(Charge c) {
        if (c.tokens() <= 0 && c.usd() <= 0) {
            return;
        }
        fallback.charge(c);
        String key = c.keyId() == null ? "-" : c.keyId().toString();
        call(() -> eval(RedisScript.CHARGE,
                        List.of(prefix + "kuse:" + key, prefix + "ktpm:" + key, prefix + "ptpm:" + c.providerId()),
                        List.of(now(), c.keyId() == null ? "0" : "1", Long.toString(Math.max(0, c.tokens())),
                                usd(c.usd()), c.providerTpm() ? "1" : "0")),
             () -> 0L);
    }

    @Override
    public void seedKeys(Map<Long, KeySpend> spent) {
        fallback.seedKeys(spent);
        call(() -> {
            seed(spent);
            return 0L;
        }, () -> 0L);
    }

    @Override
    public List<KeyState> keyStates(List<Long> keyIds) {
        if (keyIds.isEmpty()) {
            return List.of();
        }
        return call(() -> {
            List<String> keys = new ArrayList<>();
            keyIds.forEach(id -> keys.addAll(keyKeys(id)));
            List<?> r = (List<?>) eval(RedisScript.KEY_STATES, keys, List.of(now(), WINDOW_MS));
            List<KeyState> out = new ArrayList<>();
            int i = 0;
            for (long id : keyIds) {
                double usd = Double.parseDouble((String) r.get(i));
                double usdDay = Double.parseDouble((String) r.get(i + 1));
                double usdMonth = Double.parseDouble((String) r.get(i + 2));
                KeySpend spend = new KeySpend(usd, (Long) r.get(i + 3), usdDay, (Long) r.get(i + 4), usdMonth,
                                              (Long) r.get(i + 5));
                out.add(new KeyState(id, spend, ((Long) r.get(i + 6)).intValue(), (Long) r.get(i + 7),
                                     ((Long) r.get(i + 8)).intValue()));
                i += 9;
            }
            return List.copyOf(out);
        }, () -> fallback.keyStates(keyIds));
    }

    /** {@code null} lists mean every provider / association with state under this prefix (SCAN). */
    @Override
    public Snapshot snapshot(List<Long> providerIds, List<Long> associationIds) {
        return call(() -> {
            List<Long> providers = providerIds != null ? providerIds : scanIds("rpm:", "ip:");
            List<Long> associations = associationIds != null ? associationIds : scanIds("tok:");
            List<String> keys = new ArrayList<>();
            providers.forEach(id -> { keys.add(rpmKey(id)); keys.add(ipKey(id)); });
            associations.forEach(id -> keys.add(tokenKey(id)));
            List<?> r = (List<?>) eval(RedisScript.SNAPSHOT, keys,
                    List.of(now(), Integer.toString(providers.size()), WINDOW_MS));
            List<RpmState> rpm = new ArrayList<>();
            List<IpLockState> ips = new ArrayList<>();
            List<TokenLockState> tokens = new ArrayList<>();
            int i = 1;
            for (long id : providers) {
                rpm.add(new RpmState(id, ((Long) r.get(i++)).intValue()));
                String v = (String) r.get(i++);
                if (!v.isEmpty()) {
                    ips.add(new IpLockState(id, owner(v), expiry(v)));
                }
            }
            for (long id : associations) {
                String v = (String) r.get(i++);
                if (!v.isEmpty()) {
                    tokens.add(new TokenLockState(id, Long.parseLong(owner(v)), expiry(v)));
                }
            }
            return new Snapshot(List.copyOf(rpm), List.copyOf(ips), List.copyOf(tokens));
        }, () -> fallback.snapshot(providerIds, associationIds));
    }

    /** Clears the lock in Redis (and in the local fallback, which is all there is while down). */
    @Override
    public boolean clearIpLock(long providerId) {
        boolean local = fallback.clearIpLock(providerId);
        return call(() -> ((Long) eval(RedisScript.CLEAR, List.of(ipKey(providerId)), List.of(now()))) == 1L || local,
                    () -> local);
    }

    /** Pings Redis (at most once a second while it is down). */
    @Override
    public Status status() {
        boolean reachable = call(() -> "PONG".equalsIgnoreCase(client.ping()), () -> false);
        if (reachable) {
            return new Status("redis", true, url.toString());
        }
        return new Status("redis", false, "unreachable at " + url + ": " + downDetail
                + "; serving with in-process limits (per instance) until it recovers");
    }

    @Override
    public void close() {
        fallback.close();
        client.close();
    }

    /** Runs {@code work} against Redis unless it is down and not due for a probe; else the fallback. */
    private <T> T call(Supplier<T> work, Supplier<T> local) {
        if (!up.get()) {
            long due = nextProbe.get();
            long nowNanos = System.nanoTime();
            if (nowNanos - due < 0 || !nextProbe.compareAndSet(due, nowNanos + PROBE_EVERY_NANOS)) {
                return local.get();
            }
        }
        T result;
        try {
            result = work.get();
        } catch (JedisException | ClassCastException e) {
            markDown(e);
            return local.get();
        }
        if (up.compareAndSet(false, true)) {
            LOG.log(Level.INFO, "Redis limits store at " + url + " is reachable again; limits are shared again");
            reseed();
        }
        return result;
    }

    /**
     * Back from an outage: key usage Redis does not hold (a Redis restarted without its data) is taken from this
     * instance's view (the database at start plus what it counted since); what Redis still holds stays.
     */
    private void reseed() {
        try {
            seed(fallback.spent());
        } catch (JedisException | ClassCastException e) {
            markDown(e);
        }
    }

    private void seed(Map<Long, KeySpend> spent) {
        spent.forEach((id, s) -> eval(RedisScript.SEED, List.of(prefix + "kuse:" + id),
                List.of(now(), usd(s.usd()), Long.toString(s.tokens()), usd(s.usdDay()), Long.toString(s.tokensDay()),
                        usd(s.usdMonth()), Long.toString(s.tokensMonth()))));
    }

    private void markDown(RuntimeException e) {
        downDetail = e.getClass().getSimpleName() + ": " + e.getMessage();
        nextProbe.set(System.nanoTime() + PROBE_EVERY_NANOS);
        if (up.compareAndSet(true, false)) {
            LOG.log(Level.WARNING, "Redis limits store at " + url + " is unreachable (" + downDetail
                    + "); using in-process limits per instance until it recovers");
        }
        try {
            client.getPool().clear(); // drop idle connections to the dead server
        } catch (RuntimeException ignored) {
            // nothing idle or pool closing: nothing to drop
        }
    }

    private Object eval(RedisScript script, List<String> keys, List<String> args) {
        try {
            return client.evalsha(script.sha(), keys, args);
        } catch (JedisNoScriptException e) { // new or restarted server: EVAL also caches it
            return client.eval(script.text(), keys, args);
        }
    }

    private List<Long> scanIds(String... kinds) {
        TreeSet<Long> ids = new TreeSet<>();
        for (String kind : kinds) {
            String base = prefix + kind;
            ScanParams params = new ScanParams().match(globEscape(base) + "*").count(500);
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = client.scan(cursor, params);
                for (String k : page.getResult()) {
                    String tail = k.substring(base.length());
                    if (tail.matches("-?\\d{1,19}")) {
                        ids.add(Long.parseLong(tail));
                    }
                }
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        }
        return List.copyOf(ids);
    }

    private String now() {
        return clock == null ? "" : Long.toString(clock.millis());
    }

    /** A key's usage hash, RPM zset, TPM hash and parallel zset, in the order the key scripts take them. */
    private List<String> keyKeys(long keyId) {
        return List.of(prefix + "kuse:" + keyId, prefix + "krpm:" + keyId, prefix + "ktpm:" + keyId,
                       prefix + "kpar:" + keyId);
    }

    /** A USD amount as Redis and Lua read it (no exponent). */
    private static String usd(double v) {
        return java.math.BigDecimal.valueOf(v).toPlainString();
    }

    private String rpmKey(long providerId) {
        return prefix + "rpm:" + providerId;
    }

    private String ipKey(long providerId) {
        return prefix + "ip:" + providerId;
    }

    private String tokenKey(long associationId) {
        return prefix + "tok:" + associationId;
    }

    private static String owner(String lockValue) {
        return lockValue.substring(lockValue.indexOf('|') + 1);
    }

    private static Instant expiry(String lockValue) {
        return Instant.ofEpochMilli(Long.parseLong(lockValue.substring(0, lockValue.indexOf('|'))));
    }

    private static String globEscape(String s) {
        return s.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
    }
}
