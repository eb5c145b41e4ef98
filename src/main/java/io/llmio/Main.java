package io.llmio;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.logging.common.LogConfig;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.llmio.admin.AdminApi;
import io.llmio.admin.AdminAuth;
import io.llmio.admin.AssociationsService;
import io.llmio.admin.AuthKeysService;
import io.llmio.admin.ConfigService;
import io.llmio.admin.LimitsService;
import io.llmio.admin.LogsService;
import io.llmio.admin.MetricsService;
import io.llmio.admin.MiscService;
import io.llmio.admin.ModelsService;
import io.llmio.admin.ObserveService;
import io.llmio.admin.OriginGuard;
import io.llmio.admin.PricesService;
import io.llmio.admin.ProvidersService;
import io.llmio.admin.SettingsService;
import io.llmio.admin.UpstreamProbe;
import io.llmio.admin.WebUi;
import io.llmio.auth.CallerAuth;
import io.llmio.auth.LoginThrottle;
import io.llmio.auth.TokenStrength;
import io.llmio.admin.ConfigApplier;
import io.llmio.admin.ConfigReloader;
import io.llmio.config.ConfigLoader;
import io.llmio.config.LogLimits;
import io.llmio.config.Settings;
import io.llmio.errors.StartupException;
import io.llmio.legacy.ImportLegacyCommand;
import io.llmio.limits.ClientIpResolver;
import io.llmio.limits.Limiter;
import io.llmio.limits.Limiters;
import io.llmio.observe.Checks;
import io.llmio.observe.HealthService;
import io.llmio.observe.HealthDetail;
import io.llmio.requestlog.LogQueue;
import io.llmio.pricing.PriceSync;
import io.llmio.pricing.PriceTable;
import io.llmio.observe.PrometheusMetrics;
import io.llmio.observe.RecentOutcomes;
import io.llmio.requestlog.Retention;
import io.llmio.requestlog.RunningSweep;
import io.llmio.stats.Statistics;
import io.llmio.proxy.KeyGuard;
import io.llmio.proxy.LoginGate;
import io.llmio.proxy.ProxyService;
import io.llmio.routing.AttemptLoop;
import io.llmio.routing.Breakers;
import io.llmio.registry.Registry;
import io.llmio.store.RegistryLoader;
import io.llmio.server.GuardedListener;
import io.llmio.store.AssociationStore;
import io.llmio.store.AuthKeyStore;
import io.llmio.store.Database;
import io.llmio.store.Dialect;
import io.llmio.store.Dsn;
import io.llmio.requestlog.LogIds;
import io.llmio.requestlog.LogStore;
import io.llmio.store.ModelStore;
import io.llmio.pricing.PriceStore;
import io.llmio.store.ProviderStore;
import io.llmio.store.RegistryVersionStore;
import io.llmio.tracing.Tracing;
import io.llmio.store.SettingStore;
import io.llmio.stats.StatsStore;
import io.llmio.upstream.UpstreamClient;

