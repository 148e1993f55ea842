package dev.capacity.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.capacity.api.DiningTable;
import dev.capacity.api.FloorPlan;
import dev.capacity.api.RestaurantId;
import dev.capacity.api.TableId;
import dev.capacity.api.TableSpec;
import dev.capacity.impl.PostgresCapacity;
import dev.capacity.testkit.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Floor-plan caches: a warm cached {@code get} against a raw Caffeine get (JMH), and cross-instance invalidation
 * latency: an edit through instance A, then the time until instance B's {@code get} returns the new version,
 * against a hand-written LISTEN connection that reloads the plan with plain JDBC when notified.
 */
final class CacheScenario {

    private final BenchServer server;
    private final BenchConfig cfg;
    private final Report report;

    CacheScenario(BenchServer server, BenchConfig cfg, Report report) {
        this.server = server;
        this.cfg = cfg;
        this.report = report;
    }

    void run() throws Exception {
        try (TestDatabase db = server.newSchema()) {
            RestaurantId r = new RestaurantId(Datasets.bigRestaurant(db, "k", Instant.now(), -12, 12));
            TableId table = new TableId(Datasets.bigRestaurantTable(db, "k", 7));
            if (cfg.jmh()) {
                jmh(db, r);
            }
            invalidation(db, r, table);
        }
    }

