package io.llmio.config;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The settings that apply only at the next start, named as an operator writes them (YAML key and
 * environment variable): a live reload compares two reads of the config with {@link #changed} and
 * logs the names. Every {@link Settings} component (nested records included, unless the record is named as
 * one setting, as the token is) is compared, so a
 * setting added later is reported even before it is given a name here (by its Java path;
 * {@code RestartSettingsTest} fails until it is named).
 */
public final class RestartSettings {
    /** Component path (nested records joined by a dot) → the name the operator knows. */
    static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("databaseType", "database.type (DATABASE_TYPE)"),
            Map.entry("databaseDsn", "database.dsn (DATABASE_DSN)"),
            Map.entry("migrate", "database.migrate (DATABASE_MIGRATE)"),
            Map.entry("token", "token (TOKEN)"),
            Map.entry("redisUrl", "redis.url (REDIS_URL)"),
            Map.entry("port", "server.port (LLMIO_SERVER_PORT)"),
            Map.entry("trustedProxies", "trusted-proxies (TRUSTED_PROXIES)"),
            Map.entry("zone", "timezone (TZ)"),
            Map.entry("configFile", "LLMIO_CONFIG"),
            Map.entry("serverConfig", "server"),
            Map.entry("logQueueSize", "log.queue-size (LLMIO_LOG_QUEUE_SIZE)"),
            Map.entry("requestLog", "log.requests (LLMIO_REQUEST_LOG)"),
            Map.entry("logLimits.bodyMaxBytes", "log.body-max-bytes (LLMIO_LOG_BODY_MAX_BYTES)"),
            Map.entry("logLimits.bufferMaxBytes", "log.buffer-max-bytes (LLMIO_LOG_BUFFER_MAX_BYTES)"),
            Map.entry("logLimits.drainSeconds", "log.drain-seconds (LLMIO_LOG_DRAIN_SECONDS)"),
            Map.entry("logLimits.sweepRunningMinutes", "log.sweep-running-minutes (LLMIO_LOG_SWEEP_RUNNING_MINUTES)"),
            Map.entry("logLimits.shutdownGraceSeconds", "shutdown-grace-seconds (LLMIO_SHUTDOWN_GRACE_SECONDS)"),
            Map.entry("listener.maxConnections", "connections.max (LLMIO_MAX_CONNECTIONS)"),
            Map.entry("listener.headerTimeout", "connections.header-timeout-seconds (LLMIO_HEADER_TIMEOUT_SECONDS)"),
            Map.entry("listener.bodyTimeout", "connections.body-timeout-seconds (LLMIO_BODY_TIMEOUT_SECONDS)"),
            Map.entry("listener.idleTimeout", "connections.idle-timeout-seconds (LLMIO_IDLE_TIMEOUT_SECONDS)"),
            Map.entry("login.maxFailures", "login-throttle.max-failures (LLMIO_LOGIN_MAX_FAILURES)"),
            Map.entry("login.windowSeconds", "login-throttle.window-seconds (LLMIO_LOGIN_WINDOW_SECONDS)"),
            Map.entry("relay.responseBufferBytes", "relay.response-buffer-kb (LLMIO_RESPONSE_BUFFER_KB)"),
            Map.entry("relay.responseMaxBytes", "relay.response-max-mb (LLMIO_RESPONSE_MAX_MB)"),
            Map.entry("relay.clientWriteTimeout", "relay.client-write-timeout-seconds (LLMIO_CLIENT_WRITE_TIMEOUT)"),
            Map.entry("relay.translateMaxTokens", "relay.translate-max-tokens (LLMIO_TRANSLATE_MAX_TOKENS)"),
            Map.entry("upstream.maxConnections", "upstream.max-connections (LLMIO_UPSTREAM_MAX_CONNECTIONS)"),
            Map.entry("upstream.queue", "upstream.queue (LLMIO_UPSTREAM_QUEUE)"),
            Map.entry("upstream.queueTimeout", "upstream.queue-timeout-seconds (LLMIO_UPSTREAM_QUEUE_TIMEOUT_SECONDS)"),
            Map.entry("proxies", "HTTP_PROXY / HTTPS_PROXY / NO_PROXY"));

    private RestartSettings() {
    }

    /** The names of the settings that differ between {@code before} and {@code after}, sorted; never a value. */
    public static List<String> changed(Settings before, Settings after) {
        TreeSet<String> out = new TreeSet<>();
        compare("", before, after, out);
        return List.copyOf(out);
    }

    private static void compare(String prefix, Record before, Record after, TreeSet<String> out) {
        for (RecordComponent c : before.getClass().getRecordComponents()) {
            String path = prefix + c.getName();
            Object a = value(c, before);
            Object b = value(c, after);
            if (Objects.equals(a, b)) {
                continue;
            }
            if (a instanceof Record ra && b instanceof Record rb && !NAMES.containsKey(path)) {
                compare(path + ".", ra, rb, out);
            } else if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
                String base = NAMES.getOrDefault(path, path);
                for (Object key : keys(ma, mb)) {
                    if (!Objects.equals(ma.get(key), mb.get(key))) {
                        out.add(base + "." + key);
                    }
                }
            } else {
                out.add(NAMES.getOrDefault(path, path));
            }
        }
    }

    private static List<Object> keys(Map<?, ?> a, Map<?, ?> b) {
        List<Object> keys = new ArrayList<>(a.keySet());
        for (Object k : b.keySet()) {
            if (!a.containsKey(k)) {
                keys.add(k);
            }
        }
        return keys;
    }

    private static Object value(RecordComponent c, Record r) {
        try {
            return c.getAccessor().invoke(r);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + c.getName() + " of " + r.getClass().getSimpleName(), e);
        }
    }
}
