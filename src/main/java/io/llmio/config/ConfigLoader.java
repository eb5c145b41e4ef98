package io.llmio.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.github.cdimascio.dotenv.Dotenv;
import io.github.cdimascio.dotenv.DotenvEntry;
import io.llmio.registry.Secret;
import io.llmio.errors.StartupException;
import io.llmio.json.StrictObject;
import io.llmio.upstream.ProxyEnvironment;
import io.llmio.upstream.UpstreamClient;

/**
 * Layers the settings of SPEC §1, lowest precedence first: built-in defaults, the YAML file
 * ({@code config/llmio.yaml} or {@code LLMIO_CONFIG}), a {@code .env} file in the working
 * directory, real environment variables. Validates everything and fails with the exact key.
 */
public final class ConfigLoader {
    public static final String DEFAULT_CONFIG = "config/llmio.yaml";
    // a key given twice in one mapping is an error, not "the last one wins"
    private static final ObjectMapper YAML = new ObjectMapper(
            YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());
    private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private ConfigLoader() {
    }

    /**
     * What a start reads: the settings and the declared registry.
     *
     * @param env        the layered environment ({@code .env} under the real one) the file was read with
     * @param realEnv    the real environment given to {@link #load(Map, Path)}
     * @param workingDir the directory {@code .env} and a relative {@code LLMIO_CONFIG} are read from
     */
    public record Loaded(Settings settings, RegistrySpec registry, Map<String, String> env, Map<String, String> realEnv,
                         Path workingDir) {
        /** Reads the same sources again (a live reload): the file and {@code .env} as they are now. */
        public Loaded reread() {
            return load(realEnv, workingDir);
        }
    }

    /** Loads from the real environment and the process working directory. */
    public static Loaded load() {
        return load(System.getenv(), Path.of("").toAbsolutePath());
    }

