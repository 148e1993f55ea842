package dev.capacity.examples.wiring;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.capacity.api.event.CapacityListener;
import dev.capacity.impl.PostgresCapacity;
import java.time.Duration;
import java.time.InstantSource;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;

/**
 * Everything a host wires, in plain Java and in order: a connection pool, the migrations, one
 * {@link PostgresCapacity} for the whole application, and its jobs. No framework, no static state; {@link #close()}
 * takes it down in the reverse order.
 *
 * <pre>{@code
 * try (PlainJavaWiring app = PlainJavaWiring.start(config, InstantSource.system(), listener,
 *         Duration.ofSeconds(30), Duration.ofHours(1))) {
 *     app.capacity().allocationStore().placeHold(request);
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class PlainJavaWiring implements AutoCloseable {

    private final HikariDataSource pool;
    private final PostgresCapacity capacity;
    private final CapacityJobs jobs;

    private PlainJavaWiring(HikariDataSource pool, PostgresCapacity capacity, CapacityJobs jobs) {
        this.pool = pool;
        this.capacity = capacity;
        this.jobs = jobs;
    }

    /**
     * Starts the pool, applies the migrations, builds the library and schedules its jobs.
     *
     * @param db where the database is
     * @param clock business time: {@link InstantSource#system()} in production
     * @param listener the host's listener (metrics, logs); {@link CapacityListener#NONE} for none
     * @param sweepEvery how often the hold sweeper runs (30–60 s)
     * @param pruneEvery how often the allocation pruner runs (hourly or nightly), or null not to schedule it
     * @return the running application
     */
    public static PlainJavaWiring start(DatabaseConfig db, InstantSource clock, CapacityListener listener,
            Duration sweepEvery, @Nullable Duration pruneEvery) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.jdbcUrl());
        config.setUsername(db.user());
        config.setPassword(db.password());
        config.setPoolName("capacity");
        // Requests and jobs share three connections; the fourth stays with the floor-plan change listener.
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(1);
        HikariDataSource pool = new HikariDataSource(config);
        try {
            migrate(pool, db.schema());
            PostgresCapacity capacity = PostgresCapacity.builder()
                    .dataSource(pool)
                    .schema(db.schema())
                    .clock(clock)
                    .listener(listener)
                    .build();
            CapacityJobs jobs = new CapacityJobs().scheduleSweeper(capacity.holdSweeper(), sweepEvery);
            if (pruneEvery != null) {
                jobs.schedulePruner(capacity.allocationPruner(), pruneEvery, pruneEvery);
            }
            return new PlainJavaWiring(pool, capacity, jobs);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /**
     * Applies the library's migrations with Flyway; a no-op when they are applied already. Each schema has its own
     * Flyway history table.
     *
     * @param dataSource a data source with the rights to create the schema and its tables
     * @param schema the schema
     */
    public static void migrate(DataSource dataSource, String schema) {
        Flyway.configure()
                .dataSource(dataSource)
                .schemas(schema)
                .locations("classpath:db/capacity/migration")
                .load()
                .migrate();
    }

    /** @return the library, shared by every thread */
    public PostgresCapacity capacity() {
        return capacity;
    }

    /** @return the jobs, with their run counts */
    public CapacityJobs jobs() {
        return jobs;
    }

    /** @return the pool, for the host's own queries */
    public DataSource dataSource() {
        return pool;
    }

    /**
     * Stops the jobs (waiting for a running batch), then the floor-plan listener, then the pool: a job or listener
     * still running would otherwise find the pool closed under it.
     */
    @Override
    public void close() {
        try {
            jobs.close();
            capacity.close();
        } finally {
            pool.close();
        }
    }
}
