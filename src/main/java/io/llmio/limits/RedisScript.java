package io.llmio.limits;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Lua scripts {@link RedisLimiter} runs, each atomic and one round trip. {@code ARGV[1]} is
 * "now" in epoch milliseconds, or empty to use the Redis server's {@code TIME} so that every
 * gateway instance agrees on one clock. Lock values are {@code <expiresAtMillis>|<owner>}: the
 * expiry inside the value is what counts, the key's {@code PX} only lets Redis reclaim memory.
 */
record RedisScript(String text, String sha) {

    private static final String PRELUDE = """
            local now = tonumber(ARGV[1])
            if not now then
              local t = redis.call('TIME')
              now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            end
            local function ms(x) return string.format('%.0f', x) end
            local function held(key)
              local v = redis.call('GET', key)
              if not v then return nil end
              local sep = string.find(v, '|', 1, true)
              local exp = tonumber(string.sub(v, 1, sep - 1))
              if exp <= now then return nil end
              return string.sub(v, sep + 1), exp, v
            end
            """;

    /**
     * KEYS: rpm zset, ip lock, token lock. ARGV: now, rpmLimit, ipLockMs, clientIp, authKeyId
     * (empty for admin), unique zset member, window ms, token lock ms.
     * Returns {allowed 1|0, reason or '', retryAfterMs}.
     */
    static final RedisScript ADMIT = of(PRELUDE + """
            local limit, ipMs, ip, key = tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4], ARGV[5]
            local window, tokMs = tonumber(ARGV[7]), tonumber(ARGV[8])
            local reason, wait = '', 0
            local function deny(r, w)
              if reason == '' then reason = r end
              if w > wait then wait = w end
            end
            if limit > 0 then
              redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ms(now - window))
              local n = redis.call('ZCARD', KEYS[1])
              if n >= limit then
                local nth = redis.call('ZRANGE', KEYS[1], n - limit, n - limit, 'WITHSCORES')
                deny('rpm', tonumber(nth[2]) + window - now)
              end
            end
            if ipMs > 0 then
              local owner, exp = held(KEYS[2])
              if owner and owner ~= ip then deny('ip_lock', exp - now) end
            end
            if key ~= '' then
              local owner, exp = held(KEYS[3])
              if owner and owner ~= key then deny('token_lock', exp - now) end
            end
            if reason ~= '' then return {0, reason, wait} end
            if limit > 0 then
              redis.call('ZADD', KEYS[1], ms(now), ARGV[6])
              redis.call('PEXPIRE', KEYS[1], window)
            end
            if ipMs > 0 then redis.call('SET', KEYS[2], ms(now + ipMs) .. '|' .. ip, 'PX', ipMs) end
            if key ~= '' then redis.call('SET', KEYS[3], ms(now + tokMs) .. '|' .. key, 'PX', tokMs) end
            return {1, '', 0}
            """);

    /**
     * KEYS: for each provider its rpm zset and ip lock, then one token lock per association.
     * ARGV: now, provider count, window ms. Returns {now, per provider: count and lock value or '',
     * per association: lock value or ''}.
     */
    static final RedisScript SNAPSHOT = of(PRELUDE + """
            local np, window = tonumber(ARGV[2]), tonumber(ARGV[3])
            local out = {now}
            for i = 1, np do
              out[#out + 1] = redis.call('ZCOUNT', KEYS[2 * i - 1], '(' .. ms(now - window), '+inf')
              local _, _, v = held(KEYS[2 * i])
              out[#out + 1] = v or ''
            end
            for i = 2 * np + 1, #KEYS do
              local _, _, v = held(KEYS[i])
              out[#out + 1] = v or ''
            end
            return out
            """);

    /** KEYS: ip lock. ARGV: now. Deletes it; returns 1 when it was live. */
    static final RedisScript CLEAR = of(PRELUDE + """
            local owner = held(KEYS[1])
            redis.call('DEL', KEYS[1])
            if owner then return 1 end
            return 0
            """);

    private static RedisScript of(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
            return new RedisScript(text, HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by the Java platform", e);
        }
    }
}
