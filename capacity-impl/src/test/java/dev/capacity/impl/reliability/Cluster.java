package dev.capacity.impl.reliability;

import com.zaxxer.hikari.HikariDataSource;
import dev.capacity.impl.PostgresCapacity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Library instances as on separate host nodes: each with its own small HikariCP pool, whose connections carry the
 * application name {@code <name>-<i>}, all sharing the run's clock and event log.
 */
final class Cluster implements AutoCloseable {

    /** Where the schema lives. */
    record Target(String jdbcUrl, String user, String password, String schema) {
    }

    private final List<HikariDataSource> pools = new ArrayList<>();
    private final List<PostgresCapacity> nodes = new ArrayList<>();

    static Cluster open(Target target, String name, int nodes, int poolSize, Duration connectionTimeout,
            Control control, UnaryOperator<PostgresCapacity.Builder> tune) {
        Cluster cluster = new Cluster();
        try {
            for (int i = 0; i < nodes; i++) {
                HikariDataSource pool = Pools.open(target.jdbcUrl(), target.user(), target.password(),
                        name + "-" + i, poolSize, connectionTimeout);
                cluster.pools.add(pool);
                cluster.nodes.add(tune.apply(Jobs.configure(PostgresCapacity.builder().dataSource(pool)
                        .schema(target.schema()).listenForChanges(false), control)).build());
            }
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    PostgresCapacity node(int i) {
        return nodes.get(i);
    }

    int size() {
        return nodes.size();
    }

    @Override
    public void close() {
        nodes.forEach(PostgresCapacity::close);
        pools.forEach(HikariDataSource::close);
    }
}
