package dev.capacity.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.capacity.api.SweeperSettings;
import dev.capacity.impl.PostgresCapacity;
import dev.capacity.testkit.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sweep: expired holds on two tables each, swept by the library's {@code holdSweeper().sweep()} and by the same
 * one-statement batch written by hand in plain JDBC with a commit per batch, both on the same loaded data.
 *
 * <p>The two sides take turns on one table in <em>slices</em>: in a slice, each of the N sweepers makes one call of
 * {@code sweep()} bounded to {@code sweepSliceBatches} full batches (the library), or runs that many batches (the
 * baseline). Every slice starts on a vacuumed table. Slices come in pairs, the order alternating from pair to pair, so
 * that whatever drifts through a round falls on both sides alike, and a pair's two slices are seconds apart, so that
 * a slow spell of the machine mostly hits both: separate runs on separately loaded tables differed by more than the
 * 10 % being measured. The ratio is the median of the pairs' ratios over all rounds (a round is one load of the
 * table). Each slice also records the machine's CPU time ({@link CpuTicks}), for the cost per hold of each side.
 */
final class SweepScenario {

    /**
     * The statement the library's sweeper runs per batch (see {@code SweepSql.batch}), written by hand: claim
     * a batch in {@code (expires_at, id)} order with {@code FOR UPDATE SKIP LOCKED} in a materialized CTE, delete
     * them by primary key ({@code = ANY(ARRAY(...))}) with the predicate re-asserted, return the deleted holds.
     * Allocations go by the foreign key's cascade.
     */
    static final String BASELINE_SQL = "WITH victims (id) AS MATERIALIZED (SELECT h.id FROM holds h "
            + "WHERE h.confirmed_at IS NULL AND h.expires_at <= ? ORDER BY h.expires_at, h.id LIMIT ? "
            + "FOR UPDATE SKIP LOCKED) "
            + "DELETE FROM holds WHERE holds.id = ANY(ARRAY(SELECT victims.id FROM victims)) "
            + "AND holds.confirmed_at IS NULL AND holds.expires_at <= ? "
            + "RETURNING holds.id, holds.restaurant_id, holds.booking_id, holds.table_ids, holds.starts_at, "
            + "holds.ends_at, holds.expires_at";

    private final BenchServer server;
    private final BenchConfig cfg;
    private final Report report;
    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    private final RoundTrips trips = new RoundTrips();

    SweepScenario(BenchServer server, BenchConfig cfg, Report report) {
        this.server = server;
        this.cfg = cfg;
        this.report = report;
    }

    void run() throws Exception {
        Instant anchor = Instant.now();
        try (TestDatabase db = server.newSchema()) {
            Datasets.floors(db, "s", Datasets.RESTAURANTS, Datasets.TABLES);
            boolean cold = true;
            for (int sweepers : new int[] {1, 4}) {
                if (!cfg.quick()) {
                    // Warm-up (not recorded): class loading and JIT. The first one sweeps full slices, so that the
                    // compiler has finished with both sides' loops before a slice is measured: compiling on the two
                    // cores the slices share slowed the side that happened to run first.
                    round(db, anchor, sweepers, 1, cold ? cfg.sweepSliceBatches() : 1, true, new Pairs());
                    cold = false;
                }
                int sliceBatches = cfg.sweepSliceBatches();
                Pairs pairs = new Pairs();
                for (int r = 0; r < cfg.sweepRounds(); r++) {
                    round(db, anchor, sweepers, cfg.sweepPairs(), sliceBatches, r % 2 == 0, pairs);
                }
                int sliceHolds = sweepers * sliceBatches * cfg.sweepBatch();
                Result r = Result.ofPairs("sweep", sweepers + (sweepers == 1 ? " sweeper" : " sweepers"),
                        "holds/s", pairs.library, pairs.baseline, true)
                        .detail("ratioOfTotals", pairs.totalsRatio())
                        .detail("cpuRatio", pairs.cpuRatio())
                        .detail("pairCpuRatios", pairs.cpuRatios)
                        .detail("cpuTicks", Map.of("library", pairs.libraryBusy, "baseline", pairs.baselineBusy,
                                "steal", pairs.steal))
                        .detail("cpuSplit", pairs.cpuSplit())
                        .detail("holdsPerSlice", sliceHolds)
                        .detail("pairsPerRound", cfg.sweepPairs())
                        .detail("rounds", cfg.sweepRounds())
                        .detail("allocationsPerHold", 2)
                        .detail("batch", cfg.sweepBatch())
                        .detail("baselineRoundTripsPerBatch", 2.0);
                report.add(r.withTarget("≥ 0.90 × SQL", r.ratio() >= 0.90));
            }
            for (int sweepers : new int[] {1, 4}) {
                double lib = backlog(db, anchor, sweepers, true);
                double base = backlog(db, anchor, sweepers, false);
                report.add(Result.of("sweep", sweepers + (sweepers == 1 ? " sweeper" : " sweepers") + ", whole backlog",
                        "holds/s", lib, base, true).detail("holds", cfg.sweepBacklog()).detail("runs", 1)
                        .withTarget("≥ 50,000/s", lib >= 50_000));
            }
            report.evidence("sweep.librarySql", recordLibrarySql(db, anchor));
            report.evidence("sweep.baselineSql", BASELINE_SQL);
        }
    }

