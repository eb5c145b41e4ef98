package io.llmio;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.logging.common.LogConfig;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
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
import io.llmio.observe.LogQueue;
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
import io.llmio.store.ProviderStore;
import io.llmio.store.RegistryVersionStore;
import io.llmio.upstream.UpstreamClient;

/** Wiring only: builds every object, connects them through constructors, starts the server. */
public final class Main {
    private static final Logger LOG = Logger.getLogger(Main.class.getName());

    private Main() {
    }

    public static void main(String[] args) {
        LogConfig.configureRuntime();
        App app;
        try {
            app = App.start(ConfigLoader.load());
        } catch (StartupException e) {
            System.err.println("llmio cannot start: " + e.getMessage());
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(app::stop, "llmio-shutdown"));
    }

    /** A running llmio: what tests and {@link #main} start and stop. */
    public record App(WebServer server, Database database, LogQueue logs, Limiter limiter, RegistryLoader loader) {

        public int port() {
            return server.port();
        }

        public static App start(ConfigLoader.Loaded loaded) {
            Settings settings = loaded.settings();
            if (!settings.authEnabled()) {
                LOG.warning("\n*** TOKEN is not set: the management API, WebUI and every model are open to anyone who "
                                    + "can reach this port. Set TOKEN before exposing llmio. ***");
            }
            Dsn dsn = Dsn.parse(settings.databaseType(), settings.databaseDsn());
            Database database = Database.open(dsn, settings.migrate());
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

                Limiter limiter = Limiters.create(settings.redisUrl());
                ClientIpResolver clientIps = new ClientIpResolver(settings.trustedProxies());
                LogQueue logs = new LogQueue(logStore, keys, new LogIds(), settings.logQueueSize(), log -> 0.0);
                CallerAuth auth = new CallerAuth(settings.token(), registry, InstantSource.system());
                AttemptLoop loop = new AttemptLoop(limiter, new Breakers(InstantSource.system()), ThreadLocalRandom.current());
                ProxyService proxy = new ProxyService(auth, registry, loop, new UpstreamClient(), logs, clientIps);
                HealthService health = new HealthService(List.of(Checks.database(database), Checks.limits(limiter)));

                Config serverConfig = Config.just(ConfigSources.create(settings.serverConfig()));
                WebServer server = WebServer.builder()
                        .config(serverConfig)
                        .port(settings.port())
                        .routing(r -> routing(r, proxy, health))
                        .build()
                        .start();
                LOG.info("llmio listening on port " + server.port() + " (database: " + database.describe()
                                 + ", limits: " + limiter.status().backend() + ")");
                return new App(server, database, logs, limiter, loader);
            } catch (RuntimeException e) {
                database.close();
                throw e;
            }
        }

        public void stop() {
            server.stop();
            loader.close();
            logs.close();
            limiter.close();
            database.close();
        }
    }

    static void routing(HttpRouting.Builder routing, ProxyService proxy, HealthService health) {
        routing.register("/health", health)
                .register(proxy);
    }
}