    public static Loaded load(Map<String, String> realEnv, Path workingDir) {
        Map<String, String> env = new HashMap<>(dotenv(workingDir));
        env.putAll(realEnv);

        String configName = blankToNull(env.get("LLMIO_CONFIG"));
        Path configFile = workingDir.resolve(configName == null ? DEFAULT_CONFIG : configName);
        JsonNode tree = MissingNode.getInstance();
        String source = configFile.toString();
        if (Files.isRegularFile(configFile)) {
            tree = readYaml(configFile);
        } else if (configName != null) {
            throw new StartupException("LLMIO_CONFIG names `" + configFile + "`, which does not exist. "
                                               + "Point LLMIO_CONFIG at a readable YAML file or unset it.");
        }
        if (tree.isMissingNode() || tree.isNull()) {
            tree = YAML.createObjectNode();
        }
        UnaryOperator<String> interpolate = interpolator(env);
        StrictObject root = ConfigErrors.read(source, tree, interpolate);

        StrictObject server = root.child("server");
        Map<String, String> serverConfig = new LinkedHashMap<>();
        int port = Settings.DEFAULT_PORT;
        if (server != null) {
            port = server.integer("port", port, 0, 65535);
            flatten("", tree.get("server"), serverConfig);
            for (Map.Entry<String, String> e : serverConfig.entrySet()) {
                e.setValue(resolve(server, e.getKey(), e.getValue(), interpolate));
            }
            serverConfig.remove("port");
            // the rest of server: is Helidon's own; it validates its keys itself
            tree.get("server").fieldNames().forEachRemaining(server::raw);
            server.finish();
        }
        StrictObject database = root.child("database");
        String dbType = null;
        String dsn = null;
        boolean migrate = true;
        if (database != null) {
            dbType = blankToNull(database.string("type", null));
            dsn = blankToNull(database.string("dsn", null));
            migrate = database.bool("migrate", true);
            database.finish();
        }
        String token = root.string("token", "");
        StrictObject redis = root.child("redis");
        String redisUrl = null;
        if (redis != null) {
            redisUrl = blankToNull(redis.string("url", null));
            redis.finish();
        }
        String trusted = String.join(",", root.stringList("trusted-proxies"));
        String zone = blankToNull(root.string("timezone", null));
        StrictObject log = root.child("log");
        int queueSize = 10_000;
        boolean requestLog = true;
        LogLimits d = LogLimits.DEFAULT;
        int bodyMax = d.bodyMaxBytes();
        int bufferMax = d.bufferMaxBytes();
        int drain = d.drainSeconds();
        int sweep = d.sweepRunningMinutes();
        if (log != null) {
            queueSize = log.integer("queue-size", queueSize, 100, 10_000_000);
            requestLog = log.bool("requests", true);
            bodyMax = log.integer("body-max-bytes", bodyMax, 1024, 16 << 20);
            bufferMax = log.integer("buffer-max-bytes", bufferMax, 1 << 20, Integer.MAX_VALUE);
            drain = log.integer("drain-seconds", drain, 0, 600);
            sweep = log.integer("sweep-running-minutes", sweep, 1, 525_600);
            log.finish();
        }
        int grace = root.integer("shutdown-grace-seconds", d.shutdownGraceSeconds(), 0, 3600);
        ListenerLimits listener = listenerLimits(root.child("connections"), env);
        StrictObject login = root.child("login-throttle");
        int loginFailures = Settings.LoginLimits.DEFAULT.maxFailures();
        int loginWindow = Settings.LoginLimits.DEFAULT.windowSeconds();
        if (login != null) {
            loginFailures = login.integer("max-failures", loginFailures, 0, 1_000_000);
            loginWindow = login.integer("window-seconds", loginWindow, 1, 86_400);
            login.finish();
        }
        StrictObject relay = root.child("relay");
        int bufferKb = RelayLimits.DEFAULT_BUFFER_KB;
        int maxMb = RelayLimits.DEFAULT_MAX_MB;
        int writeTimeout = RelayLimits.DEFAULT_WRITE_TIMEOUT_SECONDS;
        int translateMaxTokens = RelayLimits.DEFAULT_TRANSLATE_MAX_TOKENS;
        if (relay != null) {
            translateMaxTokens = relay.integer("translate-max-tokens", translateMaxTokens, 1, 1_000_000);
            bufferKb = relay.integer("response-buffer-kb", bufferKb, 16, 256 * 1024);
            maxMb = relay.integer("response-max-mb", maxMb, 1, 1024 * 1024);
            writeTimeout = relay.integer("client-write-timeout-seconds", writeTimeout, 1, 86_400);
            relay.finish();
        }
        UpstreamClient.Limits upstream = upstreamLimits(root.child("upstream"), env);
        RegistrySpec registry = RegistryFile.read(root);
        root.finish();

        // environment (real env over .env) overrides the file
        dbType = envOr(env, "DATABASE_TYPE", dbType);
        dsn = envOr(env, "DATABASE_DSN", dsn);
        // a blank variable (as in a copied .env.example) counts as unset: it never clears a file setting
        if (blankToNull(env.get("DATABASE_MIGRATE")) != null) {
            migrate = envBool(env, "DATABASE_MIGRATE");
        }
        token = envOr(env, "TOKEN", token);
        redisUrl = envOr(env, "REDIS_URL", redisUrl);
        if (blankToNull(env.get("LLMIO_SERVER_PORT")) != null) {
            port = envInt(env, "LLMIO_SERVER_PORT", 0, 65535);
        }
        trusted = envOr(env, "TRUSTED_PROXIES", trusted);
        zone = envOr(env, "TZ", zone);
        if (blankToNull(env.get("LLMIO_LOG_QUEUE_SIZE")) != null) {
            queueSize = envInt(env, "LLMIO_LOG_QUEUE_SIZE", 100, 10_000_000);
        }
        if (blankToNull(env.get("LLMIO_REQUEST_LOG")) != null) {
            requestLog = envBool(env, "LLMIO_REQUEST_LOG");
        }
        if (blankToNull(env.get("LLMIO_LOG_BODY_MAX_BYTES")) != null) {
            bodyMax = envInt(env, "LLMIO_LOG_BODY_MAX_BYTES", 1024, 16 << 20);
        }
        if (blankToNull(env.get("LLMIO_LOG_BUFFER_MAX_BYTES")) != null) {
            bufferMax = envInt(env, "LLMIO_LOG_BUFFER_MAX_BYTES", 1 << 20, Integer.MAX_VALUE);
        }
        if (blankToNull(env.get("LLMIO_LOG_DRAIN_SECONDS")) != null) {
            drain = envInt(env, "LLMIO_LOG_DRAIN_SECONDS", 0, 600);
        }
        if (blankToNull(env.get("LLMIO_LOG_SWEEP_RUNNING_MINUTES")) != null) {
            sweep = envInt(env, "LLMIO_LOG_SWEEP_RUNNING_MINUTES", 1, 525_600);
        }
        if (blankToNull(env.get("LLMIO_SHUTDOWN_GRACE_SECONDS")) != null) {
            grace = envInt(env, "LLMIO_SHUTDOWN_GRACE_SECONDS", 0, 3600);
        }
        if (blankToNull(env.get("LLMIO_LOGIN_MAX_FAILURES")) != null) {
            loginFailures = envInt(env, "LLMIO_LOGIN_MAX_FAILURES", 0, 1_000_000);
        }
        if (blankToNull(env.get("LLMIO_LOGIN_WINDOW_SECONDS")) != null) {
            loginWindow = envInt(env, "LLMIO_LOGIN_WINDOW_SECONDS", 1, 86_400);
        }
        if (blankToNull(env.get("LLMIO_RESPONSE_BUFFER_KB")) != null) {
            bufferKb = envInt(env, "LLMIO_RESPONSE_BUFFER_KB", 16, 256 * 1024);
        }
        if (blankToNull(env.get("LLMIO_RESPONSE_MAX_MB")) != null) {
            maxMb = envInt(env, "LLMIO_RESPONSE_MAX_MB", 1, 1024 * 1024);
        }
        if (blankToNull(env.get("LLMIO_TRANSLATE_MAX_TOKENS")) != null) {
            translateMaxTokens = envInt(env, "LLMIO_TRANSLATE_MAX_TOKENS", 1, 1_000_000);
        }
        if (blankToNull(env.get("LLMIO_CLIENT_WRITE_TIMEOUT")) != null) {
            writeTimeout = envInt(env, "LLMIO_CLIENT_WRITE_TIMEOUT", 1, 86_400);
        }
        if (dbType != null) {
            dbType = dbType.trim().toLowerCase();
            if (!(dbType.equals("postgres") || dbType.equals("mysql") || dbType.equals("embedded"))) {
                throw new StartupException("DATABASE_TYPE (database.type) must be postgres, mysql or embedded, got `"
                                                   + dbType + "`.");
            }
        }
        Settings settings = new Settings(dbType, dsn, migrate, Secret.of(token == null ? "" : token.trim()), redisUrl, port,
                                         trusted == null ? "" : trusted, zone(zone), configFile, serverConfig, queueSize,
                                         requestLog, new LogLimits(bodyMax, bufferMax, drain, sweep, grace), listener,
                                         new Settings.LoginLimits(loginFailures, loginWindow),
                                         RelayLimits.of(bufferKb, maxMb, writeTimeout, translateMaxTokens), upstream,
                                         proxyEnvironment(env));
        return new Loaded(settings, registry, Map.copyOf(env), Map.copyOf(realEnv), workingDir);
    }