    /** The measured slices of one sweeper count, in pairs, over all rounds. */
    private static final class Pairs {
        final List<Double> library = new ArrayList<>();
        final List<Double> baseline = new ArrayList<>();
        long libraryHolds;
        long libraryNanos;
        long baselineHolds;
        long baselineNanos;
        long libraryBusy;
        long baselineBusy;
        long steal;
        long libraryJvmNanos;
        long baselineJvmNanos;
        long libraryThreadNanos;
        long baselineThreadNanos;
        final List<Double> cpuRatios = new ArrayList<>();

        void add(Slice lib, Slice base) {
            library.add(lib.rate());
            baseline.add(base.rate());
            libraryHolds += lib.holds();
            libraryNanos += lib.nanos();
            baselineHolds += base.holds();
            baselineNanos += base.nanos();
            libraryBusy += lib.cpu().busy();
            baselineBusy += base.cpu().busy();
            steal += lib.cpu().steal() + base.cpu().steal();
            libraryJvmNanos += lib.cpu().jvmNanos();
            baselineJvmNanos += base.cpu().jvmNanos();
            libraryThreadNanos += lib.threadNanos();
            baselineThreadNanos += base.threadNanos();
            cpuRatios.add(perTick(lib) / perTick(base));
        }

        private static double perTick(Slice s) {
            return s.cpu().busy() <= 0 ? Double.NaN : (double) s.holds() / s.cpu().busy();
        }

        /** @return holds per CPU tick of the library's slices ÷ the baseline's: their cost to the machine */
        double cpuRatio() {
            return libraryBusy <= 0 || baselineBusy <= 0 ? Double.NaN
                    : ((double) libraryHolds / libraryBusy) / ((double) baselineHolds / baselineBusy);
        }

        /**
         * @return CPU milliseconds per 1,000 holds of each side, split into this process (the client: the library
         *     or the hand-written loop, the pool, the driver) and the rest of the machine (the database)
         */
        Map<String, Object> cpuSplit() {
            return Map.of("library", split(libraryHolds, libraryBusy, libraryJvmNanos, libraryThreadNanos),
                    "baseline", split(baselineHolds, baselineBusy, baselineJvmNanos, baselineThreadNanos));
        }

        private static Map<String, Double> split(long holds, long busy, long jvmNanos, long threadNanos) {
            double perThousand = 1_000.0 / holds;
            double client = jvmNanos / 1e6 * perThousand;
            double all = busy * (1_000.0 / CpuTicks.TICKS_PER_SECOND) * perThousand;
            return Map.of("clientMsPer1000Holds", client, "sweeperThreadsMsPer1000Holds", threadNanos / 1e6 * perThousand,
                    "serverMsPer1000Holds", all - client);
        }

        /** @return the library's rate over all its slices ÷ the baseline's, for comparison with the median */
        double totalsRatio() {
            return ((double) libraryHolds / libraryNanos) / ((double) baselineHolds / baselineNanos);
        }
    }

    /**
     * One side's slice: holds swept by all its sweepers, the time from their common start to the last's end, the
     * machine's CPU time meanwhile, and the CPU time of the sweepers' own threads (the rest of this process's is the
     * JVM's housekeeping: garbage collection, compilation).
     */
    record Slice(long holds, long nanos, CpuTicks cpu, long threadNanos) {
        double rate() {
            return holds / Stats.seconds(nanos);
        }
    }

