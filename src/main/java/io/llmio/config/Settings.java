package io.llmio.config;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;

import io.llmio.registry.Secret;
import io.llmio.upstream.ProxyEnvironment;
import io.llmio.upstream.UpstreamClient;

/**
 * The process settings of SPEC §1 after layering built-in defaults, the YAML file, {@code .env}
 * and real environment variables (lowest precedence first).
 *
 * @param databaseType   {@code postgres}, {@code mysql}, {@code embedded}, or null to infer
 * @param databaseDsn    DSN or null
 * @param migrate        apply pending migrations at start
 * @param token          admin token; empty = no auth anywhere
 * @param redisUrl       null = in-memory limits and locks
 * @param port           listen port
 * @param trustedProxies raw {@code TRUSTED_PROXIES} value
 * @param zone           time zone for "today" in statistics
 * @param configFile     the declarative file that was read (may not exist)
 * @param serverConfig   the file's {@code server:} section, flattened, handed to Helidon
 * @param logQueueSize   capacity of the request-log queue
 * @param requestLog     write a request_logs row per attempt (false: metrics, health and key usage only)
 * @param logLimits      bounds of the request-log pipeline and the shutdown grace
 * @param listener       open-connection cap and the header, body and idle timeouts of client connections
 * @param login          failed-login throttle per client IP (admin token and API keys)
 * @param relay          limits of relaying answers to callers (buffer, cap, client write timeout)
 * @param upstream       the cap on open connections per upstream and its wait queue
 * @param proxies        the proxy of providers without one of their own (HTTP_PROXY, HTTPS_PROXY, NO_PROXY)
 */
public record Settings(String databaseType,
                       String databaseDsn,
                       boolean migrate,
                       Secret token,
                       String redisUrl,
                       int port,
                       String trustedProxies,
                       ZoneId zone,
                       Path configFile,
                       Map<String, String> serverConfig,
                       int logQueueSize,
                       boolean requestLog,
                       LogLimits logLimits,
                       ListenerLimits listener,
                       LoginLimits login,
                       RelayLimits relay,
                       UpstreamClient.Limits upstream,
                       ProxyEnvironment proxies) {
    public static final int DEFAULT_PORT = 7070;

    /**
     * @param maxFailures   failed logins per client IP within the window before that IP gets 429; 0 = off
     * @param windowSeconds the window, counted from an IP's first failure
     */
    public record LoginLimits(int maxFailures, int windowSeconds) {
        public static final LoginLimits DEFAULT = new LoginLimits(10, 300);
    }

    public boolean authEnabled() {
        return !token.isEmpty();
    }
}
