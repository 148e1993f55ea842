package dev.capacity.benchmarks;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.capacity.api.FloorPlan;
import dev.capacity.api.RestaurantId;
import dev.capacity.impl.PostgresCapacity;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A warm {@code floorPlans().get} of the library against a raw Caffeine {@link LoadingCache#get} holding the same
 * snapshot, built like the library's cache (bounded size, expire after write). The database comes from system
 * properties that {@link CacheScenario} sets ({@code capacity.bench.jmh.*}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CacheGetBenchmark {

    /** The library and the raw cache, both warm. */
    @State(Scope.Benchmark)
    public static class Caches {
        HikariDataSource pool;
        PostgresCapacity library;
        LoadingCache<RestaurantId, FloorPlan> raw;
        RestaurantId restaurant;

        /** Opens the library on the benchmark schema and warms both caches. */
        @Setup(Level.Trial)
        public void open() {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(System.getProperty("capacity.bench.jmh.jdbcUrl"));
            config.setUsername(System.getProperty("capacity.bench.jmh.user"));
            config.setPassword(System.getProperty("capacity.bench.jmh.password"));
            config.setMaximumPoolSize(2);
            config.setPoolName("jmh");
            pool = new HikariDataSource(config);
            library = PostgresCapacity.builder().dataSource(pool)
                    .schema(System.getProperty("capacity.bench.jmh.schema")).build();
            restaurant = RestaurantId.parse(System.getProperty("capacity.bench.jmh.restaurant"));
            FloorPlan plan = library.floorPlans().get(restaurant);
            if (plan.tables().isEmpty()) {
                throw new IllegalStateException("empty floor plan for " + restaurant);
            }
            raw = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(10))
                    .build(r -> plan);
            raw.get(restaurant);
        }

        /** Closes the library and the pool. */
        @TearDown(Level.Trial)
        public void close() {
            library.close();
            pool.close();
        }
    }

    /**
     * The library's cached get.
     *
     * @param c the caches
     * @return the plan
     */
    @Benchmark
    public FloorPlan libraryGet(Caches c) {
        return c.library.floorPlans().get(c.restaurant);
    }

    /**
     * A raw Caffeine get of the same key.
     *
     * @param c the caches
     * @return the plan
     */
    @Benchmark
    public FloorPlan caffeineGet(Caches c) {
        return c.raw.get(c.restaurant);
    }
}
