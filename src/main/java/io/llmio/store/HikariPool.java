package io.llmio.store;

import com.zaxxer.hikari.HikariDataSource;
import io.helidon.dbclient.DbClientException;
import io.helidon.dbclient.jdbc.CloseableJdbcConnectionPool;

import java.sql.Connection;
import java.sql.SQLException;

/** Helidon's JDBC pool SPI over a HikariCP data source (helidon-dbclient-hikari is not served). */
final class HikariPool implements CloseableJdbcConnectionPool {
    private final HikariDataSource dataSource;
    private final String dbType;

    HikariPool(HikariDataSource dataSource, String dbType) {
        this.dataSource = dataSource;
        this.dbType = dbType;
    }

    @Override
    public Connection connection() {
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            throw new DbClientException("Failed to get a connection from the pool " + dataSource.getPoolName(), e);
        }
    }

    @Override
    public String dbType() {
        return dbType;
    }

    @Override
    public String name() {
        return dataSource.getPoolName();
    }

    @Override
    public String type() {
        return "hikari";
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
