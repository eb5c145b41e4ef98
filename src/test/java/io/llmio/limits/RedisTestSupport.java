package io.llmio.limits;

import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.util.UUID;

/** Access to the test Redis at 127.0.0.1:6379 and per-test key prefixes. */
final class RedisTestSupport {
    static final String URL = "redis://127.0.0.1:6379/0";

    private RedisTestSupport() {
    }

    static String uniquePrefix() {
        return "llmio-test:" + UUID.randomUUID() + ":";
    }

    static void deleteKeys(RedisClient redis, String prefix) {
        String cursor = ScanParams.SCAN_POINTER_START;
        ScanParams match = new ScanParams().match(prefix + "*").count(500);
        do {
            ScanResult<String> page = redis.scan(cursor, match);
            if (!page.getResult().isEmpty()) {
                redis.del(page.getResult().toArray(String[]::new));
            }
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    }
}
