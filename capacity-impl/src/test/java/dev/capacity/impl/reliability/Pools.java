package dev.capacity.impl.reliability;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;

/** HikariCP pools whose connections carry an application name, so that tests can find their backends. */
final class Pools {

    private Pools() {
    }

    /**
     * A pool of at most {@code size} connections that gives up on {@link javax.sql.DataSource#getConnection()} after
     * {@code connectionTimeout}.
     */
    static HikariDataSource open(String jdbcUrl, String user, String password, String name, int size,
            Duration connectionTimeout) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setPoolName(name);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(connectionTimeout.toMillis());
        // Starting without the database is allowed: the restart test opens pools while the server may be down.
        config.setInitializationFailTimeout(-1);
        config.addDataSourceProperty("ApplicationName", name);
        return new HikariDataSource(config);
    }
}
