package io.llmio;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.logging.common.LogConfig;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http1.Http1Config;
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
import io.llmio.admin.PricesService;
import io.llmio.admin.ProvidersService;
import io.llmio.admin.SettingsService;
import io.llmio.admin.UpstreamProbe;
import io.llmio.admin.WebUi;
import io.llmio.auth.CallerAuth;
import io.llmio.config.ConfigApplier;
import io.llmio.config.ConfigLoader;
import io.llmio.config.Settings;
import io.llmio.config.StartupException;
import io.llmio.limits.ClientIpResolver;
import io.llmio.limits.Limiter;
import io.llmio.limits.Limiters;
import io.llmio.observe.Checks;
import io.llmio.observe.HealthService;
import io.llmio.observe.HealthDetail;
import io.llmio.observe.LogQueue;
import io.llmio.observe.PriceSync;
import io.llmio.observe.PriceTable;
import io.llmio.observe.PrometheusMetrics;
import io.llmio.observe.RecentOutcomes;
import io.llmio.observe.Retention;
import io.llmio.observe.Statistics;
import io.llmio.proxy.ProxyService;
import io.llmio.routing.AttemptLoop;
import io.llmio.routing.Breakers;
import io.llmio.routing.Registry;
import io.llmio.routing.RegistryLoader;
import io.llmio.store.AssociationStore;
import io.llmio.store.AuthKeyStore;
import io.llmio.store.Database;
import io.llmio.store.Dsn;
import io.llmio.store.LogIds;
import io.llmio.store.LogStore;
import io.llmio.store.ModelStore;
import io.llmio.store.PriceStore;
import io.llmio.store.ProviderStore;
import io.llmio.store.RegistryVersionStore;
import io.llmio.store.SettingStore;
import io.llmio.store.StatsStore;
import io.llmio.upstream.UpstreamClient;

/** Wiring only: builds every object, connects them through constructors, starts the server. */
public final class Main {
    private static final Logger LOG = Logger.getLogger(Main.class.getName());
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(30);

    private Main() {
    }

    public static void main(String[] args) {
        LogConfig.configureRuntime();
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
        Runtime.getRuntime().addShutdownHook(new Thread(app::stop, "llmio-shutdown"));
    }

