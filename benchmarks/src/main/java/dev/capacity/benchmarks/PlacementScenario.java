package dev.capacity.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.capacity.api.BookingId;
import dev.capacity.api.PlaceHoldRequest;
import dev.capacity.api.RestaurantId;
import dev.capacity.api.TableId;
import dev.capacity.api.TimeWindow;
import dev.capacity.api.error.HoldConflict;
import dev.capacity.impl.PostgresCapacity;
import dev.capacity.testkit.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Hold placement by 16 threads: the library's {@code placeHold} against a hand-written JDBC transaction that does
 * the same writes (clear expired holds in the way, insert the hold, insert its allocations) and nothing else.
 *
 * <ul>
 *   <li>contended: one restaurant with 4 tables (two adjacent pairs) and 4 window slots, holds of two tables that
 *       expire after a few tens of milliseconds: threads keep colliding on the same tables and windows;</li>
 *   <li>uncontended: one restaurant of 40 tables (20 adjacent pairs) per thread, windows advancing, so no two
 *       attempts ever overlap.</li>
 * </ul>
 * Every restaurant has 30 days of past bookings (analyzed); holds and future allocations are deleted before each
 * run. A conflict is the library's {@link HoldConflict} or, for the baseline, the
 * exclusion constraint's 23P01 (or a deadlock, 40P01).
 */
final class PlacementScenario {

    private static final String CLEAR_SQL = "DELETE FROM holds WHERE holds.restaurant_id = ? "
            + "AND holds.confirmed_at IS NULL AND holds.expires_at <= ? AND holds.id IN (SELECT allocations.hold_id "
            + "FROM allocations WHERE allocations.restaurant_id = ? AND allocations.kind = 'hold' "
            + "AND allocations.table_id = ANY(?) AND allocations.during && tstzrange(?, ?, '[)')) RETURNING holds.*";
    private static final String HOLD_SQL = "INSERT INTO holds (id, restaurant_id, booking_id, starts_at, ends_at, "
            + "expires_at, table_ids, party_size, created_by, floor_plan_version, metadata, created_at, "
            + "adjacency_mode) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, '{}'::jsonb, ?, 'connected')";
    private static final String ALLOCATIONS_SQL = "INSERT INTO allocations (id, restaurant_id, table_id, kind, "
            + "booking_id, hold_id, during, created_at, created_by) VALUES "
            + "(?, ?, ?, 'hold', ?, ?, tstzrange(?, ?, '[)'), ?, ?), (?, ?, ?, 'hold', ?, ?, tstzrange(?, ?, '[)'), ?, ?)";

    private final BenchServer server;
    private final BenchConfig cfg;
    private final Report report;
    private final RoundTrips trips = new RoundTrips();

    PlacementScenario(BenchServer server, BenchConfig cfg, Report report) {
        this.server = server;
        this.cfg = cfg;
        this.report = report;
    }

    /** Where attempts go: the pair and window of a thread's k-th attempt. */
    interface Plan {
        RestaurantId restaurant(int thread);

        List<TableId> pair(int thread, long attempt);

        TimeWindow window(int thread, long attempt);

        Duration ttl();
    }

    record Outcome(long placements, long conflicts, long deadlocks, long errors, long roundTrips, double seconds,
            String firstError) {
        double perSecond() {
            return placements / seconds;
        }

        double tripsPerAttempt() {
            return roundTrips / (double) Math.max(1, placements + conflicts + errors);
        }
    }

    /** Restaurants of the uncontended run (one per thread, up to the thread count) and their tables. */
    static final int UNCONTENDED_TABLES = 40;

