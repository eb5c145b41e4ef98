package io.llmio.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.helidon.common.config.Config;
import io.helidon.dbclient.jdbc.JdbcConnectionPool;
import io.helidon.dbclient.jdbc.spi.JdbcConnectionPoolProvider;

import java.util.Properties;

/**
 * Lets {@code DbClient.create(config)} build a HikariCP pool from the {@code connection} node:
 * {@code url}, {@code username}, {@code password} and {@code pool.*} (any HikariCP property, e.g.
 * {@code pool.maximumPoolSize}). Registered in {@code META-INF/services}. {@link Database} builds
 * its pool directly and does not go through this provider.
 */
public final class HikariPoolProvider implements JdbcConnectionPoolProvider {
    @Override
    public String configKey() {
        return "hikari";
    }

    @Override
    public JdbcConnectionPool create(Config config, String name) {
        return create(io.helidon.config.Config.config(config), name);
    }

    @Override
    public JdbcConnectionPool create(io.helidon.config.Config config, String name) {
        Properties props = new Properties();
        config.get("pool").detach().asMap().ifPresent(props::putAll);
        HikariConfig hc = new HikariConfig(props);
        hc.setJdbcUrl(config.get("url").asString().orElseThrow());
        config.get("username").asString().ifPresent(hc::setUsername);
        config.get("password").asString().ifPresent(hc::setPassword);
        if (hc.getPoolName() == null) {
            hc.setPoolName("helidon-" + name);
        }
        String url = hc.getJdbcUrl();
        String dbType = url.startsWith("jdbc:") ? url.substring(5, url.indexOf(':', 5)) : "jdbc";
        return new HikariPool(new HikariDataSource(hc), dbType);
    }
}