    /** The {@code upstream:} section under the {@code LLMIO_UPSTREAM_*} variables. */
    private static UpstreamClient.Limits upstreamLimits(StrictObject node, Map<String, String> env) {
        UpstreamClient.Limits d = UpstreamClient.Limits.DEFAULTS;
        int max = d.maxConnections();
        int queue = d.queue();
        int wait = (int) d.queueTimeout().toSeconds();
        if (node != null) {
            max = node.integer("max-connections", max, 0, 1_000_000);
            queue = node.integer("queue", queue, 0, 1_000_000);
            wait = node.integer("queue-timeout-seconds", wait, 1, 3600);
            node.finish();
        }
        if (blankToNull(env.get("LLMIO_UPSTREAM_MAX_CONNECTIONS")) != null) {
            max = envInt(env, "LLMIO_UPSTREAM_MAX_CONNECTIONS", 0, 1_000_000);
        }
        if (blankToNull(env.get("LLMIO_UPSTREAM_QUEUE")) != null) {
            queue = envInt(env, "LLMIO_UPSTREAM_QUEUE", 0, 1_000_000);
        }
        if (blankToNull(env.get("LLMIO_UPSTREAM_QUEUE_TIMEOUT_SECONDS")) != null) {
            wait = envInt(env, "LLMIO_UPSTREAM_QUEUE_TIMEOUT_SECONDS", 1, 3600);
        }
        return new UpstreamClient.Limits(max, queue, java.time.Duration.ofSeconds(wait));
    }

    /** HTTP_PROXY, HTTPS_PROXY and NO_PROXY (or their lower-case forms) from the environment or .env. */
    private static ProxyEnvironment proxyEnvironment(Map<String, String> env) {
        try {
            return ProxyEnvironment.from(env);
        } catch (IllegalArgumentException e) {
            // the message names the variable, never its value (a proxy URL may hold a password)
            throw new StartupException("The environment's proxy setting is unusable: " + e.getMessage()
                                               + ". Fix or unset the variable.");
        }
    }