    /** A running llmio: what tests and {@link #main} start and stop. */
    public record App(WebServer server, Database database, LogQueue logs, Limiter limiter, RegistryLoader loader,
                      Registry registry, Breakers breakers, List<AutoCloseable> background) {

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
                upstream = new UpstreamClient();
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
            try {
                ProviderStore providers = new ProviderStore(database);
                ModelStore models = new ModelStore(database);
                AssociationStore associations = new AssociationStore(database);
                AuthKeyStore keys = new AuthKeyStore(database);
                LogStore logStore = new LogStore(database);
                new ConfigApplier(database, providers, models, associations)
                        .apply(settings.configFile().toString(), loaded.registry(), false);

                Registry registry = new Registry();
                RegistryLoader loader = new RegistryLoader(registry, providers, models, associations, keys,
                                                           new RegistryVersionStore(database), Duration.ofSeconds(2));
                loader.reload();
                loader.start();

                ClientIpResolver clientIps = new ClientIpResolver(settings.trustedProxies());
                PriceStore priceStore = new PriceStore(database);
                PriceTable prices = new PriceTable(priceStore);
                prices.reload();
                LogQueue logs = new LogQueue(logStore, keys, new LogIds(), settings.logQueueSize(), prices,
                                             settings.requestLog());
                CallerAuth auth = new CallerAuth(settings.token(), registry, InstantSource.system());
                Breakers breakers = new Breakers(InstantSource.system());
                AttemptLoop loop = new AttemptLoop(limiter, breakers, ThreadLocalRandom.current());
                ProxyService proxy = new ProxyService(auth, registry, loop, upstream, logs, clientIps, settings.relay());
                HealthService health = new HealthService(List.of(Checks.database(database), Checks.limits(limiter)));

                RecentOutcomes recent = new RecentOutcomes();
                PrometheusMetrics metrics = new PrometheusMetrics(logs, breakers, registry);
                logs.onFinished(recent::record);
                logs.onFinished(metrics::record);
                SettingStore settingStore = new SettingStore(database);
                StatsStore statsStore = new StatsStore(database);
                Statistics statistics = new Statistics(statsStore, settings.zone(), InstantSource.system());
                Retention retention = new Retention(logStore, settingStore, InstantSource.system());
                retention.start(Duration.ofDays(1));
                PriceSync priceSync = new PriceSync(priceStore, prices, settingStore, registry, InstantSource.system());
                priceSync.start();
                UpstreamProbe probe = new UpstreamProbe(upstream);
                AdminApi admin = new AdminApi(new AdminAuth(settings.token()), List.of(
                        new MiscService(database.dialect().wire(), settings.redisUrl() != null, settings.authEnabled(),
                                        registry, statistics, InstantSource.system()),
                        new ProvidersService(providers, loader, probe),
                        new ModelsService(models, associations, loader),
                        new AssociationsService(associations, models, providers, loader, probe),
                        new AuthKeysService(keys, loader),
                        new LogsService(logStore, retention),
                        new MetricsService(statistics, registry),
                        new SettingsService(settingStore),
                        new PricesService(priceStore, prices, associations, priceSync, settingStore),
                        new LimitsService(limiter, registry),
                        new ConfigService(providers, models, associations,
                                          new ConfigApplier(database, providers, models, associations), loader, loaded.env())),
                        new ObserveService(new HealthDetail(database, limiter, registry, breakers, statsStore, recent,
                                                            InstantSource.system()), metrics));

                Config serverConfig = Config.just(ConfigSources.create(serverDefaults(settings.serverConfig())));
                WebServer server = WebServer.builder()
                        // App.stop() is the one shutdown hook, so that the server stops before the database closes
                        .shutdownHook(false)
                        // requests in flight (streams included) get this long to finish after SIGTERM;
                        // server.shutdown-grace-period in the config file overrides it
                        .shutdownGracePeriod(SHUTDOWN_GRACE)
                        .config(serverConfig)
                        .port(settings.port())
                        .routing(r -> routing(r, admin, proxy, health))
                        // lets the proxy notice callers that leave while it waits for an upstream
                        .addProtocol(Http1Config.builder().addReceiveListener(ProxyService.connectionListener()).build())
                        .build();
                listen(server, settings.port(), settings.serverConfig().get("host"));
                if (!settings.authEnabled()) {
                    LOG.warning("*** TOKEN is not set: the management API, WebUI and every model are open to anyone "
                                        + "who can reach this port. Set TOKEN before exposing llmio. ***");
                }
                if (!settings.requestLog()) {
                    LOG.info("Request logging is off (LLMIO_REQUEST_LOG=false): no request_logs rows are written; "
                                     + "metrics, health and API key usage still count.");
                }
                LOG.info("llmio listening on port " + server.port() + " (database: " + database.describe()
                                 + ", limits: " + limiter.status().backend() + ")");
                return new App(server, database, logs, limiter, loader, registry, breakers,
                               List.of(retention, priceSync, upstream));
            } catch (RuntimeException e) {
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

        public void stop() {
            server.stop();
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
            database.close();
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
     * TCP_NODELAY on accepted connections, so a streamed event is never held back by Nagle's
     * algorithm waiting for the client's delayed ACK (measured: +40 ms time to first byte); and
     * plain sockets instead of NIO channels (Helidon's NIO socket holds an 8 KB read and an 8 KB
     * write buffer per connection, the plain one only the read buffer: -8 KB per open stream); and
     * a 1 KB instead of 4 KB response write buffer, which only streamed answers use (each event
     * is flushed on its own anyway, a larger one is written through): -3 KB per open stream.
     */
    static Map<String, String> serverDefaults(Map<String, String> fromFile) {
        Map<String, String> out = new java.util.HashMap<>();
        out.put("connection-options.tcp-no-delay", "true");
        out.put("use-nio", "false");
        out.put("write-buffer-size", "1024");
        out.putAll(fromFile);
        return out;
    }

    static void routing(HttpRouting.Builder routing, AdminApi admin, ProxyService proxy, HealthService health) {
        admin.register(routing);
        routing.register("/health", health)
                .register(proxy);
        // last: its SPA fallback answers GET paths no other route took
        WebUi.register(routing);
    }
}
