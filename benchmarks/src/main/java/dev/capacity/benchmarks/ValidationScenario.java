package dev.capacity.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.capacity.api.BookingId;
import dev.capacity.api.RestaurantId;
import dev.capacity.api.TableId;
import dev.capacity.api.TimeWindow;
import dev.capacity.api.ValidationRequest;
import dev.capacity.api.ValidationResult;
import dev.capacity.impl.PostgresCapacity;
import dev.capacity.testkit.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Validation of a 4-table selection (adjacent, one zone, 16 seats for 14 guests, a free window) in a 200-table
 * restaurant with a warm floor-plan cache: latency per call and database round trips per call, counted by wrapping
 * the pool ({@link RoundTrips}). The baseline is the same conflict query written by hand in JDBC; the library also
 * applies every assignment rule to the cached floor plan.
 */
final class ValidationScenario {

    /** The library's blocker query ({@code LedgerSql.blockers}), written by hand. */
    static final String BASELINE_SQL = "SELECT a.id, a.restaurant_id, a.table_id, a.kind, lower(a.during), "
            + "upper(a.during), a.booking_id, a.hold_id, a.created_at, a.created_by, a.note, "
            + "a.slack_override_reason, a.slack_override_actor, h.expires_at FROM allocations a "
            + "LEFT OUTER JOIN holds h ON h.id = a.hold_id WHERE a.restaurant_id = ? AND a.table_id = ANY(?) "
            + "AND a.during && tstzrange(?, ?, '[)') AND (a.kind <> 'hold' OR h.expires_at > ?) "
            + "AND a.booking_id IS DISTINCT FROM ? ORDER BY a.table_id, lower(a.during)";

    private final BenchServer server;
    private final BenchConfig cfg;
    private final Report report;
    private final RoundTrips trips = new RoundTrips();

    ValidationScenario(BenchServer server, BenchConfig cfg, Report report) {
        this.server = server;
        this.cfg = cfg;
        this.report = report;
    }

    void run() throws Exception {
        Instant anchor = Instant.now();
        try (TestDatabase db = server.newSchema();
                HikariDataSource pool = Sql.pool(db, 3, "validation")) {
            RestaurantId r = new RestaurantId(Datasets.bigRestaurant(db, "v", anchor, -12, 12));
            List<TableId> selection = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                selection.add(new TableId(Datasets.bigRestaurantTable(db, "v", t)));
            }
            // Tomorrow 13:00-15:00 UTC: no booking there, so the selection passes.
            Instant start = anchor.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1)).plus(Duration.ofHours(13));
            TimeWindow window = TimeWindow.starting(start, Duration.ofHours(2));
            BookingId booking = BookingId.random();
            ValidationRequest request = ValidationRequest.of(r, booking, 14, window, selection);
            DataSource ds = trips.wrap(pool);

            try (PostgresCapacity lib = PostgresCapacity.builder().dataSource(ds).schema(db.schema()).build()) {
                lib.floorPlans().get(r); // warm cache
                ValidationResult first = lib.validator().validate(request);
                if (!first.ok()) {
                    throw new IllegalStateException("the benchmark selection should pass: " + first);
                }
                trips.record(true);
                lib.validator().validate(request);
                trips.record(false);
                List<String> librarySql = trips.drainRecorded();
                report.evidence("validation.librarySql", librarySql);
                Latencies libLat = measure(() -> {
                    if (!lib.validator().validate(request).ok()) {
                        throw new IllegalStateException("validation failed");
                    }
                });
                Latencies baseLat = measure(() -> {
                    if (baseline(ds, request) != 0) {
                        throw new IllegalStateException("baseline found blockers");
                    }
                });
                String v = "4 of 200 tables, warm cache";
                Result p50 = Result.of("validation", v, "p50 µs", libLat.p(50), baseLat.p(50), false)
                        .detail("calls", cfg.validationCalls()).detail("warmup", cfg.validationWarmup())
                        .detail("libraryMeanMicros", Stats.mean(libLat.micros))
                        .detail("baselineMeanMicros", Stats.mean(baseLat.micros))
                        .detail("libraryMaxMicros", libLat.p(100)).detail("baselineMaxMicros", baseLat.p(100));
                report.add(p50);
                Result p99 = Result.of("validation", v, "p99 µs", libLat.p(99), baseLat.p(99), false);
                report.add(p99.withTarget("≤ 2,000 µs", libLat.p(99) <= 2000));
                Result rt = Result.of("validation", v, "round trips/call", libLat.tripsPerCall,
                        baseLat.tripsPerCall, false);
                report.add(rt.withTarget("= 1", libLat.tripsPerCall == 1.0));
                report.evidence("validation.baselineSql", BASELINE_SQL);
                // The same query planned twice: as the library sends it (jOOQ binds the uuid[] and the timestamps as
                // text, cast in the SQL) and as the baseline does (a typed uuid[] parameter).
                String tables = "{" + String.join(",", selection.stream().map(t -> t.value().toString()).toList()) + "}";
                Instant now = Instant.now();
                java.util.Map<String, Object> plans = new java.util.LinkedHashMap<>();
                if (librarySql.size() == 1) {
                    plans.put("library (parameters bound as text, as jOOQ binds them)", Sql.explain(db,
                            librarySql.get(0), r.toString(), tables, window.start().toString(),
                            window.end().toString(), "hold", now.toString(), booking.toString()));
                }
                plans.put("baseline (typed uuid[] parameter)", Sql.explain(db, BASELINE_SQL, r.value(),
                        selection.stream().map(TableId::value).toArray(UUID[]::new), Sql.odt(window.start()),
                        Sql.odt(window.end()), Sql.odt(now), booking.value()));
                report.evidence("validation.explain", plans);
            }
        }
    }

    interface Call {
        void run() throws Exception;
    }

    record Latencies(double[] micros, double tripsPerCall) {
        double p(double percentile) {
            return Stats.percentile(micros, percentile);
        }
    }

    private Latencies measure(Call call) throws Exception {
        for (int i = 0; i < cfg.validationWarmup(); i++) {
            call.run();
        }
        double[] micros = new double[cfg.validationCalls()];
        long trips0 = trips.ofThisThread();
        for (int i = 0; i < micros.length; i++) {
            long t0 = System.nanoTime();
            call.run();
            micros[i] = (System.nanoTime() - t0) / 1e3;
        }
        return new Latencies(micros, (trips.ofThisThread() - trips0) / (double) micros.length);
    }

    /** The hand-written check: one query for what blocks the selection; returns how many rows block it. */
    private static int baseline(DataSource ds, ValidationRequest q) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement s = c.prepareStatement(BASELINE_SQL)) {
            UUID[] tables = q.tableIds().stream().map(TableId::value).toArray(UUID[]::new);
            s.setObject(1, q.restaurantId().value());
            s.setArray(2, c.createArrayOf("uuid", tables));
            s.setObject(3, Sql.odt(q.window().start()));
            s.setObject(4, Sql.odt(q.window().end()));
            s.setObject(5, Sql.odt(Instant.now()));
            s.setObject(6, q.bookingId() == null ? null : q.bookingId().value());
            int n = 0;
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    for (int col = 1; col <= 14; col++) {
                        rs.getObject(col);
                    }
                    n++;
                }
            }
            return n;
        }
    }
}
