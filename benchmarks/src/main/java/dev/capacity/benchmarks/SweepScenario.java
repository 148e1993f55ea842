package dev.capacity.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.capacity.api.SweepResult;
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
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sweep: N expired holds on two tables each; the library's {@code holdSweeper().sweep()} called in a loop until it
 * finds nothing, against the same one-statement batch written by hand in plain JDBC with a commit per batch.
 * Measured in rounds, each a library run and a baseline run back to back on freshly loaded data, alternating which
 * goes first; the ratio is the median of the rounds' ratios, since both sides' speed drifts between rounds on a
 * shared machine by more than the difference being measured.
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
            // Warm-up (not recorded): both sides once on a small set, so that neither pays for class loading and
            // JIT in the first measured round.
            if (!cfg.quick()) {
                int warm = Math.min(cfg.sweepHolds(), 5_000);
                for (int sweepers : new int[] {1, 4}) {
                    measure(db, anchor, warm, sweepers, true);
                    measure(db, anchor, warm, sweepers, false);
                }
            }
            trips.drainRecorded();
            for (int sweepers : new int[] {1, 4}) {
                List<Double> lib = new ArrayList<>();
                List<Double> base = new ArrayList<>();
                List<Double> libTripsPerBatch = new ArrayList<>();
                for (int round = 0; round < cfg.sweepRounds(); round++) {
                    boolean libraryFirst = round % 2 == 0;
                    for (int side = 0; side < 2; side++) {
                        boolean library = (side == 0) == libraryFirst;
                        Run run = measure(db, anchor, cfg.sweepHolds(), sweepers, library);
                        (library ? lib : base).add(run.rate());
                        if (library) {
                            libTripsPerBatch.add(run.tripsPerBatch());
                        }
                    }
                }
                Result r = Result.ofRounds("sweep", sweepers + (sweepers == 1 ? " sweeper" : " sweepers"),
                        "holds/s", lib, base, true)
                        .detail("holds", cfg.sweepHolds())
                        .detail("allocationsPerHold", 2)
                        .detail("batch", cfg.sweepBatch())
                        .detail("libraryRoundTripsPerBatch", libTripsPerBatch)
                        .detail("baselineRoundTripsPerBatch", 2.0);
                report.add(r.withTarget("≥ 0.90 × SQL and ≥ 50,000/s", r.ratio() >= 0.90 && r.library() >= 50_000));
            }
            report.evidence("sweep.librarySql", recordLibrarySql(db, anchor));
            report.evidence("sweep.baselineSql", BASELINE_SQL);
        }
    }

    /**
     * Runs the library once with SQL recording on, to show the statements it sends, and plans one batch of each
     * side's statement (rolled back).
     */
    private List<String> recordLibrarySql(TestDatabase db, Instant anchor) throws Exception {
        Datasets.expiredHolds(db, "s", Math.min(cfg.sweepHolds(), 20 * cfg.sweepBatch()), anchor);
        try (HikariDataSource pool = Sql.pool(db, 1, "sweep-sql")) {
            PostgresCapacity lib = library(pool, db);
            trips.drainRecorded();
            trips.record(true);
            lib.holdSweeper(SweeperSettings.defaults().withBatchSize(cfg.sweepBatch()).withMaxBatches(1)).sweep();
            trips.record(false);
            List<String> sql = trips.drainRecorded();
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

    private PostgresCapacity library(HikariDataSource pool, TestDatabase db) {
        SweeperSettings settings = SweeperSettings.defaults().withBatchSize(cfg.sweepBatch())
                .withMaxBatches(1_000_000).withTimeBudget(Duration.ofHours(1));
        return PostgresCapacity.builder().dataSource(trips.wrap(pool)).schema(db.schema()).listenForChanges(false)
                .sweeper(settings).build();
    }

    record Run(double rate, double tripsPerBatch) {
    }

    private Run measure(TestDatabase db, Instant anchor, int holds, int sweepers, boolean library) throws Exception {
        Datasets.expiredHolds(db, "s", holds, anchor);
        AtomicLong swept = new AtomicLong();
        AtomicLong batches = new AtomicLong();
        long tripsBefore = trips.total();
        long elapsed;
        try (HikariDataSource pool = Sql.pool(db, sweepers, "sweep")) {
            List<Callable<Void>> workers = new ArrayList<>();
            if (library) {
                PostgresCapacity lib = library(pool, db);
                for (int i = 0; i < sweepers; i++) {
                    workers.add(() -> {
                        while (true) {
                            SweepResult r = lib.holdSweeper().sweep();
                            swept.addAndGet(r.swept());
                            batches.addAndGet(r.batches());
                            if (r.swept() == 0) {
                                return null;
                            }
                        }
                    });
                }
            } else {
                for (int i = 0; i < sweepers; i++) {
                    workers.add(() -> {
                        baselineWorker(pool, swept, batches);
                        return null;
                    });
                }
            }
            elapsed = Workers.timed(workers);
        }
        long left = Sql.count(db, "SELECT count(*) FROM holds") + Sql.count(db, "SELECT count(*) FROM allocations");
        if (swept.get() != holds || left != 0) {
            throw new IllegalStateException("sweep " + (library ? "library" : "baseline") + " swept " + swept.get()
                    + " of " + holds + " holds; " + left + " rows left");
        }
        double tripsPerBatch = (trips.total() - tripsBefore) / (double) Math.max(1, batches.get());
        return new Run(holds / Stats.seconds(elapsed), tripsPerBatch);
    }

    /** One baseline sweeper: the statement and a commit per batch until a batch finds nothing. */
    private void baselineWorker(HikariDataSource pool, AtomicLong swept, AtomicLong batches) throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement(BASELINE_SQL)) {
                while (true) {
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
                    batches.incrementAndGet();
                    swept.addAndGet(n);
                    if (n == 0) {
                        return;
                    }
                }
            }
        }
    }
}
