package io.llmio.auth;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;

/**
 * Failed logins per client IP (admin token on {@code /api}, API keys on the proxy endpoints): after
 * {@code maxFailures} failures within {@code window} of the first one, every attempt from that IP
 * (right or wrong, so a guesser learns nothing) is refused until the window ends. Memory is bounded:
 * at most {@value #MAX_TRACKED} IPs are tracked, each entry expiring with its window. Failures are
 * logged with the IP and where, never the presented secret: the first of a window and the one that
 * blocks the IP, at most ten lines per second overall (lines skipped are counted in the next one).
 */
public final class LoginThrottle {
    private static final Logger LOG = Logger.getLogger(LoginThrottle.class.getName());
    static final int MAX_TRACKED = 100_000;
    private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int MAX_LINES_PER_SECOND = 10;

    private final int maxFailures;
    private final Duration window;
    private final Ticker ticker;
    private final Cache<String, Failures> byIp;
    private long logSecond = Long.MIN_VALUE / 2;
    private int loggedThisSecond;
    private int unlogged;

    private record Failures(long firstNanos, AtomicInteger count) {
    }

    /** @param maxFailures failures per window before an IP is refused; 0 turns the throttle off */
    public LoginThrottle(int maxFailures, Duration window) {
        this(maxFailures, window, Ticker.systemTicker());
    }

    LoginThrottle(int maxFailures, Duration window, Ticker ticker) {
        this.maxFailures = maxFailures;
        this.window = window;
        this.ticker = ticker;
        this.byIp = Caffeine.newBuilder().maximumSize(MAX_TRACKED).ticker(ticker)
                .expireAfter(Expiry.creating((String ip, Failures f) -> window)).build();
    }

    public boolean enabled() {
        return maxFailures > 0;
    }

    /** How long {@code ip} must wait before its next attempt, or null when it may try now. */
    public Duration blocked(String ip) {
        if (maxFailures <= 0 || byIp.estimatedSize() == 0) {
            return null;
        }
        Failures f = byIp.getIfPresent(ip);
        if (f == null || f.count().get() < maxFailures) {
            return null;
        }
        long left = f.firstNanos() + window.toNanos() - ticker.read();
        return left <= 0 ? null : Duration.ofNanos(left);
    }

    /** Counts a failed login of {@code ip} at {@code where} (e.g. "admin API", "POST /v1/chat/completions"). */
    public void failed(String ip, String where) {
        if (maxFailures <= 0) {
            return;
        }
        Failures f = byIp.get(ip, k -> new Failures(ticker.read(), new AtomicInteger()));
        int n = f.count().incrementAndGet();
        if (n == 1) {
            log("failed login from " + ip + " (" + where + ")");
        } else if (n == maxFailures) {
            log("failed login from " + ip + " (" + where + "): " + n + " failures within " + window.toSeconds()
                        + " s; refusing this IP (429) until the window ends");
        }
    }

    private synchronized void log(String line) {
        long now = ticker.read();
        if (now - logSecond >= LOG_INTERVAL_NANOS) {
            logSecond = now;
            loggedThisSecond = 0;
        }
        if (loggedThisSecond >= MAX_LINES_PER_SECOND) {
            unlogged++;
            return;
        }
        loggedThisSecond++;
        LOG.warning(line + (unlogged == 0 ? "" : " [" + unlogged + " similar line(s) suppressed before]"));
        unlogged = 0;
    }
}