    /**
     * One round: loads the table with enough holds for a settling pair, {@code pairs} measured pairs and one spare
     * slice (so that every batch of a measured slice is full), runs the pairs, and checks that every slice swept
     * exactly its share and that no allocation lost its hold.
     *
     * @param libraryFirst whether the library goes first in the round's first pair
     */
    private void round(TestDatabase db, Instant anchor, int sweepers, int pairs, int sliceBatches,
            boolean libraryFirst, Pairs out) throws Exception {
        int sliceHolds = sweepers * sliceBatches * cfg.sweepBatch();
        int loaded = (2 * (pairs + 1) + 1) * sliceHolds;
        Datasets.expiredHolds(db, "s", loaded, anchor);
        try (HikariDataSource libPool = Sql.pool(db, sweepers, "sweep-library");
                HikariDataSource basePool = Sql.pool(db, sweepers, "sweep-baseline")) {
            // The library gets the pool as it is: counting its round trips (RoundTrips) costs it time per call
            // that the baseline would not pay; they are counted in recordLibrarySql instead.
            PostgresCapacity lib = library(libPool, db, sliceBatches);
            for (int pair = 0; pair <= pairs; pair++) {
                boolean libFirst = (pair % 2 == 0) == libraryFirst;
                Slice first = slice(db, libFirst, sweepers, sliceBatches, lib, basePool);
                Slice second = slice(db, !libFirst, sweepers, sliceBatches, lib, basePool);
                if (pair > 0) {
                    // Pair 0 settles the fresh connections (their first executions are not server-prepared yet).
                    out.add(libFirst ? first : second, libFirst ? second : first);
                }
            }
        }
        long swept = 2L * (pairs + 1) * sliceHolds;
        long holdsLeft = Sql.count(db, "SELECT count(*) FROM holds");
        long allocationsLeft = Sql.count(db, "SELECT count(*) FROM allocations");
        if (holdsLeft != loaded - swept || allocationsLeft != 2 * holdsLeft) {
            throw new IllegalStateException("sweep round: " + loaded + " holds loaded, " + swept + " swept, but "
                    + holdsLeft + " holds and " + allocationsLeft + " allocations left");
        }
    }

    /** Runs one side's slice and checks that each of its sweepers swept exactly its share. */
    private Slice slice(TestDatabase db, boolean library, int sweepers, int sliceBatches, PostgresCapacity lib,
            HikariDataSource basePool) throws Exception {
        long share = (long) sliceBatches * cfg.sweepBatch();
        AtomicLong swept = new AtomicLong();
        AtomicLong threadNanos = new AtomicLong();
        List<Callable<Void>> workers = new ArrayList<>();
        for (int i = 0; i < sweepers; i++) {
            workers.add(() -> {
                long cpu = THREADS.getCurrentThreadCpuTime();
                long n = library ? lib.holdSweeper().sweep().swept() : baselineWorker(basePool, sliceBatches);
                threadNanos.addAndGet(THREADS.getCurrentThreadCpuTime() - cpu);
                if (n != share) {
                    throw new IllegalStateException((library ? "library" : "baseline") + " sweeper swept " + n
                            + " holds in a slice instead of " + share);
                }
                swept.addAndGet(n);
                return null;
            });
        }
        // Every slice starts on a vacuumed table: the index entries of the holds swept before are gone, as autovacuum
        // would have removed them between two sweeps in production, instead of growing through the round and
        // making each slice slower than the one before it.
        Sql.exec(db, "VACUUM holds, allocations");
        CpuTicks before = CpuTicks.now();
        long nanos = Workers.timed(workers);
        return new Slice(swept.get(), nanos, CpuTicks.now().minus(before), threadNanos.get());
    }