/** Wiring only: builds every object, connects them through constructors, starts the server. */
public final class Main {
    private static final Logger LOG = Logger.getLogger(Main.class.getName());
    /** what Helidon's own grace adds to ours: the time for streams ended at our grace to send their error event */
    private static final Duration SERVER_GRACE_EXTRA = Duration.ofSeconds(5);
    /** how long closing the database may take at shutdown */
    private static final Duration DATABASE_CLOSE = Duration.ofSeconds(10);

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        LogConfig.configureRuntime();
        if (args.length > 0) {
            int status = command(args);
            System.out.flush();
            System.err.flush();
            System.exit(status);
            return;
        }
        // SIGHUP reloads the config file; caught from the first moment, so that one sent as soon as the port
        // answers never meets the JVM's default (exit); one that comes during the start reloads once it is done
        AtomicReference<ConfigReloader> reloader = new AtomicReference<>();
        AtomicBoolean hangup = new AtomicBoolean();
        Runnable reloadOnHangup = () -> {
            ConfigReloader r = reloader.get();
            if (r != null && hangup.getAndSet(false)) {
                r.reloadNow("SIGHUP");
            }
        };
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> {
                hangup.set(true);
                reloadOnHangup.run();
            });
        } catch (IllegalArgumentException e) {
            // no SIGHUP on this OS, or the JVM keeps it (-Xrs): file changes still reload
            LOG.warning("SIGHUP cannot reload the config file here (" + e.getMessage() + "); saving the file does");
        }
        App app;
        try {
            app = App.start(ConfigLoader.load());
        } catch (StartupException e) {
            System.err.println("llmio cannot start: " + e.getMessage());
            System.err.flush();
            System.out.flush();
            // halt, not exit: App.start has closed what it opened, and the shutdown hooks that
            // libraries registered on the way (Helidon's logs "Shutdown requested ...", racing the
            // log manager's own hook) would add lines to the one paragraph the operator must read
            Runtime.getRuntime().halt(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // the last guard of a shutdown that always ends: whatever hangs, the process halts after every bound
            Duration bound = shutdownBound(app.grace(), app.drain());
            Thread.ofPlatform().daemon().name("llmio-shutdown-watchdog").start(() -> {
                try {
                    Thread.sleep(bound);
                    System.err.println("llmio: shutdown did not end within " + bound.toSeconds() + " s; halting.");
                    Runtime.getRuntime().halt(1);
                } catch (InterruptedException ignored) {
                    // shutdown ended
                }
            });
            app.stop();
        }, "llmio-shutdown"));
        reloader.set(app.config());
        reloadOnHangup.run();
    }

    /**
     * The longest a shutdown may take after SIGTERM before the process halts: the grace for requests in flight,
     * Helidon's extra for the error events of streams ended then, the log drain, closing the database, and a
     * margin. A Kubernetes {@code terminationGracePeriodSeconds} must cover it (plus any preStop).
     */
    static Duration shutdownBound(Duration grace, Duration drain) {
        return grace.plus(SERVER_GRACE_EXTRA).plus(drain).plus(DATABASE_CLOSE).plusSeconds(10);
    }

    /** A subcommand of the jar ({@code java -jar llmio.jar import-legacy ...}); its exit status. */
    static int command(String[] args) {
        if (args[0].equals("train")) {
            // the training run of the startup cache (docs/startup.md); the JVM writes the cache at exit.
            // A training whose requests failed would have trained error paths only: it fails the step
            try {
                return Train.run(Train.ROUNDS) == Train.expected(Train.ROUNDS) ? 0 : 1;
            } catch (Exception e) {
                System.err.println("llmio train: " + e);
                return 1;
            }
        }
        if (args[0].equals(ImportLegacyCommand.NAME)) {
            return ImportLegacyCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length), System.getenv(),
                                           java.nio.file.Path.of("").toAbsolutePath(), System.out, System.err);
        }
        System.err.println("llmio: unknown command `" + args[0] + "`. Without arguments the jar starts the server; "
                           + "the commands are " + ImportLegacyCommand.NAME + " and train.");
        System.err.println(ImportLegacyCommand.USAGE);
        return 2;
    }

    /** A running llmio: what tests and {@link #main} start and stop. */
    public record App(WebServer server, Database database, LogQueue logs, Limiter limiter, RegistryLoader loader,
                      Registry registry, Breakers breakers, List<AutoCloseable> background, ProxyService proxy,
                      Duration grace, Duration drain, ConfigReloader config) {

        public int port() {
            return server.port();
        }

        public static App start(ConfigLoader.Loaded loaded) {
            Settings settings = loaded.settings();
            Dsn dsn = Dsn.parse(settings.databaseType(), settings.databaseDsn());
            // opening the database (pool, migrations) is the slowest part of a start: it runs beside the
            // parts that do not need it
            FutureTask<Database> opening = new FutureTask<>(() -> Database.open(dsn, settings.migrate()));
            Thread.ofPlatform().name("llmio-open-database").daemon().start(opening);
            Limiter limiter;
            UpstreamClient upstream;
            try {
                limiter = Limiters.create(settings.redisUrl());
                // unset, the cap per upstream is the listener's: a request the listener admitted never waits for lack of one
                upstream = new UpstreamClient(settings.upstream().orCap(settings.listener().effectiveMaxConnections()),
                                              settings.proxies());
            } catch (RuntimeException e) {
                closeWhenOpened(opening);
                throw e;
            }
            Database database;
            try {
                database = await(opening);
            } catch (RuntimeException e) {
                limiter.close();
                upstream.close();
                throw e;
            }
            ConfigReloader config = null;
            try {
                ProviderStore providers = new ProviderStore(database);
                ModelStore models = new ModelStore(database);
                AssociationStore associations = new AssociationStore(database);
                AuthKeyStore keys = new AuthKeyStore(database);
                LogStore logStore = new LogStore(database);
                ConfigApplier applier = new ConfigApplier(database, providers, models, associations);
                applier.apply(settings.configFile().toString(), loaded.registry(), false);

                Registry registry = new Registry(settings.token());
                RegistryLoader loader = new RegistryLoader(registry, providers, models, associations, keys,
                                                           new RegistryVersionStore(database), Duration.ofSeconds(2));
                loader.reload();
                loader.start();
                // the file, live: edits (rename, ConfigMap symlink swap, in place) and SIGHUP apply the registry
                config = ConfigReloader.start(loaded, applier, loader, InstantSource.system());

                ClientIpResolver clientIps = new ClientIpResolver(settings.trustedProxies());
                PriceStore priceStore = new PriceStore(database);
                PriceTable prices = new PriceTable(priceStore);
                prices.reload();
                // prices written by an import or another instance come with a registry version bump
                loader.onReload(prices::reload);
                LogLimits limits = settings.logLimits();
                LogQueue logs = new LogQueue(logStore, keys, new LogIds(), settings.logQueueSize(), prices,
                                             settings.requestLog(),
                                             new LogQueue.Limits(limits.bodyMaxBytes(), limits.bufferMaxBytes(),
                                                                 Duration.ofSeconds(limits.drainSeconds())));
                RunningSweep sweep = new RunningSweep(logStore, Instant.now(),
                                                      database.dialect() == Dialect.EMBEDDED ? Duration.ZERO
                                                              : Duration.ofMinutes(limits.sweepRunningMinutes()));
                sweep.start();
                CallerAuth auth = new CallerAuth(settings.token(), registry, InstantSource.system());
                LoginThrottle logins = new LoginThrottle(settings.login().maxFailures(),
                                                         Duration.ofSeconds(settings.login().windowSeconds()));
                Breakers breakers = new Breakers(InstantSource.system());
                // ThreadLocalRandom.current() belongs to the thread that calls it: look it up at each draw
                AttemptLoop loop = new AttemptLoop(limiter, breakers, () -> ThreadLocalRandom.current().nextLong());
                // budgets survive restarts: what the keys used, as the request log wrote it, seeds the counters
                limiter.seedKeys(keys.spent(Instant.now()));
                KeyGuard keyGuard = new KeyGuard(limiter, registry, InstantSource.system());
                logs.onFinished(keyGuard::charge);
                Tracing tracing = Tracing.fromEnv(loaded.env());
                ProxyService proxy = new ProxyService(auth, registry, loop, upstream, logs, clientIps, settings.relay(),
                                                      keyGuard, tracing);
                HealthService health = new HealthService(List.of(Checks.database(database), Checks.limits(limiter),
                                                                  Checks.requestLog(logs)));

                RecentOutcomes recent = new RecentOutcomes();
                PrometheusMetrics metrics = new PrometheusMetrics(logs, breakers, registry, limiter);
                metrics.configReloads(config.reloads());
                logs.onFinished(recent::record);
                logs.onFinished(metrics::record);
                SettingStore settingStore = new SettingStore(database);
                StatsStore statsStore = new StatsStore(database);
                Statistics statistics = new Statistics(statsStore, settings.zone(), InstantSource.system());
                Retention retention = new Retention(logStore, settingStore, InstantSource.system());
                PriceSync priceSync = new PriceSync(priceStore, prices, settingStore, registry, InstantSource.system());
                UpstreamProbe probe = new UpstreamProbe(upstream, registry);
                AdminApi admin = new AdminApi(new OriginGuard(clientIps), new AdminAuth(settings.token(), logins, clientIps), List.of(
                        new MiscService(database.dialect().wire(), settings.redisUrl() != null, settings.authEnabled(),
                                        registry, statistics, InstantSource.system(), limiter),
                        new ProvidersService(providers, loader, probe),
                        new ModelsService(models, associations, loader),
                        new AssociationsService(associations, models, providers, loader, probe),
                        new AuthKeysService(keys, loader, limiter),
                        new LogsService(logStore, retention),
                        new MetricsService(statistics, registry),
                        new SettingsService(settingStore),
                        new PricesService(priceStore, prices, associations, priceSync, settingStore),
                        new LimitsService(limiter, registry),
                        new ConfigService(providers, models, associations,
                                          applier, loader, loaded.env())),
                        new ObserveService(new HealthDetail(database, limiter, registry, breakers, statsStore, recent,
                                                            InstantSource.system(), logs, config.reloads()), metrics));

                Config serverConfig = Config.just(ConfigSources.create(serverDefaults(settings.serverConfig())));
                WebServerConfig.Builder builder = WebServer.builder()
                        // App.stop() is the one shutdown hook, so that the server stops before the database closes
                        .shutdownHook(false)
                        // requests in flight (streams included) get the grace to finish after SIGTERM, then
                        // stop() ends the streams still open; Helidon waits a little longer for their error events
                        // (server.shutdown-grace-period in the config file overrides Helidon's part)
                        .shutdownGracePeriod(Duration.ofSeconds(limits.shutdownGraceSeconds()).plus(SERVER_GRACE_EXTRA))
                        .config(serverConfig)
                        .port(settings.port())
                        .routing(r -> routing(r, admin, new LoginGate(logins, clientIps), proxy, health));
                // the proxy's connection listener lets it notice callers that leave while it waits for an upstream
                GuardedListener guard = GuardedListener.install(builder, settings.listener(),
                                                                serverConfig.get("protocols.http_1_1"),
                                                                ProxyService.connectionListener());
                WebServer server = builder.build();
                listen(server, settings.port(), settings.serverConfig().get("host"));
                if (!settings.authEnabled()) {
                    LOG.warning("*** TOKEN is not set: the management API, WebUI and every model are open to anyone "
                                        + "who can reach this port. Set TOKEN before exposing llmio. ***");
                }
                String weakness = TokenStrength.weakness(settings.token());
                if (weakness != null) {
                    LOG.warning("*** TOKEN is weak: " + weakness + ". Anyone who can reach this port may guess it; "
                                        + "failed logins are throttled per IP (LLMIO_LOGIN_MAX_FAILURES), but use a long "
                                        + "random token, e.g. `openssl rand -hex 32`. ***");
                }
                if (!settings.requestLog()) {
                    LOG.info("Request logging is off (LLMIO_REQUEST_LOG=false): no request_logs rows are written; "
                                     + "metrics, health and API key usage still count.");
                }
                LOG.info("llmio listening on port " + server.port() + " (database: " + database.describe()
                                 + ", limits: " + limiter.status().backend() + ", at most " + guard.maxConnections()
                                 + " open connections)");
                // one platform thread for the periodic housekeeping; stopped (running work interrupted) first at stop
                ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(
                        Thread.ofPlatform().name("llmio-housekeeping").daemon().factory());
                retention.start(housekeeping, Duration.ofDays(1));
                priceSync.start(housekeeping);
                return new App(server, database, logs, limiter, loader, registry, breakers,
                               List.of(config, housekeeping::shutdownNow, retention, priceSync, sweep, upstream, tracing), proxy,
                               Duration.ofSeconds(limits.shutdownGraceSeconds()),
                               Duration.ofSeconds(limits.drainSeconds()), config);
            } catch (RuntimeException e) {
                if (config != null) {
                    config.close();
                }
                upstream.close();
                database.close();
                limiter.close();
                throw e;
            }
        }

        private static Database await(FutureTask<Database> opening) {
            try {
                return opening.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                if (e.getCause() instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StartupException("Interrupted while opening the database.", e);
            }
        }

        private static void closeWhenOpened(FutureTask<Database> opening) {
            try {
                opening.get().close();
            } catch (ExecutionException | RuntimeException e) {
                // the start fails for another reason already
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /**
         * Stops within bounds: requests in flight get the grace to finish, then the streams still open are ended
         * with their protocol's error event (rows {@code error} "server shutting down"); the log queue drains for
         * at most its drain time (rows still running are ended too); closing the database is bounded as well.
         */
        public void stop() {
            Thread stopping = Thread.ofPlatform().daemon().name("llmio-server-stop").start(server::stop);
            if (!joined(stopping, grace)) {
                LOG.info("Shutdown grace of " + grace.toSeconds() + " s over: ending " + proxy.relaying()
                                 + " answer(s) still being relayed");
                proxy.endInFlight();
                joined(stopping, SERVER_GRACE_EXTRA.plusSeconds(5));
            }
            for (AutoCloseable c : background) {
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.warning("stopping " + c.getClass().getSimpleName() + ": " + e.getMessage());
                }
            }
            loader.close();
            logs.close();
            limiter.close();
            Thread closing = Thread.ofPlatform().daemon().name("llmio-database-close").start(database::close);
            if (!joined(closing, DATABASE_CLOSE)) {
                LOG.warning("Closing the database did not end within " + DATABASE_CLOSE.toSeconds() + " s; leaving it");
            }
        }

        private static boolean joined(Thread t, Duration max) {
            try {
                return t.join(max);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !t.isAlive();
            }
        }
    }

    /**
     * Starts the server; a port that is taken is a {@link StartupException}. Helidon reports a failed bind only
     * as a logged stack trace and a server that is not running, so the port is probed first.
     */
    private static void listen(WebServer server, int port, String host) {
        if (port != 0) {
            try (ServerSocket probe = new ServerSocket()) {
                probe.setReuseAddress(true);
                probe.bind(host == null ? new InetSocketAddress(port) : new InetSocketAddress(host, port));
            } catch (IOException e) {
                throw new StartupException("Cannot listen on port " + port + (host == null ? "" : " of " + host) + " ("
                                                   + e.getMessage() + "): another process uses it. Stop that process or "
                                                   + "set LLMIO_SERVER_PORT to a free port.", e);
            }
        }
        server.start();
        if (!server.isRunning()) {
            throw new StartupException("The web server did not start on port " + port + " (see the log line above). "
                                               + "Check LLMIO_SERVER_PORT and the server: section of the config file.");
        }
    }

    /**
     * Helidon server settings from the config file's {@code server:} section over llmio's defaults:
     * TCP_NODELAY on accepted connections (no Nagle delay on streamed events), plain sockets instead
     * of NIO channels and a 1 KB response write buffer (less memory per open stream). Why and the
     * measurements: docs/design-notes.md.
     */
    static Map<String, String> serverDefaults(Map<String, String> fromFile) {
        Map<String, String> out = new java.util.HashMap<>();
        out.put("connection-options.tcp-no-delay", "true");
        out.put("use-nio", "false");
        out.put("write-buffer-size", "1024");
        out.putAll(fromFile);
        return out;
    }

    static void routing(HttpRouting.Builder routing, AdminApi admin, LoginGate logins, ProxyService proxy,
                        HealthService health) {
        admin.register(routing);
        for (String path : LoginGate.paths()) {
            routing.any(path, logins);
        }
        routing.register("/health", health)
                .register(proxy);
        // last: its SPA fallback answers GET paths no other route took
        WebUi.register(routing);
    }
}
