package io.llmio.limits;

/** Chooses the limiter from {@code REDIS_URL} (SPEC §5). */
public final class Limiters {
    private Limiters() {
    }

    /**
     * @param redisUrl the {@code REDIS_URL} value; null or blank keeps limits in memory
     * @throws io.llmio.errors.StartupException when the URL is malformed (password masked). An
     *         unreachable Redis is not an error: the server starts and {@link Limiter#status()}
     *         reports it (see {@link RedisLimiter} for the outage policy).
     */
    public static Limiter create(String redisUrl) {
        return create(redisUrl, RedisLimiter.DEFAULT_PREFIX);
    }

    /** As {@link #create(String)}, with the Redis key prefix (blank = {@code llmio:}). */
    public static Limiter create(String redisUrl, String keyPrefix) {
        if (redisUrl == null || redisUrl.isBlank()) {
            return new MemoryLimiter();
        }
        return new RedisLimiter(RedisUrl.parse(redisUrl), keyPrefix);
    }
}