    /**
     * Runs the library with its round trips counted: one call of one batch with SQL recording on, to show the
     * statements it sends, and one call of {@code sweepSliceBatches} batches, for the round trips per batch. Plans
     * one batch of each side's statement (rolled back).
     */
    private List<String> recordLibrarySql(TestDatabase db, Instant anchor) throws Exception {
        int batches = Math.max(1, cfg.sweepSliceBatches());
        Datasets.expiredHolds(db, "s", (batches + 2) * cfg.sweepBatch(), anchor);
        try (HikariDataSource pool = Sql.pool(db, 1, "sweep-sql")) {
            javax.sql.DataSource counted = trips.wrap(pool);
            trips.drainRecorded();
            trips.record(true);
            library(counted, db, 1).holdSweeper().sweep();
            trips.record(false);
            List<String> sql = trips.drainRecorded();
            long before = trips.total();
            int made = library(counted, db, batches).holdSweeper().sweep().batches();
            report.evidence("sweep.libraryRoundTripsPerBatch", Map.of("batchesPerCall", made,
                    "roundTripsPerBatch", (trips.total() - before) / (double) made));
            java.time.OffsetDateTime at = Sql.odt(Instant.now());
            java.util.Map<String, Object> plans = new java.util.LinkedHashMap<>();
            // The library sends its settings and its batch as one prepared statement: plan the batch's part.
            sql.stream().filter(q -> q.contains("delete from")).findFirst().ifPresent(q -> plans.put(
                    "library",
                    Sql.explain(db, q.substring(q.indexOf("with")), at, cfg.sweepBatch(), at)));
            plans.put("baseline", Sql.explain(db, BASELINE_SQL, at, cfg.sweepBatch(), at));
            report.evidence("sweep.explainOneBatch", plans);
            return sql;
        }
    }

    private PostgresCapacity library(javax.sql.DataSource pool, TestDatabase db, int maxBatches) {
        SweeperSettings settings = SweeperSettings.defaults().withBatchSize(cfg.sweepBatch())
                .withMaxBatches(maxBatches).withTimeBudget(Duration.ofHours(1));
        return PostgresCapacity.builder().dataSource(pool).schema(db.schema()).listenForChanges(false)
                .sweeper(settings).build();
    }

    /**
     * Sweeps a whole backlog of {@code sweepBacklog} holds, loaded fresh: the library's sweepers call {@code sweep()}
     * with the default bound of 100 batches until a call finds nothing, the baseline's run batches until one finds
     * nothing. One run per side, library first: for the absolute rate on a table of this size, not for the ratio.
     *
     * @return holds per second
     */
    private double backlog(TestDatabase db, Instant anchor, int sweepers, boolean library) throws Exception {
        Datasets.expiredHolds(db, "s", cfg.sweepBacklog(), anchor);
        AtomicLong swept = new AtomicLong();
        long nanos;
        try (HikariDataSource pool = Sql.pool(db, sweepers, "sweep-backlog")) {
            PostgresCapacity lib = library(pool, db, SweeperSettings.defaults().maxBatches());
            List<Callable<Void>> workers = new ArrayList<>();
            for (int i = 0; i < sweepers; i++) {
                workers.add(() -> {
                    long n;
                    do {
                        n = library ? lib.holdSweeper().sweep().swept() : baselineWorker(pool, Integer.MAX_VALUE);
                        swept.addAndGet(n);
                    } while (n > 0 && library);
                    return null;
                });
            }
            nanos = Workers.timed(workers);
        }
        long left = Sql.count(db, "SELECT count(*) FROM holds") + Sql.count(db, "SELECT count(*) FROM allocations");
        if (swept.get() != cfg.sweepBacklog() || left != 0) {
            throw new IllegalStateException("sweep backlog " + (library ? "library" : "baseline") + " swept "
                    + swept.get() + " of " + cfg.sweepBacklog() + " holds; " + left + " rows left");
        }
        return cfg.sweepBacklog() / Stats.seconds(nanos);
    }

    /**
     * One baseline sweeper's share of a slice: the statement and a commit per batch, {@code batches} times or until a
     * batch finds nothing.
     *
     * @return holds swept
     */
    private long baselineWorker(HikariDataSource pool, int batches) throws SQLException {
        long swept = 0;
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement(BASELINE_SQL)) {
                for (int b = 0; b < batches; b++) {
                    java.time.OffsetDateTime now = Sql.odt(Instant.now());
                    s.setObject(1, now);
                    s.setInt(2, cfg.sweepBatch());
                    s.setObject(3, now);
                    int n = 0;
                    try (ResultSet rs = s.executeQuery()) {
                        int columns = rs.getMetaData().getColumnCount();
                        while (rs.next()) {
                            // Read every returned column, as the library maps each one into its events.
                            for (int col = 1; col <= columns; col++) {
                                rs.getObject(col);
                            }
                            n++;
                        }
                    }
                    c.commit();
                    swept += n;
                    if (n == 0) {
                        break;
                    }
                }
            } finally {
                c.setAutoCommit(true);
            }
        }
        return swept;
    }
}
