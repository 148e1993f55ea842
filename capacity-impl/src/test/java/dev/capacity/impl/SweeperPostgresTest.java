package dev.capacity.impl;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.capacity.api.AdjacencyMode;
import dev.capacity.api.BookingId;
import dev.capacity.api.Confirmation;
import dev.capacity.api.HoldId;
import dev.capacity.api.HoldSweeper;
import dev.capacity.api.PlaceHoldRequest;
import dev.capacity.api.RestaurantId;
import dev.capacity.api.SweepResult;
import dev.capacity.api.SweeperSettings;
import dev.capacity.api.TableId;
import dev.capacity.api.TimeWindow;
import dev.capacity.api.ValidationOptions;
import dev.capacity.api.error.CapacityError;
import dev.capacity.api.error.CapacityUnavailable;
import dev.capacity.api.error.ErrorCode;
import dev.capacity.api.error.HoldExpired;
import dev.capacity.api.error.HoldNotFound;
import dev.capacity.api.event.CapacityListener;
import dev.capacity.api.event.HoldExpiredEvent;
import dev.capacity.api.event.SweepFailedEvent;
import dev.capacity.testkit.contract.RecordingListener;
import dev.capacity.testkit.postgres.PostgresExtension;
import dev.capacity.testkit.postgres.TestDatabase;
import dev.capacity.testkit.time.MutableInstantSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jspecify.annotations.Nullable;
import org.postgresql.util.PSQLException;

/**
 * The sweeper against a real PostgreSQL: many instances at once, confirms racing it at the expiry boundary, and a
 * batch whose connection is killed. Every instance has its own pool, as separate hosts would. Nothing waits with a
 * fixed sleep: the tests stop a transaction at a chosen row with an advisory lock taken inside a test trigger
 * (see {@link Gate}) and poll {@code pg_stat_activity} with a deadline until the backend is parked there.
 */
@ExtendWith(PostgresExtension.class)
@DisplayName("The hold sweeper on PostgreSQL")
@Timeout(value = 120, unit = SECONDS)
class SweeperPostgresTest {

    /** Business "now" of the sweepers in the bulk tests. */
    private static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");
    /** Start of the first reservation window; windows lie in the future of every clock used here. */
    private static final Instant EVENING = Instant.parse("2030-01-02T18:00:00Z");
    /** How long any single wait in these tests may take before it counts as a hang. */
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Table pairs the bulk loader spreads its holds over (two tables per hold). */
    private static final int PAIRS = 100;

    private final TestDatabase db;
    private final List<AutoCloseable> resources = new ArrayList<>();
    /** The test's own autocommit connection for set-up, polling and assertions. */
    private Connection sql;

    SweeperPostgresTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void emptyLedger() throws SQLException {
        sql = db.connection();
        resources.add(sql);
        update("DELETE FROM allocations");
        update("DELETE FROM holds");
    }

    @AfterEach
    void release() throws Exception {
        Collections.reverse(resources);
        for (AutoCloseable r : resources) {
            r.close();
        }
        resources.clear();
    }

    // -------------------------------------------------------------------------------------------------------------
    // A. Many instances
    // -------------------------------------------------------------------------------------------------------------

    @Nested
    @DisplayName("Many instances sweeping at once")
    class ManyInstances {

        private static final int INSTANCES = 4;
        private static final int THREADS_PER_INSTANCE = 2;
        private static final int HOLDS = 20_000;

        @Test
        @DisplayName("sweep 20,000 expired holds exactly once between them, leaving no hold and no allocation")
        void everyHoldSweptExactlyOnce() throws Exception {
            RestaurantId r = restaurantWithTables(2 * PAIRS);
            List<UUID> inserted = insertExpiredHolds(r, HOLDS, NOW.minusSeconds(1));
            assertThat(count("SELECT count(*) FROM allocations WHERE kind = 'hold'")).isEqualTo(2L * HOLDS);

            SweeperSettings settings = SweeperSettings.defaults().withBatchSize(500).withMaxBatches(1_000)
                    .withTimeBudget(Duration.ofSeconds(60))
                    .withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(10));
            MutableInstantSource clock = MutableInstantSource.at(NOW);
            List<RecordingListener> listeners = new ArrayList<>();
            List<HoldSweeper> sweepers = new ArrayList<>();
            for (int i = 0; i < INSTANCES; i++) {
                RecordingListener listener = new RecordingListener();
                listeners.add(listener);
                DataSource pool = pool("sweeper-" + i, THREADS_PER_INSTANCE);
                sweepers.add(capacity(pool, clock, listener, settings).holdSweeper());
            }

