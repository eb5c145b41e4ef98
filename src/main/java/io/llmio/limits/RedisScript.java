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
            -- TPM: a hash of one-second buckets (second -> tokens) over the sliding 60 s
            local function buckets(key)
              local nowS = math.floor(now / 1000)
              local all = redis.call('HGETALL', key)
              local list, sum = {}, 0
              for i = 1, #all, 2 do
                local sec, tok = tonumber(all[i]), tonumber(all[i + 1])
                if sec <= nowS - 60 then redis.call('HDEL', key, all[i])
                else list[#list + 1] = {sec, tok}; sum = sum + tok end
              end
              table.sort(list, function(a, b) return a[1] < b[1] end)
              return list, sum
            end
            local function tpmWait(key, limit)
              local list, sum = buckets(key)
              for _, b in ipairs(list) do
                if sum < limit then break end
                sum = sum - b[2]
                if sum < limit then return (b[1] + 60) * 1000 - now end
              end
              return 0
            end
            -- key budgets: UTC day and month numbers as in UsagePeriods (days from the epoch; year * 12 + month - 1)
            local today = math.floor(now / 86400000)
            local function monthOf(days)
              local z = days + 719468
              local era = math.floor(z / 146097)
              local doe = z - era * 146097
              local yoe = math.floor((doe - math.floor(doe / 1460) + math.floor(doe / 36524) - math.floor(doe / 146096)) / 365)
              local doy = doe - (365 * yoe + math.floor(yoe / 4) - math.floor(yoe / 100))
              local mp = math.floor((5 * doy + 2) / 153)
              local m = mp < 10 and mp + 3 or mp - 9
              local y = yoe + era * 400
              if m <= 2 then y = y + 1 end
              return y * 12 + m - 1
            end
            local month = monthOf(today)
            -- a key's usage hash: totals, then the day and month it counts and their parts (0 once past)
            local function spent(key)
              local v = redis.call('HMGET', key, 't:usd', 't:tok', 'day', 'd:usd', 'd:tok', 'mon', 'm:usd', 'm:tok')
              local function n(x) return tonumber(x) or 0 end
              local d, m = n(v[3]) == today, n(v[6]) == month
              return {n(v[1]), n(v[2]), d and n(v[4]) or 0, d and n(v[5]) or 0, m and n(v[7]) or 0, m and n(v[8]) or 0}
            end
            """;

    /**
     * KEYS: rpm zset, ip lock, token lock, provider tpm hash. ARGV: now, rpmLimit, ipLockMs, clientIp, authKeyId
     * (empty for admin), unique zset member, window ms, token lock ms, tpmLimit.
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
            local tpm = tonumber(ARGV[9]) or 0
            if tpm > 0 then
              local w = tpmWait(KEYS[4], tpm)
              if w > 0 then deny('tpm', w) end
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

    /**
     * KEYS: key usage hash, key rpm zset, key tpm hash, key parallel zset (lease -> expiry). ARGV: now, budgets
     * usd, usd daily, usd monthly, tokens, tokens daily, tokens monthly, limits rpm, tpm, parallel, lease name,
     * window ms, lease ms. Budgets in the order of {@link KeyBudgets#exhausted}. Returns {allowed 1|0, reason or '',
     * retryAfterMs, now}.
     */
    static final RedisScript ADMIT_KEY = of(PRELUDE + """
            local l = {}
            for i = 2, 10 do l[i] = tonumber(ARGV[i]) end
            local s = spent(KEYS[1])
            local function over(b, u) return b > 0 and u >= b end
            if over(l[2], s[1]) then return {0, 'usd', 0, now} end
            if over(l[4], s[5]) then return {0, 'usd_monthly', 0, now} end
            if over(l[3], s[3]) then return {0, 'usd_daily', 0, now} end
            if over(l[5], s[2]) then return {0, 'tokens', 0, now} end
            if over(l[7], s[6]) then return {0, 'tokens_monthly', 0, now} end
            if over(l[6], s[4]) then return {0, 'tokens_daily', 0, now} end
            local rpm, tpm, par = l[8], l[9], l[10]
            local lease, window, leaseMs = ARGV[11], tonumber(ARGV[12]), tonumber(ARGV[13])
            local reason, wait = '', 0
            local function deny(r, w)
              if reason == '' then reason = r end
              if w > wait then wait = w end
            end
            if par > 0 then
              redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', ms(now))
              if redis.call('ZCARD', KEYS[4]) >= par then deny('parallel', 1000) end
            end
            if rpm > 0 then
              redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ms(now - window))
              local n = redis.call('ZCARD', KEYS[2])
              if n >= rpm then
                local nth = redis.call('ZRANGE', KEYS[2], n - rpm, n - rpm, 'WITHSCORES')
                deny('key_rpm', tonumber(nth[2]) + window - now)
              end
            end
            if tpm > 0 then
              local w = tpmWait(KEYS[3], tpm)
              if w > 0 then deny('key_tpm', w) end
            end
            if reason ~= '' then return {0, reason, wait, now} end
            if rpm > 0 then
              redis.call('ZADD', KEYS[2], ms(now), lease)
              redis.call('PEXPIRE', KEYS[2], window)
            end
            if par > 0 then
              redis.call('ZADD', KEYS[4], ms(now + leaseMs), lease)
              redis.call('PEXPIRE', KEYS[4], leaseMs)
            end
            return {1, '', 0, now}
            """);

    /**
     * KEYS: key usage hash, key tpm hash, provider tpm hash. ARGV: now, '1' to count for the key, tokens, usd,
     * '1' to count in the provider's TPM window. Returns 1.
     */
    static final RedisScript CHARGE = of(PRELUDE + """
            local tok, usd = tonumber(ARGV[3]), ARGV[4]
            local sec = ms(math.floor(now / 1000))
            if ARGV[2] == '1' then
              local v = redis.call('HMGET', KEYS[1], 'day', 'mon')
              if tonumber(v[1]) ~= today then redis.call('HSET', KEYS[1], 'day', ms(today), 'd:usd', '0', 'd:tok', '0') end
              if tonumber(v[2]) ~= month then redis.call('HSET', KEYS[1], 'mon', ms(month), 'm:usd', '0', 'm:tok', '0') end
              for _, p in ipairs({'t', 'd', 'm'}) do
                redis.call('HINCRBYFLOAT', KEYS[1], p .. ':usd', usd)
                redis.call('HINCRBY', KEYS[1], p .. ':tok', tok)
              end
              if tok > 0 then
                redis.call('HINCRBY', KEYS[2], sec, tok)
                redis.call('PEXPIRE', KEYS[2], 61000)
              end
            end
            if ARGV[5] == '1' and tok > 0 then
              redis.call('HINCRBY', KEYS[3], sec, tok)
              redis.call('PEXPIRE', KEYS[3], 61000)
            end
            return 1
            """);

    /**
     * KEYS: key usage hash. ARGV: now, total usd, total tokens, day usd, day tokens, month usd, month tokens.
     * Sets them only when the hash does not exist (another instance or an earlier run seeded it already).
     */
    static final RedisScript SEED = of(PRELUDE + """
            if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
            redis.call('HSET', KEYS[1], 't:usd', ARGV[2], 't:tok', ARGV[3], 'day', ms(today), 'd:usd', ARGV[4],
                       'd:tok', ARGV[5], 'mon', ms(month), 'm:usd', ARGV[6], 'm:tok', ARGV[7])
            return 1
            """);

    /**
     * KEYS: per key its usage hash, rpm zset, tpm hash and parallel zset. ARGV: now, window ms. Returns per key:
     * usd total, day, month (strings), tokens total, day, month, rpm count, tpm sum, parallel count.
     */
    static final RedisScript KEY_STATES = of(PRELUDE + """
            local window = tonumber(ARGV[2])
            local out = {}
            for i = 1, #KEYS, 4 do
              local s = spent(KEYS[i])
              local _, sum = buckets(KEYS[i + 2])
              for _, x in ipairs({tostring(s[1]), tostring(s[3]), tostring(s[5]), s[2], s[4], s[6],
                                  redis.call('ZCOUNT', KEYS[i + 1], '(' .. ms(now - window), '+inf'), sum,
                                  redis.call('ZCOUNT', KEYS[i + 3], '(' .. ms(now), '+inf')}) do
                out[#out + 1] = x
              end
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