    private void jmh(TestDatabase db, RestaurantId r) throws Exception {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("capacity.bench.jmh.jdbcUrl", db.jdbcUrl());
        props.put("capacity.bench.jmh.user", db.user());
        props.put("capacity.bench.jmh.password", db.password());
        props.put("capacity.bench.jmh.schema", db.schema());
        props.put("capacity.bench.jmh.restaurant", r.toString());
        props.put("org.jooq.no-logo", "true");
        props.put("org.jooq.no-tips", "true");
        props.put("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        props.forEach(System::setProperty);
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(CacheGetBenchmark.class.getName().replace("$", "\\$") + "\\.")
                .shouldFailOnError(true);
        if (cfg.quick()) {
            // In-process and short: only proves that the benchmark runs.
            options.forks(0).warmupIterations(1).warmupTime(TimeValue.milliseconds(100)).measurementIterations(1)
                    .measurementTime(TimeValue.milliseconds(200)).verbosity(VerboseMode.SILENT);
        } else {
            options.forks(1).warmupIterations(3).warmupTime(TimeValue.seconds(1)).measurementIterations(5)
                    .measurementTime(TimeValue.seconds(1))
                    .jvmArgsAppend(props.entrySet().stream().map(e -> "-D" + e.getKey() + "=" + e.getValue())
                            .toArray(String[]::new));
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        double library = Double.NaN;
        double caffeine = Double.NaN;
        double libraryError = Double.NaN;
        double caffeineError = Double.NaN;
        for (RunResult rr : results) {
            String label = rr.getParams().getBenchmark();
            double score = rr.getPrimaryResult().getScore();
            double error = rr.getPrimaryResult().getScoreError();
            if (label.endsWith("libraryGet")) {
                library = score;
                libraryError = error;
            } else if (label.endsWith("caffeineGet")) {
                caffeine = score;
                caffeineError = error;
            }
        }
        Result get = Result.of("cache", "warm get (JMH" + (cfg.quick() ? ", quick, no fork" : ", 1 fork") + ")",
                "ns/op", library, caffeine, false)
                .detail("libraryError99", libraryError).detail("caffeineError99", caffeineError);
        report.add(get.withTarget("≤ 2 × Caffeine", get.ratio() <= 2.0));
    }

    private void invalidation(TestDatabase db, RestaurantId r, TableId table) throws Exception {
        double[] lib = new double[cfg.invalidationSamples()];
        double[] base = new double[cfg.invalidationSamples()];
        int timeouts = 0;
        try (HikariDataSource poolA = Sql.pool(db, 2, "cache-a"); HikariDataSource poolB = Sql.pool(db, 2, "cache-b");
                PostgresCapacity a = PostgresCapacity.builder().dataSource(poolA).schema(db.schema()).build();
                PostgresCapacity b = PostgresCapacity.builder().dataSource(poolB).schema(db.schema()).build()) {
            // Let both listeners connect (each drops its cache once on connecting).
            waitUntil(() -> {
                a.floorPlans().get(r);
                return b.floorPlans().get(r).version() > 0;
            });
            Thread.sleep(500);
            for (int i = 0; i < lib.length; i++) {
                FloorPlan before = b.floorPlans().get(r);
                DiningTable t = before.table(table).orElseThrow();
                int capacity = t.capacity() == 4 ? 5 : 4;
                a.floorPlanStore().updateTable(r, table, new TableSpec(t.zoneId(), t.label(), capacity,
                        t.minPartySize(), t.maxPartySize(), t.movable(), t.active()));
                long t0 = System.nanoTime();
                long seen = spin(() -> b.floorPlans().get(r).version() > before.version());
                if (seen < 0) {
                    timeouts++;
                }
                lib[i] = (seen < 0 ? TimeUnit.SECONDS.toNanos(5) : seen - t0) / 1e6;
                Thread.sleep(20);
            }
        }
        try (PlainListener listener = new PlainListener(db, r.value())) {
            listener.start();
            Thread.sleep(500);
            try (Connection editor = db.connection();
                    PreparedStatement s = editor.prepareStatement(
                            "UPDATE dining_tables SET capacity = ? WHERE restaurant_id = ? AND id = ?")) {
                for (int i = 0; i < base.length; i++) {
                    long before = listener.version.get();
                    s.setInt(1, i % 2 == 0 ? 5 : 4);
                    s.setObject(2, r.value());
                    s.setObject(3, table.value());
                    s.executeUpdate();
                    long t0 = System.nanoTime();
                    long seen = spin(() -> listener.version.get() > before);
                    if (seen < 0) {
                        timeouts++;
                    }
                    base[i] = (seen < 0 ? TimeUnit.SECONDS.toNanos(5) : seen - t0) / 1e6;
                    Thread.sleep(20);
                }
            }
        }
        String v = "cross-instance invalidation";
        report.add(Result.of("cache", v, "p50 ms", Stats.percentile(lib, 50), Stats.percentile(base, 50), false)
                .detail("samples", lib.length).detail("timeouts", timeouts)
                .detail("libraryMaxMs", Stats.percentile(lib, 100))
                .detail("baselineMaxMs", Stats.percentile(base, 100)));
        Result p99 = Result.of("cache", v, "p99 ms", Stats.percentile(lib, 99), Stats.percentile(base, 99), false);
        report.add(p99.withTarget("≤ 100 ms", p99.library() <= 100));
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    /** Polls every 50 µs for up to 5 s; returns System.nanoTime() when it held, or -1. */
    private static long spin(Condition c) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            if (c.holds()) {
                return System.nanoTime();
            }
            LockSupport.parkNanos(50_000);
        }
        return -1;
    }

    private static void waitUntil(Condition c) throws Exception {
        if (spin(c) < 0) {
            throw new IllegalStateException("condition not reached within 5 s");
        }
    }

    /**
     * The hand-written cross-instance cache: one connection LISTENs on the floor-plan channel; on a notification
     * for the restaurant another connection reloads the plan (version, zones, tables, edges in one transaction)
     * and publishes its version.
     */
    static final class PlainListener implements AutoCloseable {
        final AtomicLong version = new AtomicLong(-1);
        private final TestDatabase db;
        private final UUID restaurant;
        private volatile boolean closed;
        private Thread thread;

        PlainListener(TestDatabase db, UUID restaurant) {
            this.db = db;
            this.restaurant = restaurant;
        }

        void start() throws Exception {
            Connection listen = db.connection();
            Connection reload = db.connection();
            try (Statement s = listen.createStatement()) {
                s.execute("LISTEN capacity_floor_plan");
            }
            version.set(load(reload));
            thread = new Thread(() -> {
                try (listen; reload) {
                    PGConnection pg = listen.unwrap(PGConnection.class);
                    while (!closed) {
                        PGNotification[] batch = pg.getNotifications(250);
                        if (batch == null) {
                            continue;
                        }
                        for (PGNotification n : batch) {
                            if (n.getParameter().equals(restaurant.toString())) {
                                version.set(load(reload));
                                break;
                            }
                        }
                    }
                } catch (SQLException e) {
                    if (!closed) {
                        throw new IllegalStateException(e);
                    }
                }
            }, "plain-listener");
            thread.setDaemon(true);
            thread.start();
        }

        private long load(Connection c) throws SQLException {
            c.setAutoCommit(false);
            long v;
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT version FROM floor_plan_versions WHERE restaurant_id = ?")) {
                s.setObject(1, restaurant);
                try (ResultSet rs = s.executeQuery()) {
                    v = rs.next() ? rs.getLong(1) : 0;
                }
            }
            for (String sql : List.of("SELECT * FROM zones WHERE restaurant_id = ? ORDER BY sort_order, name",
                    "SELECT * FROM dining_tables WHERE restaurant_id = ? ORDER BY label",
                    "SELECT * FROM table_adjacency WHERE restaurant_id = ?")) {
                try (PreparedStatement s = c.prepareStatement(sql)) {
                    s.setObject(1, restaurant);
                    try (ResultSet rs = s.executeQuery()) {
                        int columns = rs.getMetaData().getColumnCount();
                        while (rs.next()) {
                            for (int col = 1; col <= columns; col++) {
                                rs.getObject(col);
                            }
                        }
                    }
                }
            }
            c.commit();
            return v;
        }

        @Override
        public void close() {
            closed = true;
            if (thread != null) {
                try {
                    thread.join(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