    void run() throws Exception {
        Instant now = Instant.now();
        Instant evening = now.plus(Duration.ofDays(2)).truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        int threads = cfg.placementThreads();
        try (TestDatabase db = server.newSchema()) {
            // Every restaurant has 30 days of past evening bookings on every table, analyzed, so that the planner
            // sees a ledger of realistic shape; the attempts go to future windows.
            RestaurantId contendedR = new RestaurantId(
                    Datasets.restaurantWithHistory(db, "c", 0, 4, 1, now, -30, -1));
            List<List<TableId>> contendedPairs = List.of(
                    List.of(table(db, "c", 0, 0), table(db, "c", 0, 1)),
                    List.of(table(db, "c", 0, 2), table(db, "c", 0, 3)));
            List<RestaurantId> uncontendedR = new ArrayList<>();
            List<List<List<TableId>>> uncontendedPairs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                uncontendedR.add(new RestaurantId(Datasets.restaurantWithHistory(db, "u", t, UNCONTENDED_TABLES, 1,
                        now, -30, -1)));
                List<List<TableId>> pairs = new ArrayList<>();
                for (int k = 0; k < UNCONTENDED_TABLES / 2; k++) {
                    pairs.add(List.of(table(db, "u", t, 2 * k), table(db, "u", t, 2 * k + 1)));
                }
                uncontendedPairs.add(pairs);
            }
            int slots = 4;
            Plan contended = new Plan() {
                public RestaurantId restaurant(int thread) {
                    return contendedR;
                }

                public List<TableId> pair(int thread, long attempt) {
                    return contendedPairs.get(ThreadLocalRandom.current().nextInt(contendedPairs.size()));
                }

                public TimeWindow window(int thread, long attempt) {
                    return TimeWindow.starting(evening.plus(Duration.ofHours(2L * ThreadLocalRandom.current()
                            .nextInt(slots))), Duration.ofHours(2));
                }

                public Duration ttl() {
                    return Duration.ofMillis(cfg.contendedHoldTtlMillis());
                }
            };
            Plan uncontended = new Plan() {
                public RestaurantId restaurant(int thread) {
                    return uncontendedR.get(thread);
                }

                public List<TableId> pair(int thread, long attempt) {
                    List<List<TableId>> own = uncontendedPairs.get(thread);
                    return own.get((int) (attempt % own.size()));
                }

                public TimeWindow window(int thread, long attempt) {
                    int own = uncontendedPairs.get(thread).size();
                    return TimeWindow.starting(evening.plus(Duration.ofHours(2L * (attempt / own))),
                            Duration.ofHours(2));
                }

                public Duration ttl() {
                    return Duration.ofMinutes(10);
                }
            };
            for (String variant : List.of("contended", "uncontended")) {
                boolean isContended = variant.equals("contended");
                Plan plan = isContended ? contended : uncontended;
                Outcome lib = measure(db, plan, true);
                Outcome base = measure(db, plan, false);
                String v = variant + ", " + threads + " threads";
                report.add(Result.of("hold placement", v, "placements/s", lib.perSecond(), base.perSecond(), true)
                        .detail("library", outcome(lib)).detail("baseline", outcome(base))
                        .detail("setup", isContended
                                ? "1 restaurant, 4 tables (2 adjacent pairs), 4 window slots, hold TTL "
                                        + cfg.contendedHoldTtlMillis() + " ms"
                                : threads + " restaurants of " + UNCONTENDED_TABLES + " tables, one per thread, "
                                        + "windows advancing, hold TTL 10 min"));
                report.add(Result.of("hold placement", v, "conflicts/s", lib.conflicts() / lib.seconds(),
                        base.conflicts() / base.seconds(), false));
                report.add(Result.of("hold placement", v, "round trips/attempt", lib.tripsPerAttempt(),
                        base.tripsPerAttempt(), false));
            }
        }
    }

    private static TableId table(TestDatabase db, String seed, int restaurant, int t) {
        return new TableId(Datasets.restaurantTable(db, seed, restaurant, t));
    }

    private static Map<String, Object> outcome(Outcome o) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("placements", o.placements());
        m.put("conflicts", o.conflicts());
        m.put("ofWhichDeadlocks", o.deadlocks());
        m.put("otherErrors", o.errors());
        m.put("seconds", o.seconds());
        m.put("roundTrips", o.roundTrips());
        if (o.firstError() != null) {
            m.put("firstError", o.firstError());
        }
        return m;
    }

    private Outcome measure(TestDatabase db, Plan plan, boolean library) throws Exception {
        // Back to the history only: no holds, no future allocations.
        Sql.exec(db, "DELETE FROM allocations WHERE upper(during) > now()", "DELETE FROM holds");
        Sql.settle(db, "holds", "allocations");
        int threads = cfg.placementThreads();
        try (HikariDataSource pool = Sql.pool(db, threads, "placement")) {
            javax.sql.DataSource ds = trips.wrap(pool);
            PostgresCapacity lib = library ? PostgresCapacity.builder().dataSource(ds).schema(db.schema())
                    .listenForChanges(false).build() : null;
            // Warm-up, then the measured run, each with a deadline.
            run(ds, lib, plan, cfg.placementWarmupSeconds(), new long[threads]);
            long tripsBefore = trips.total();
            AtomicLong placements = new AtomicLong();
            AtomicLong conflicts = new AtomicLong();
            AtomicLong errors = new AtomicLong();
            AtomicLong deadlocks = new AtomicLong();
            AtomicReference<String> firstError = new AtomicReference<>();
            long[] attempts = new long[threads];
            Arrays.fill(attempts, 1_000_000L);
            long nanos = run(ds, lib, plan, cfg.placementSeconds(), attempts, placements, conflicts, deadlocks,
                    errors, firstError);
            return new Outcome(placements.get(), conflicts.get(), deadlocks.get(), errors.get(),
                    trips.total() - tripsBefore,
                    Stats.seconds(nanos), firstError.get());
        }
    }

    private long run(javax.sql.DataSource ds, PostgresCapacity lib, Plan plan, double seconds,
            long[] attempts) throws Exception {
        return run(ds, lib, plan, seconds, attempts, new AtomicLong(), new AtomicLong(), new AtomicLong(),
                new AtomicLong(), new AtomicReference<>());
    }

    private long run(javax.sql.DataSource ds, PostgresCapacity lib, Plan plan, double seconds,
            long[] attempts, AtomicLong placements, AtomicLong conflicts, AtomicLong deadlocks, AtomicLong errors,
            AtomicReference<String> firstError) throws Exception {
        List<Callable<Void>> workers = new ArrayList<>();
        for (int t = 0; t < attempts.length; t++) {
            int thread = t;
            workers.add(() -> {
                long end = System.nanoTime() + (long) (seconds * 1e9);
                try (Connection c = lib == null ? ds.getConnection() : null) {
                    if (c != null) {
                        c.setAutoCommit(false);
                    }
                    while (System.nanoTime() < end) {
                        long k = attempts[thread]++;
                        RestaurantId r = plan.restaurant(thread);
                        List<TableId> pair = plan.pair(thread, k);
                        TimeWindow window = plan.window(thread, k);
                        try {
                            if (lib != null) {
                                lib.allocationStore().placeHold(PlaceHoldRequest.builder(r, window).tables(pair)
                                        .ttl(plan.ttl()).bookingId(BookingId.random()).partySize(6)
                                        .createdBy("bench").build());
                            } else {
                                baseline(c, r, pair, window, plan.ttl());
                            }
                            placements.incrementAndGet();
                        } catch (HoldConflict e) {
                            conflicts.incrementAndGet();
                        } catch (SQLException e) {
                            c.rollback();
                            if ("23P01".equals(e.getSQLState()) || "40P01".equals(e.getSQLState())) {
                                conflicts.incrementAndGet();
                                if ("40P01".equals(e.getSQLState())) {
                                    deadlocks.incrementAndGet();
                                }
                            } else {
                                errors.incrementAndGet();
                                firstError.compareAndSet(null, e.toString());
                            }
                        } catch (RuntimeException e) {
                            errors.incrementAndGet();
                            firstError.compareAndSet(null, e.toString());
                        }
                    }
                }
                return null;
            });
        }
        return Workers.timed(workers);
    }

    /** The hand-written placement: the same writes as the library's, in one transaction, and nothing else. */
    private static void baseline(Connection c, RestaurantId r, List<TableId> pair, TimeWindow w, Duration ttl)
            throws SQLException {
        Instant now = Instant.now();
        UUID hold = UUID.randomUUID();
        UUID booking = UUID.randomUUID();
        List<TableId> sorted = pair.stream().sorted().toList();
        UUID[] tables = sorted.stream().map(TableId::value).toArray(UUID[]::new);
        try (PreparedStatement s = c.prepareStatement(CLEAR_SQL)) {
            s.setObject(1, r.value());
            s.setObject(2, Sql.odt(now));
            s.setObject(3, r.value());
            s.setArray(4, c.createArrayOf("uuid", tables));
            s.setObject(5, Sql.odt(w.start()));
            s.setObject(6, Sql.odt(w.end()));
            s.executeQuery().close();
        }
        try (PreparedStatement s = c.prepareStatement(HOLD_SQL)) {
            s.setObject(1, hold);
            s.setObject(2, r.value());
            s.setObject(3, booking);
            s.setObject(4, Sql.odt(w.start()));
            s.setObject(5, Sql.odt(w.end()));
            s.setObject(6, Sql.odt(now.plus(ttl)));
            s.setArray(7, c.createArrayOf("uuid", tables));
            s.setInt(8, 6);
            s.setString(9, "bench");
            s.setObject(10, Sql.odt(now));
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement(ALLOCATIONS_SQL)) {
            int p = 1;
            for (UUID table : tables) {
                s.setObject(p++, UUID.randomUUID());
                s.setObject(p++, r.value());
                s.setObject(p++, table);
                s.setObject(p++, booking);
                s.setObject(p++, hold);
                s.setObject(p++, Sql.odt(w.start()));
                s.setObject(p++, Sql.odt(w.end()));
                s.setObject(p++, Sql.odt(now));
                s.setString(p++, "bench");
            }
            s.executeUpdate();
        }
        c.commit();
    }
}