            ExecutorService threads = executor(INSTANCES * THREADS_PER_INSTANCE);
            CountDownLatch start = new CountDownLatch(1);
            List<List<SweepResult>> resultsByInstance = new ArrayList<>();
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            List<Future<?>> running = new ArrayList<>();
            long deadline = System.nanoTime() + WAIT.toNanos();
            for (int i = 0; i < INSTANCES; i++) {
                List<SweepResult> results = new CopyOnWriteArrayList<>();
                resultsByInstance.add(results);
                HoldSweeper sweeper = sweepers.get(i);
                for (int t = 0; t < THREADS_PER_INSTANCE; t++) {
                    running.add(threads.submit(() -> {
                        try {
                            start.await();
                            while (true) {
                                SweepResult result = sweeper.sweep();
                                results.add(result);
                                if (result.swept() == 0 && !result.backlogRemaining()) {
                                    return;
                                }
                                if (System.nanoTime() > deadline) {
                                    throw new AssertionError("still sweeping after " + WAIT + ": " + result);
                                }
                            }
                        } catch (Throwable e) {
                            failures.add(e);
                        }
                    }));
                }
            }
            long started = System.nanoTime();
            start.countDown();
            for (Future<?> f : running) {
                f.get(WAIT.toSeconds() + 5, SECONDS);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(failures).as("exceptions thrown by sweeper threads").isEmpty();
            listeners.forEach(l -> assertThat(l.sweepsFailed()).as("sweep-failed events").isEmpty());

            List<UUID> reported = ids(listeners.stream().flatMap(l -> l.holdsExpired().stream()).toList());
            assertSameIds(reported, inserted);
            int swept = resultsByInstance.stream().flatMap(List::stream).mapToInt(SweepResult::swept).sum();
            assertThat(swept).as("sum of SweepResult.swept").isEqualTo(HOLDS);
            for (int i = 0; i < INSTANCES; i++) {
                assertThat(resultsByInstance.get(i).stream().mapToInt(SweepResult::swept).sum())
                        .as("instance %d: swept reported by results vs events", i)
                        .isEqualTo(listeners.get(i).holdsExpired().size());
                assertThat(listeners.get(i).sweepsCompleted()).hasSameSizeAs(resultsByInstance.get(i));
            }
            assertThat(listeners.stream().filter(l -> !l.holdsExpired().isEmpty()).count())
                    .as("instances that swept something").isGreaterThan(1);
            assertThat(count("SELECT count(*) FROM holds")).as("holds left").isZero();
            assertThat(count("SELECT count(*) FROM allocations")).as("allocations left (orphans)").isZero();
            assertThat(took).as("time to sweep everything").isLessThan(WAIT);
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // B. Confirm versus sweep
    // -------------------------------------------------------------------------------------------------------------

    @Nested
    @DisplayName("Confirm racing the sweeper at the expiry boundary")
    class ConfirmRace {

        private static final Instant PLACED = Instant.parse("2030-01-01T11:00:00Z");
        private static final Duration TTL = Duration.ofMinutes(10);
        private static final Duration MICRO = Duration.ofNanos(1_000);
        private static final int HOLDS = 200;
        private static final int TABLES = 40;

        @Test
        @DisplayName("ends every hold exactly confirmed or swept, and never confirms a hold whose expiry is now")
        void boundary() throws Exception {
            MutableInstantSource clock = MutableInstantSource.at(PLACED);
            PostgresCapacity confirmer = capacity(pool("confirmer", 4), clock, CapacityListener.NONE,
                    SweeperSettings.defaults());
            RestaurantId r = restaurantWithTables(TABLES);
            List<TableId> tables = tableIds(r);
            // Half the holds expire exactly at the race's "now", the other half one microsecond after it.
            List<Placed> atExpiry = placeHolds(confirmer, r, tables, 0, HOLDS / 2, TTL);
            clock.advance(MICRO);
            List<Placed> justBefore = placeHolds(confirmer, r, tables, HOLDS / 2, HOLDS, TTL);
            clock.set(PLACED.plus(TTL));
            RecordingListener sweepEvents = new RecordingListener();
            PostgresCapacity sweeper = capacity(pool("sweeper", 2), clock, sweepEvents,
                    SweeperSettings.defaults().withBatchSize(3).withMaxBatches(1_000));
            List<Placed> all = new ArrayList<>(atExpiry);
            all.addAll(justBefore);

            Race race = race(r, all, confirmer, sweeper.holdSweeper());

            assertThat(race.violations()).as("inconsistent states seen while racing").isEmpty();
            assertThat(sweepEvents.sweepsFailed()).isEmpty();
            Ledger ledger = Ledger.read(sql);
            for (Placed h : atExpiry) {
                assertThat(race.outcomes().get(h.id())).as("confirm of %s (expiresAt == now)", h.id())
                        .isInstanceOfAny(HoldExpired.class, HoldNotFound.class);
                assertSwept(ledger, h, sweepEvents);
            }
            for (Placed h : justBefore) {
                assertThat(race.outcomes().get(h.id())).as("confirm of %s (expiresAt == now + 1 µs)", h.id())
                        .isInstanceOf(Confirmation.class);
                assertConfirmed(ledger, h, sweepEvents);
            }
            assertThat(sweepEvents.holdsExpired()).hasSize(atExpiry.size());
        }

        @Test
        @DisplayName("with the sweeper's clock at expiry and the confirmer's a microsecond before it, "
                + "each contested hold ends confirmed or swept, never both")
        void contested() throws Exception {
            MutableInstantSource confirmerClock = MutableInstantSource.at(PLACED);
            PostgresCapacity confirmer = capacity(pool("confirmer", 4), confirmerClock, CapacityListener.NONE,
                    SweeperSettings.defaults());
            RestaurantId r = restaurantWithTables(TABLES);
            List<Placed> holds = placeHolds(confirmer, r, tableIds(r), 0, HOLDS, TTL);
            Instant expiry = PLACED.plus(TTL);
            confirmerClock.set(expiry.minus(MICRO));
            RecordingListener sweepEvents = new RecordingListener();
            PostgresCapacity sweeper = capacity(pool("sweeper", 2), MutableInstantSource.at(expiry), sweepEvents,
                    SweeperSettings.defaults().withBatchSize(3).withMaxBatches(1_000));

            Race race = race(r, holds, confirmer, sweeper.holdSweeper());

            assertThat(race.violations()).as("inconsistent states seen while racing").isEmpty();
            assertThat(sweepEvents.sweepsFailed()).isEmpty();
            Ledger ledger = Ledger.read(sql);
            int confirmed = 0;
            for (Placed h : holds) {
                Object outcome = race.outcomes().get(h.id());
                assertThat(outcome).as("confirm of %s", h.id()).isInstanceOfAny(Confirmation.class, HoldNotFound.class);
                if (outcome instanceof Confirmation) {
                    confirmed++;
                    assertConfirmed(ledger, h, sweepEvents);
                } else {
                    assertSwept(ledger, h, sweepEvents);
                }
            }
            assertThat(sweepEvents.holdsExpired()).hasSize(HOLDS - confirmed);
        }

        @Test
        @DisplayName("a confirm racing a batch that has claimed its hold waits, then finds the hold gone: "
                + "never confirmed and swept at once")
        void confirmWaitsForClaimedBatch() throws Exception {
            MutableInstantSource confirmerClock = MutableInstantSource.at(PLACED);
            PostgresCapacity confirmer = capacity(pool("confirmer", 2), confirmerClock, CapacityListener.NONE,
                    SweeperSettings.defaults());
            RestaurantId r = restaurantWithTables(6);
            List<TableId> tables = tableIds(r);
            Placed first = placeHold(confirmer, r, tables, 0, TTL);
            Placed contested = placeHold(confirmer, r, tables, 1, TTL.plusSeconds(1));
            Placed last = placeHold(confirmer, r, tables, 2, TTL.plusSeconds(2));
            // The sweeper sees all three expired; the confirmer (a host whose clock is behind) sees "contested" live.
            confirmerClock.set(PLACED.plus(TTL).plusMillis(500));
            RecordingListener sweepEvents = new RecordingListener();
            PostgresCapacity sweeper = capacity(pool("sweeper", 1),
                    MutableInstantSource.at(PLACED.plus(Duration.ofHours(1))), sweepEvents,
                    SweeperSettings.defaults().withBatchSize(10).withTimeouts(WAIT, WAIT));

            try (Gate gate = new Gate()) {
                gate.at(first.id());
                Future<SweepResult> sweep = async(() -> sweeper.holdSweeper().sweep());
                gate.awaitWaiter("%victims%");
                // The batch has claimed all three rows (the CTE runs before the delete) and waits while deleting.
                Future<Confirmation> confirm = async(() -> confirmer.allocationStore()
                        .confirmHold(r, contested.id(), contested.booking()));
                awaitRowLockWaiter();
                assertThat(confirm).isNotDone();
                gate.open();
                SweepResult result = await(sweep);
                assertThat(result.swept()).isEqualTo(3);
                assertThat(result.backlogRemaining()).isFalse();
                assertThatThrownBy(confirm::get).hasCauseInstanceOf(HoldNotFound.class);
            }
            assertThat(sweepEvents.holdsExpired()).extracting(HoldExpiredEvent::holdId)
                    .containsExactlyInAnyOrder(first.id(), contested.id(), last.id());
            Ledger ledger = Ledger.read(sql);
            assertSwept(ledger, first, sweepEvents);
            assertSwept(ledger, contested, sweepEvents);
            assertSwept(ledger, last, sweepEvents);
        }

        /** Polls until some backend of this database waits for a row lock (the confirm behind the batch). */
        private void awaitRowLockWaiter() {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    + "AND wait_event_type = 'Lock' AND wait_event IN ('transactionid', 'tuple')") == 0) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the confirm never waited for the sweep's row lock");
                }
                java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
            }
        }

        @Test
        @DisplayName("a confirm still in flight is skipped by the sweep without waiting, and stays confirmed")
        void confirmInFlightIsSkipped() throws Exception {
            MutableInstantSource confirmerClock = MutableInstantSource.at(PLACED);
            PostgresCapacity confirmer = capacity(pool("confirmer", 2), confirmerClock, CapacityListener.NONE,
                    SweeperSettings.defaults());
            RestaurantId r = restaurantWithTables(4);
            List<TableId> tables = tableIds(r);
            Placed other = placeHold(confirmer, r, tables, 0, TTL);
            Placed contested = placeHold(confirmer, r, tables, 1, TTL);
            confirmerClock.set(PLACED.plus(TTL).minus(MICRO));
            Instant sweeperNow = PLACED.plus(Duration.ofHours(1));
            RecordingListener sweepEvents = new RecordingListener();
            // A short lock timeout: had the sweep waited for the confirm's row lock, it would fail with BUSY.
            PostgresCapacity sweeper = capacity(pool("sweeper", 1), MutableInstantSource.at(sweeperNow), sweepEvents,
                    SweeperSettings.defaults().withTimeouts(WAIT, Duration.ofSeconds(2)));

            try (Gate gate = new Gate()) {
                gate.atConfirm(contested.id());
                Future<Confirmation> confirm = async(() -> confirmer.allocationStore()
                        .confirmHold(r, contested.id(), contested.booking()));
                gate.awaitWaiter("update %allocations%");
                // The confirm holds "contested" FOR UPDATE and has not committed.
                SweepResult during = sweeper.holdSweeper().sweep();
                assertThat(during.swept()).isEqualTo(1);
                assertThat(during.backlogRemaining()).as("the locked hold is still an expired, unconfirmed row")
                        .isTrue();
                assertThat(during.sweepLag()).isEqualTo(Duration.between(PLACED.plus(TTL), sweeperNow));
                assertThat(confirm).isNotDone();
                gate.open();
                assertThat(await(confirm).allocations()).hasSize(2);
            }
            SweepResult after = sweeper.holdSweeper().sweep();
            assertThat(after.swept()).isZero();
            assertThat(after.backlogRemaining()).isFalse();
            assertThat(after.sweepLag()).isNull();
            assertThat(sweepEvents.holdsExpired()).extracting(HoldExpiredEvent::holdId).containsExactly(other.id());
            Ledger ledger = Ledger.read(sql);
            assertSwept(ledger, other, sweepEvents);
            assertConfirmed(ledger, contested, sweepEvents);
        }

        /** Places holds k = from … to - 1 with 4 threads; returns them in k order. */
        private List<Placed> placeHolds(PostgresCapacity capacity, RestaurantId r, List<TableId> tables, int from,
                int to, Duration ttl) throws Exception {
            ExecutorService threads = executor(4);
            List<Future<Placed>> placing = new ArrayList<>();
            for (int k = from; k < to; k++) {
                int hold = k;
                placing.add(threads.submit(() -> placeHold(capacity, r, tables, hold, ttl)));
            }
            List<Placed> placed = new ArrayList<>();
            for (Future<Placed> f : placing) {
                placed.add(await(f));
            }
            return placed;
        }

        /** The pairs are not linked in the floor plan: these tests are about the sweeper, not the merge rules. */
        private static final ValidationOptions NO_ADJACENCY = ValidationOptions.defaults().withAdjacency(AdjacencyMode.OFF);

        /** Hold k takes table pair k mod pairs, in the (k / pairs)-th two-hour window, so no two holds overlap. */
        private Placed placeHold(PostgresCapacity capacity, RestaurantId r, List<TableId> tables, int k,
                Duration ttl) {
            int pairs = tables.size() / 2;
            int pair = k % pairs;
            TimeWindow window = TimeWindow.starting(EVENING.plus(Duration.ofHours(2L * (k / pairs))),
                    Duration.ofHours(2));
            BookingId booking = BookingId.random();
            HoldId id = capacity.allocationStore().placeHold(PlaceHoldRequest.builder(r, window)
                    .tables(tables.get(2 * pair), tables.get(2 * pair + 1)).ttl(ttl).bookingId(booking)
                    .createdBy("race-" + k).options(NO_ADJACENCY).build()).id();
            return new Placed(id, booking);
        }

        /**
         * Confirms every hold (4 threads, in a seeded shuffled order) while 2 threads sweep and a checker reads the
         * ledger in single statements; returns each confirm's outcome and every inconsistent state seen.
         */
        private Race race(RestaurantId r, List<Placed> holds, PostgresCapacity confirmer, HoldSweeper sweeper)
                throws Exception {
            List<Placed> order = new ArrayList<>(holds);
            Collections.shuffle(order, new Random(42));
            ConcurrentLinkedQueue<Placed> queue = new ConcurrentLinkedQueue<>(order);
            Map<HoldId, Object> outcomes = new ConcurrentHashMap<>();
            List<String> violations = new CopyOnWriteArrayList<>();
            AtomicBoolean confirming = new AtomicBoolean(true);
            AtomicBoolean checking = new AtomicBoolean(true);
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService threads = executor(7);
            List<Future<?>> confirmers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                confirmers.add(threads.submit(() -> {
                    start.await();
                    for (Placed h; (h = queue.poll()) != null; ) {
                        try {
                            outcomes.put(h.id(), confirmer.allocationStore().confirmHold(r, h.id(), h.booking()));
                        } catch (RuntimeException e) {
                            outcomes.put(h.id(), e);
                        }
                    }
                    return null;
                }));
            }
            List<Future<?>> sweepers = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                sweepers.add(threads.submit(() -> {
                    start.await();
                    long deadline = System.nanoTime() + WAIT.toNanos();
                    while (true) {
                        boolean last = !confirming.get();
                        SweepResult result = sweeper.sweep();
                        if (last && result.swept() == 0 && !result.backlogRemaining()) {
                            return null;
                        }
                        if (System.nanoTime() > deadline) {
                            throw new AssertionError("still sweeping after " + WAIT + ": " + result);
                        }
                    }
                }));
            }
            Future<Integer> checker = threads.submit(() -> {
                start.await();
                int rounds = 0;
                try (Connection c = db.connection()) {
                    do {
                        violations.addAll(ledgerViolations(c));
                        rounds++;
                    } while (checking.get());
                }
                return rounds;
            });
            start.countDown();
            for (Future<?> f : confirmers) {
                await(f);
            }
            confirming.set(false);
            for (Future<?> f : sweepers) {
                await(f);
            }
            checking.set(false);
            assertThat(await(checker)).as("checker rounds").isPositive();
            violations.addAll(ledgerViolations(sql));
            assertThat(outcomes).as("every hold got a confirm outcome").hasSameSizeAs(holds);
            outcomes.values().stream().filter(o -> o instanceof Throwable && !(o instanceof CapacityError))
                    .forEach(o -> fail("unexpected exception from confirmHold", (Throwable) o));
            return new Race(outcomes, violations);
        }
    }

    /** A hold placed through the library, and the booking it is for. */
    private record Placed(HoldId id, BookingId booking) {
    }

    /** Outcome of {@code race}: per hold the confirm's result or exception, and inconsistent states seen. */
    private record Race(Map<HoldId, Object> outcomes, List<String> violations) {
    }

    /** Confirmed: the row is CONFIRMED for its booking, with one booking allocation per table and no hold rows. */
    private static void assertConfirmed(Ledger ledger, Placed h, RecordingListener sweepEvents) {
        HoldRow row = ledger.holds().get(h.id().value());
        assertThat(row).as("row of confirmed hold %s", h.id()).isNotNull();
        assertThat(row.confirmedBookingId()).as("confirmed booking of %s", h.id()).isEqualTo(h.booking().value());
        assertThat(ledger.allocations()).filteredOn(a -> h.booking().value().equals(a.bookingId()))
                .as("allocations of booking %s", h.booking())
                .allSatisfy(a -> {
                    assertThat(a.kind()).isEqualTo("booking");
                    assertThat(a.holdId()).isNull();
                })
                .extracting(AllocationRow::tableId).containsExactlyInAnyOrderElementsOf(row.tableIds());
        assertThat(ledger.allocations()).filteredOn(a -> h.id().value().equals(a.holdId())).isEmpty();
        assertThat(sweepEvents.holdsExpired()).extracting(HoldExpiredEvent::holdId).doesNotContain(h.id());
    }

    /** Swept: no row, no allocation of the hold or its booking, exactly one event. */
    private static void assertSwept(Ledger ledger, Placed h, RecordingListener sweepEvents) {
        assertThat(ledger.holds()).as("rows").doesNotContainKey(h.id().value());
        assertThat(ledger.allocations()).as("allocations of swept hold %s", h.id())
                .filteredOn(a -> h.id().value().equals(a.holdId()) || h.booking().value().equals(a.bookingId()))
                .isEmpty();
        assertThat(sweepEvents.holdsExpired()).filteredOn(e -> e.holdId().equals(h.id())).singleElement()
                .satisfies(e -> {
                    assertThat(e.bookingId()).isEqualTo(h.booking());
                    assertThat(e.tableIds()).hasSize(2);
                });
    }

    private record HoldRow(UUID id, @Nullable UUID confirmedBookingId, List<UUID> tableIds) {
    }

    private record AllocationRow(UUID id, UUID tableId, String kind, @Nullable UUID holdId,
            @Nullable UUID bookingId) {
    }

    /** Every hold and allocation, read once for many assertions. */
    private record Ledger(Map<UUID, HoldRow> holds, List<AllocationRow> allocations) {

        static Ledger read(Connection c) throws SQLException {
            Map<UUID, HoldRow> holds = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, confirmed_booking_id, table_ids FROM holds");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    UUID id = rs.getObject(1, UUID.class);
                    holds.put(id, new HoldRow(id, rs.getObject(2, UUID.class),
                            List.of((UUID[]) rs.getArray(3).getArray())));
                }
            }
            List<AllocationRow> allocations = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, table_id, kind, hold_id, booking_id FROM allocations");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    allocations.add(new AllocationRow(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                            rs.getString(3), rs.getObject(4, UUID.class), rs.getObject(5, UUID.class)));
                }
            }
            return new Ledger(holds, allocations);
        }
    }

    /**
     * One statement, so one snapshot: every hold must be either unconfirmed with one hold allocation per table, or
     * confirmed with one booking allocation per table; no hold allocation without its hold; no booking allocation
     * without a confirmed hold.
     */
    private static List<String> ledgerViolations(Connection c) throws SQLException {
        String query = """
                WITH hold_rows AS (SELECT hold_id, count(*) AS n FROM allocations WHERE kind = 'hold'
                                   GROUP BY hold_id),
                     booking_rows AS (SELECT booking_id, count(*) AS n FROM allocations WHERE kind = 'booking'
                                      GROUP BY booking_id)
                SELECT 'hold ' || h.id || ' confirmed=' || (h.confirmed_at IS NOT NULL)
                       || ' hold-allocations=' || coalesce(hr.n, 0) || ' booking-allocations=' || coalesce(br.n, 0)
                FROM holds h
                LEFT JOIN hold_rows hr ON hr.hold_id = h.id
                LEFT JOIN booking_rows br ON br.booking_id = coalesce(h.confirmed_booking_id, h.booking_id)
                WHERE (h.confirmed_at IS NULL
                       AND (coalesce(hr.n, 0) <> cardinality(h.table_ids) OR coalesce(br.n, 0) <> 0))
                   OR (h.confirmed_at IS NOT NULL
                       AND (coalesce(br.n, 0) <> cardinality(h.table_ids) OR coalesce(hr.n, 0) <> 0))
                UNION ALL
                SELECT 'orphan hold allocation ' || a.id FROM allocations a
                WHERE a.kind = 'hold' AND NOT EXISTS (SELECT 1 FROM holds h WHERE h.id = a.hold_id)
                UNION ALL
                SELECT 'booking allocation without a confirmed hold ' || a.id FROM allocations a
                WHERE a.kind = 'booking' AND NOT EXISTS (SELECT 1 FROM holds h
                    WHERE h.confirmed_booking_id = a.booking_id AND h.confirmed_at IS NOT NULL)
                """;
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(query); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    // -------------------------------------------------------------------------------------------------------------
    // C. Killed connection
    // -------------------------------------------------------------------------------------------------------------

    @Nested
    @DisplayName("A batch whose backend is terminated")
    class TerminatedBackend {

        private static final int HOLDS = 1_000;
        private static final int BATCH = 100;

        @Test
        @DisplayName("fails the call with a retryable CapacityUnavailable, changes nothing in that batch, "
                + "and the next sweep finishes the job")
        void terminatedMidBatch() throws Exception {
            RecordingListener events = new RecordingListener();
            PostgresCapacity capacity = capacity(pool("sweeper", 2), MutableInstantSource.at(NOW), events,
                    SweeperSettings.defaults().withBatchSize(BATCH).withMaxBatches(1_000).withTimeouts(WAIT, WAIT));
            List<UUID> inserted;
            // The gate's DDL goes first: after the bulk load, autovacuum may analyze holds and make it wait.
            try (Gate gate = new Gate()) {
                inserted = insertExpiredHolds(restaurantWithTables(2 * PAIRS), HOLDS, NOW.minusSeconds(1));
                // The 51st hold of the third batch: two batches commit, the third stops inside its DELETE, after it
                // claimed its holds (and, with a nested-loop plan, deleted the first 50 of them).
                gate.at(new HoldId(inserted.get(2 * BATCH + 50)));
                Future<SweepResult> sweep = async(() -> capacity.holdSweeper().sweep());
                int pid = gate.awaitWaiter("%victims%");
                assertThat(count("SELECT count(*) FROM holds")).as("holds while batch 3 is stuck")
                        .isEqualTo(HOLDS - 2L * BATCH);
                assertThat(count("SELECT count(*) FROM pg_stat_activity WHERE pid = ? AND state = 'active'", pid))
                        .isOne();
                try (PreparedStatement ps = sql.prepareStatement("SELECT pg_terminate_backend(?)")) {
                    ps.setInt(1, pid);
                    try (ResultSet rs = ps.executeQuery()) {
                        assertThat(rs.next() && rs.getBoolean(1)).as("pg_terminate_backend(%d)", pid).isTrue();
                    }
                }
                Throwable thrown = failureOf(sweep);

                assertThat(thrown).as("what sweep() threw").isInstanceOfSatisfying(CapacityUnavailable.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                    assertThat(e.isRetryable()).isTrue();
                    assertThat(e.httpStatus()).isEqualTo(503);
                    assertThat(e).hasRootCauseInstanceOf(PSQLException.class);
                });
                SweepFailedEvent failed = events.sweepsFailed().stream().collect(single());
                assertThat(failed.error()).isSameAs(thrown);
                assertThat(failed.partial().swept()).isEqualTo(2 * BATCH);
                assertThat(failed.partial().batches()).isEqualTo(2);
                assertThat(failed.partial().backlogRemaining()).isTrue();
                assertThat(events.sweepsCompleted()).isEmpty();
                assertSameIds(ids(events.holdsExpired()), inserted.subList(0, 2 * BATCH));

                assertThat(count("SELECT count(*) FROM holds")).as("holds after the kill")
                        .isEqualTo(HOLDS - failed.partial().swept());
                assertSameIds(uuids("SELECT id FROM holds"), inserted.subList(2 * BATCH, HOLDS));
                assertThat(count("""
                        SELECT count(*) FROM holds h
                        WHERE (SELECT count(*) FROM allocations a WHERE a.hold_id = h.id AND a.kind = 'hold') <> 2
                        """)).as("half-deleted holds").isZero();
                assertThat(count("SELECT count(*) FROM allocations")).isEqualTo(2L * (HOLDS - 2 * BATCH));
                gate.open();
            }

            SweepResult next = capacity.holdSweeper().sweep();
            assertThat(next.swept()).isEqualTo(HOLDS - 2 * BATCH);
            assertThat(next.backlogRemaining()).isFalse();
            assertThat(next.sweepLag()).isNull();
            assertThat(count("SELECT count(*) FROM holds")).isZero();
            assertThat(count("SELECT count(*) FROM allocations")).isZero();
            assertSameIds(ids(events.holdsExpired()), inserted);
            assertThat(events.sweepsFailed()).hasSize(1);
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // D. Per-batch timeouts
    // -------------------------------------------------------------------------------------------------------------

    @Nested
    @DisplayName("Per-batch timeouts")
    class Timeouts {

        @Test
        @DisplayName("a batch that cannot get its table lock fails with BUSY after the lock timeout instead of hanging")
        void lockTimeout() throws Exception {
            List<UUID> inserted = insertExpiredHolds(restaurantWithTables(2 * PAIRS), 10, NOW.minusSeconds(1));
            RecordingListener events = new RecordingListener();
            PostgresCapacity capacity = capacity(pool("sweeper", 1), MutableInstantSource.at(NOW), events,
                    SweeperSettings.defaults().withTimeouts(WAIT, Duration.ofMillis(200)));
            try (Connection migration = db.connection()) {
                migration.setAutoCommit(false);
                try (var statement = migration.createStatement()) {
                    // What a migration or VACUUM FULL holds; SKIP LOCKED skips rows, not table locks.
                    statement.execute("LOCK TABLE holds IN ACCESS EXCLUSIVE MODE");
                }
                CapacityError error = sweepFailure(capacity);
                migration.rollback();

                assertThat(error).isInstanceOf(CapacityUnavailable.class);
                assertThat(error.code()).isEqualTo(ErrorCode.BUSY);
                assertThat(error.isRetryable()).isTrue();
            }
            assertThat(events.sweepsFailed()).singleElement()
                    .satisfies(e -> assertThat(e.partial().swept()).isZero());
            assertThat(capacity.holdSweeper().sweep().swept()).isEqualTo(inserted.size());
        }

        @Test
        @DisplayName("a batch that runs too long fails with BUSY after the statement timeout and changes nothing")
        void statementTimeout() throws Exception {
            List<UUID> inserted;
            RecordingListener events = new RecordingListener();
            PostgresCapacity capacity = capacity(pool("sweeper", 1), MutableInstantSource.at(NOW), events,
                    SweeperSettings.defaults().withTimeouts(Duration.ofMillis(300), WAIT));
            try (Gate gate = new Gate()) {
                inserted = insertExpiredHolds(restaurantWithTables(2 * PAIRS), 10, NOW.minusSeconds(1));
                gate.at(new HoldId(inserted.get(5)));
                CapacityError error = sweepFailure(capacity);

                assertThat(error).isInstanceOf(CapacityUnavailable.class);
                assertThat(error.code()).isEqualTo(ErrorCode.BUSY);
                assertThat(count("SELECT count(*) FROM holds")).isEqualTo(inserted.size());
                assertThat(count("SELECT count(*) FROM allocations")).isEqualTo(2L * inserted.size());
            }
            assertThat(events.holdsExpired()).isEmpty();
            assertThat(events.sweepsFailed()).singleElement()
                    .satisfies(e -> assertThat(e.partial().swept()).isZero());
            assertThat(capacity.holdSweeper().sweep().swept()).isEqualTo(inserted.size());
        }

        private CapacityError sweepFailure(PostgresCapacity capacity) throws Exception {
            Throwable thrown = failureOf(async(() -> capacity.holdSweeper().sweep()));
            assertThat(thrown).isInstanceOf(CapacityError.class);
            return (CapacityError) thrown;
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // The gate
    // -------------------------------------------------------------------------------------------------------------

    /**
     * Stops a transaction at a row the test chooses: row triggers (BEFORE DELETE on holds, BEFORE UPDATE on
     * allocations) take a shared advisory lock when the row's hold is listed in {@code test_gate}, and the test
     * holds that lock exclusively on its own connection until {@link #open()}. The backend then waits in
     * {@code pg_stat_activity} with {@code wait_event = 'advisory'}, inside its transaction, for as long as the test
     * likes. Closing drops the triggers again, so other tests pay nothing for them.
     */
    private final class Gate implements AutoCloseable {

        private final long key = ThreadLocalRandom.current().nextLong();
        private final Connection holder;
        private boolean open;

        Gate() throws SQLException {
            String s = '"' + db.schema() + '"';
            db.execute(
                    "CREATE TABLE " + s + ".test_gate (hold_id uuid PRIMARY KEY, lock_key bigint NOT NULL)",
                    "CREATE FUNCTION " + s + ".test_gate_wait(hold uuid) RETURNS void LANGUAGE plpgsql AS $$ "
                            + "DECLARE k bigint; BEGIN "
                            + "SELECT lock_key INTO k FROM " + s + ".test_gate WHERE hold_id = hold; "
                            + "IF k IS NOT NULL THEN PERFORM pg_advisory_xact_lock_shared(k); END IF; END $$",
                    "CREATE FUNCTION " + s + ".test_gate_holds() RETURNS trigger LANGUAGE plpgsql AS $$ "
                            + "BEGIN PERFORM " + s + ".test_gate_wait(OLD.id); RETURN OLD; END $$",
                    "CREATE FUNCTION " + s + ".test_gate_allocations() RETURNS trigger LANGUAGE plpgsql AS $$ "
                            + "BEGIN IF OLD.hold_id IS NOT NULL THEN PERFORM " + s
                            + ".test_gate_wait(OLD.hold_id); END IF; RETURN NEW; END $$",
                    "CREATE TRIGGER test_gate BEFORE DELETE ON " + s + ".holds FOR EACH ROW EXECUTE FUNCTION "
                            + s + ".test_gate_holds()");
            holder = db.connection();
            try (PreparedStatement ps = holder.prepareStatement("SELECT pg_advisory_lock(?)")) {
                ps.setLong(1, key);
                ps.execute();
            }
        }

        /** Stops the deletion of this hold (the sweeper's batch) until {@link #open()}. */
        void at(HoldId hold) {
            update("INSERT INTO test_gate VALUES (?, ?)", hold.value(), key);
        }

        /** Stops the confirm of this hold after it locked the hold row, at its update of the allocations. */
        void atConfirm(HoldId hold) {
            String s = '"' + db.schema() + '"';
            db.execute("CREATE TRIGGER test_gate BEFORE UPDATE ON " + s + ".allocations FOR EACH ROW "
                    + "EXECUTE FUNCTION " + s + ".test_gate_allocations()");
            at(hold);
        }

        /**
         * Polls until a backend of this schema whose query matches {@code pattern} waits on the gate.
         *
         * @return its pid
         */
        int awaitWaiter(String pattern) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                List<Long> pids = longs("""
                        SELECT pid FROM pg_stat_activity
                        WHERE datname = current_database() AND pid <> pg_backend_pid()
                          AND wait_event_type = 'Lock' AND wait_event = 'advisory'
                          AND query ILIKE ? AND query LIKE ?
                        """, pattern, "%\"" + db.schema() + "\"%");
                if (pids.size() == 1) {
                    return Math.toIntExact(pids.get(0));
                }
                assertThat(pids).as("backends waiting on the gate").hasSizeLessThan(2);
                LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
            }
            throw new AssertionError("no backend matching " + pattern + " reached the gate within " + WAIT);
        }

        /** Lets every stopped transaction go on. */
        void open() throws SQLException {
            if (!open) {
                open = true;
                update("DELETE FROM test_gate");
                try (PreparedStatement ps = holder.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                    ps.setLong(1, key);
                    ps.execute();
                }
            }
        }

        @Override
        public void close() throws SQLException {
            try {
                open();
            } finally {
                holder.close();
                String s = '"' + db.schema() + '"';
                db.execute("DROP TRIGGER IF EXISTS test_gate ON " + s + ".holds",
                        "DROP TRIGGER IF EXISTS test_gate ON " + s + ".allocations",
                        "DROP FUNCTION " + s + ".test_gate_holds()",
                        "DROP FUNCTION " + s + ".test_gate_allocations()",
                        "DROP FUNCTION " + s + ".test_gate_wait(uuid)",
                        "DROP TABLE " + s + ".test_gate");
            }
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // Fixtures and helpers
    // -------------------------------------------------------------------------------------------------------------

    /** A pool of its own, as a separate host would have; closed after the test. */
    private HikariDataSource pool(String name, int size, String... initSql) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name + "-" + db.schema());
        config.setJdbcUrl(db.jdbcUrl());
        config.setUsername(db.user());
        config.setPassword(db.password());
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(WAIT.toMillis());
        if (initSql.length > 0) {
            config.setConnectionInitSql(String.join("; ", initSql));
        }
        HikariDataSource pool = new HikariDataSource(config);
        resources.add(pool);
        return pool;
    }

    private PostgresCapacity capacity(DataSource pool, InstantSource clock, CapacityListener listener,
            SweeperSettings settings) {
        return PostgresCapacity.builder().dataSource(pool).schema(db.schema()).clock(clock).listener(listener)
                .sweeper(settings).listenForChanges(false).build();
    }

    private ExecutorService executor(int threads) {
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        resources.add(executor::shutdownNow);
        return executor;
    }

    private <T> Future<T> async(Supplier<T> work) {
        return executor(1).submit(work::get);
    }

    private static <T> T await(Future<T> future) throws InterruptedException, TimeoutException {
        try {
            return future.get(WAIT.toSeconds(), SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("background work failed", e.getCause());
        }
    }

    private static Throwable failureOf(Future<?> future) throws InterruptedException, TimeoutException {
        try {
            Object result = future.get(WAIT.toSeconds(), SECONDS);
            throw new AssertionError("expected a failure, got " + result);
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    private static List<UUID> ids(List<HoldExpiredEvent> events) {
        return events.stream().map(e -> e.holdId().value()).toList();
    }

    /** Same ids, each once; with hash sets, as AssertJ's "in any order" is quadratic on 20,000 elements. */
    private static void assertSameIds(List<UUID> actual, List<UUID> expected) {
        Set<UUID> seen = new HashSet<>();
        List<UUID> duplicates = actual.stream().filter(id -> !seen.add(id)).toList();
        assertThat(duplicates).as("ids reported more than once").isEmpty();
        Set<UUID> wanted = new HashSet<>(expected);
        assertThat(wanted).as("expected ids are distinct").hasSameSizeAs(expected);
        assertThat(seen.stream().filter(id -> !wanted.contains(id)).toList()).as("unexpected ids").isEmpty();
        assertThat(wanted.stream().filter(id -> !seen.contains(id)).toList()).as("missing ids").isEmpty();
    }

    private static <T> java.util.stream.Collector<T, ?, T> single() {
        return Collectors.collectingAndThen(Collectors.toList(), list -> {
            assertThat(list).hasSize(1);
            return list.get(0);
        });
    }

    /** A restaurant with one zone and {@code tables} tables, inserted with plain SQL. */
    private RestaurantId restaurantWithTables(int tables) {
        RestaurantId r = RestaurantId.random();
        UUID zone = UUID.randomUUID();
        update("INSERT INTO zones (id, restaurant_id, name) VALUES (?, ?, 'Main')", zone, r.value());
        update("""
                INSERT INTO dining_tables (id, restaurant_id, zone_id, label, capacity)
                SELECT gen_random_uuid(), ?, ?, 'T' || g, 4 FROM generate_series(1, ?) AS g
                """, r.value(), zone, tables);
        return r;
    }

    private List<TableId> tableIds(RestaurantId r) {
        return uuids("SELECT id FROM dining_tables WHERE restaurant_id = ? ORDER BY id", r.value()).stream()
                .map(TableId::new).toList();
    }

    /**
     * Inserts {@code n} expired, unconfirmed holds with two tables each, straight into {@code holds} and
     * {@code allocations} (two INSERT … SELECT statements): hold g takes table pair g mod {@link #PAIRS} in the
     * (g / PAIRS)-th one-hour window, so no two allocations of a table overlap, and expires {@code n - 1 - g}
     * milliseconds before {@code newestExpiry}.
     *
     * @return the hold ids in the sweeper's claim order (expires_at, id)
     */
    private List<UUID> insertExpiredHolds(RestaurantId r, int n, Instant newestExpiry) {
        update("""
                WITH t AS (SELECT array_agg(id ORDER BY id) AS ids FROM dining_tables WHERE restaurant_id = ?)
                INSERT INTO holds (id, restaurant_id, starts_at, ends_at, expires_at, table_ids, created_by,
                                   created_at)
                SELECT gen_random_uuid(), ?,
                       CAST(? AS timestamptz) + (g / ?) * interval '1 hour',
                       CAST(? AS timestamptz) + (g / ? + 1) * interval '1 hour',
                       CAST(? AS timestamptz) - (? - 1 - g) * interval '1 millisecond',
                       ARRAY[t.ids[2 * (g % ?) + 1], t.ids[2 * (g % ?) + 2]],
                       'bulk',
                       CAST(? AS timestamptz) - (? - 1 - g) * interval '1 millisecond' - interval '10 minutes'
                FROM t, generate_series(0, ? - 1) AS g
                """, r.value(), r.value(), odt(EVENING), PAIRS, odt(EVENING), PAIRS, odt(newestExpiry), n, PAIRS,
                PAIRS, odt(newestExpiry), n, n);
        update("""
                INSERT INTO allocations (id, restaurant_id, table_id, kind, hold_id, during, created_by, created_at)
                SELECT gen_random_uuid(), h.restaurant_id, t.table_id, 'hold', h.id,
                       tstzrange(h.starts_at, h.ends_at, '[)'), h.created_by, h.created_at
                FROM holds h CROSS JOIN LATERAL unnest(h.table_ids) AS t(table_id)
                WHERE h.restaurant_id = ?
                """, r.value());
        db.execute("ANALYZE holds", "ANALYZE allocations");
        return uuids("SELECT id FROM holds WHERE restaurant_id = ? ORDER BY expires_at, id", r.value());
    }

    private static OffsetDateTime odt(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private void update(String statement, Object... args) {
        try (PreparedStatement ps = prepare(sql, statement, args)) {
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(statement, e);
        }
    }

    private long count(String query, Object... args) {
        List<Long> rows = longs(query, args);
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    private List<Long> longs(String query, Object... args) {
        List<Long> out = new ArrayList<>();
        try (PreparedStatement ps = prepare(sql, query, args); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(query, e);
        }
        return out;
    }

    private List<UUID> uuids(String query, Object... args) {
        List<UUID> out = new ArrayList<>();
        try (PreparedStatement ps = prepare(sql, query, args); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getObject(1, UUID.class));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(query, e);
        }
        Set<UUID> distinct = new HashSet<>(out);
        assertThat(distinct).hasSameSizeAs(out);
        return out;
    }

    private static PreparedStatement prepare(Connection c, String statement, Object... args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(statement);
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
        return ps;
    }
}