    /** The {@code connections:} section under the {@code LLMIO_*} connection variables. */
    private static ListenerLimits listenerLimits(StrictObject node, Map<String, String> env) {
        ListenerLimits d = ListenerLimits.defaults();
        int max = d.maxConnections();
        long header = d.headerTimeout().toSeconds();
        long body = d.bodyTimeout().toSeconds();
        long idle = d.idleTimeout().toSeconds();
        if (node != null) {
            max = node.integer("max", max, 0, 10_000_000);
            header = node.integer("header-timeout-seconds", (int) header, 1, 3600);
            body = node.integer("body-timeout-seconds", (int) body, 1, 3600);
            idle = node.integer("idle-timeout-seconds", (int) idle, 1, 3600);
            node.finish();
        }
        if (blankToNull(env.get("LLMIO_MAX_CONNECTIONS")) != null) {
            max = envInt(env, "LLMIO_MAX_CONNECTIONS", 0, 10_000_000);
        }
        if (blankToNull(env.get("LLMIO_HEADER_TIMEOUT_SECONDS")) != null) {
            header = envInt(env, "LLMIO_HEADER_TIMEOUT_SECONDS", 1, 3600);
        }
        if (blankToNull(env.get("LLMIO_BODY_TIMEOUT_SECONDS")) != null) {
            body = envInt(env, "LLMIO_BODY_TIMEOUT_SECONDS", 1, 3600);
        }
        if (blankToNull(env.get("LLMIO_IDLE_TIMEOUT_SECONDS")) != null) {
            idle = envInt(env, "LLMIO_IDLE_TIMEOUT_SECONDS", 1, 3600);
        }
        return new ListenerLimits(max, java.time.Duration.ofSeconds(header), java.time.Duration.ofSeconds(body),
                                  java.time.Duration.ofSeconds(idle));
    }

    /** Resolves {@code ${VAR}} against the layered environment; an unset variable is an error. */
    static UnaryOperator<String> interpolator(Map<String, String> env) {
        return value -> {
            if (value == null || !value.contains("${")) {
                return value;
            }
            Matcher m = VAR.matcher(value);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String v = env.get(m.group(1));
                if (v == null) {
                    throw new IllegalArgumentException("refers to ${" + m.group(1) + "}, which is not set in the "
                                                               + "environment or .env");
                }
                m.appendReplacement(out, Matcher.quoteReplacement(v));
            }
            m.appendTail(out);
            return out.toString();
        };
    }

    static JsonNode readYaml(Path file) {
        try {
            return YAML.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw new StartupException(file + " is not valid YAML" + where + ": "
                                               + e.getOriginalMessage().replaceAll("\\s*\\R\\s*", " ").trim()
                                               + ". Fix the file (or point LLMIO_CONFIG at another one).");
        } catch (IOException e) {
            throw new StartupException("Cannot read config file " + file + ": " + e.getMessage());
        }
    }

    private static Map<String, String> dotenv(Path workingDir) {
        if (!Files.isRegularFile(workingDir.resolve(".env"))) {
            return Map.of();
        }
        try {
            Map<String, String> out = new HashMap<>();
            Dotenv d = Dotenv.configure().directory(workingDir.toString()).filename(".env").load();
            for (DotenvEntry e : d.entries(Dotenv.Filter.DECLARED_IN_ENV_FILE)) {
                out.put(e.getKey(), e.getValue());
            }
            return out;
        } catch (RuntimeException e) {
            throw new StartupException("Cannot read " + workingDir.resolve(".env") + ": " + e.getMessage()
                                               + ". Fix the line or remove the file.");
        }
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node == null) {
            return;
        }
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(),
                                                        e.getValue(), out));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(prefix + "." + i, node.get(i), out);
            }
        } else if (!node.isNull()) {
            out.put(prefix, node.asText());
        }
    }

    private static ZoneId zone(String zone) {
        if (zone == null) {
            return ZoneId.systemDefault();
        }
        // POSIX also allows TZ to name a zone file: ":/usr/share/zoneinfo/Europe/Paris", ":/etc/localtime"
        String id = zone.startsWith(":") ? zone.substring(1) : zone;
        int zoneinfo = id.indexOf("zoneinfo/");
        if (zoneinfo >= 0) {
            id = id.substring(zoneinfo + "zoneinfo/".length());
        } else if (id.equals("/etc/localtime")) {
            return ZoneId.systemDefault();
        }
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            throw new StartupException("TZ (timezone) `" + zone + "` is not a time zone; use a region id such as "
                                               + "Europe/Berlin or UTC.");
        }
    }

    private static String resolve(StrictObject server, String key, String value, UnaryOperator<String> interpolate) {
        try {
            return interpolate.apply(value);
        } catch (IllegalArgumentException e) {
            throw server.fail(server.key(key), e.getMessage());
        }
    }

    private static String envOr(Map<String, String> env, String name, String dflt) {
        String v = blankToNull(env.get(name));
        return v == null ? dflt : v;
    }

    private static boolean envBool(Map<String, String> env, String name) {
        String v = env.get(name).trim().toLowerCase();
        return switch (v) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new StartupException(name + " must be true or false, got `" + v + "`.");
        };
    }

    private static int envInt(Map<String, String> env, String name, int min, int max) {
        String v = env.get(name).trim();
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new StartupException(name + " must be a whole number between " + min + " and " + max + ", got `" + v + "`.");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
