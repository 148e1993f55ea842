package dev.capacity.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capacity.api.Allocation;
import dev.capacity.api.AllocationKind;
import dev.capacity.api.AllocationStore;
import dev.capacity.api.BookingId;
import dev.capacity.api.FloorPlanStore;
import dev.capacity.api.Hold;
import dev.capacity.api.HoldId;
import dev.capacity.api.HoldStatus;
import dev.capacity.api.HoldSweeper;
import dev.capacity.api.PlaceHoldRequest;
import dev.capacity.api.RestaurantId;
import dev.capacity.api.SweepResult;
import dev.capacity.api.SweeperSettings;
import dev.capacity.api.TableId;
import dev.capacity.api.TableSpec;
import dev.capacity.api.TimeWindow;
import dev.capacity.api.ZoneId;
import dev.capacity.api.error.HoldConflict;
import dev.capacity.api.event.HoldExpiredEvent;
import dev.capacity.api.event.SweepCompletedEvent;
import dev.capacity.testkit.time.MutableInstantSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link HoldSweeper} must have, for the PostgreSQL implementation and the in-memory fake
 * alike. Extend it and build the implementation from the settings the suite passes:
 *
 * <pre>{@code
 * class MyHoldSweeperContractTest extends HoldSweeperContract {
 *     @Override
 *     protected SweeperHarness createHarness(HarnessSettings settings) {
 *         InMemoryCapacity capacity = InMemoryCapacity.builder().clock(settings.clock())
 *                 .listener(settings.listener()).maxHoldLifetime(settings.maxHoldLifetime()).build();
 *         return new SweeperHarness() { ... };
 *     }
 * }
 * }</pre>
 *
 * <p>Time moves only through the {@link MutableInstantSource} of the settings; nothing sleeps. Set-up uses only the
 * public API ({@link FloorPlanStore} for tables, {@link AllocationStore} for holds). Because the sweeper works
 * across restaurants and harnesses may share storage, each test starts by sweeping away every unconfirmed hold
 * earlier tests left (from far in the future, then back to the start).
 */
public abstract class HoldSweeperContract {

    private static final Instant START = Instant.parse("2030-01-01T12:00:00Z");
    private static final Duration TTL = Duration.ofMinutes(5);
    private static final Duration MAX_LIFETIME = Duration.ofMinutes(30);
    private static final Duration MICRO = Duration.ofNanos(1_000);
    private static final TimeWindow DINNER = TimeWindow.starting(Instant.parse("2030-01-01T19:00:00Z"),
            Duration.ofHours(2));
    private static final SweeperSettings DEFAULTS = SweeperSettings.defaults();

    private final MutableInstantSource clock = MutableInstantSource.at(START);
    private final RecordingListener events = new RecordingListener();
    private SweeperHarness harness;
    private RestaurantId restaurant;
    private ZoneId zone;
    private int tables;

    /** For subclasses. */
    protected HoldSweeperContract() {
    }

    /**
     * Builds the implementation under test. Called before every test, and again by tests that need a differently
     * configured instance.
     *
     * @param settings the clock, listener and hold lifetime cap the implementation must use
     * @return stores and sweepers of one fresh instance, built with these settings
     */
    protected abstract SweeperHarness createHarness(HarnessSettings settings);

    @BeforeEach
    void createHarnessAndClearLeftovers() {
        use(createHarness(new HarnessSettings(clock, events, MAX_LIFETIME)));
        clock.set(START.plus(Duration.ofDays(3650)));
        HoldSweeper drain = harness.holdSweeper(DEFAULTS.withBatchSize(SweeperSettings.MAX_BATCH_SIZE)
                .withMaxBatches(Integer.MAX_VALUE).withTimeBudget(Duration.ofMinutes(1)));
        boolean backlog = true;
        for (int call = 0; call < 10 && backlog; call++) {
            backlog = drain.sweep().backlogRemaining();
        }
        assertThat(backlog).as("unconfirmed holds left by earlier tests are swept").isFalse();
        clock.set(START);
        events.clear();
    }

    /** Which holds a sweep deletes and which it leaves alone. */
    @Nested
    @DisplayName("Which holds are swept")
    public class Eligibility {

        /** For JUnit. */
        public Eligibility() {
        }

        @Test
        @DisplayName("expired holds are swept, while active holds stay and still block their tables")
        public void onlyExpiredHoldsAreSwept() {
            TableId t1 = table();
            TableId t2 = table();
            Hold expiring = hold(TTL, t1);
            Hold active = hold(Duration.ofMinutes(20), t2);
            clock.advance(Duration.ofMinutes(10));

            SweepResult result = sweep(DEFAULTS);

            assertThat(result.swept()).isEqualTo(1);
            assertThat(result.backlogRemaining()).isFalse();
            assertThat(result.sweepLag()).isNull();
            assertThat(ledger().findHold(restaurant, expiring.id())).isEmpty();
            assertThat(ledger().findHold(restaurant, active.id())).get()
                    .extracting(Hold::status).isEqualTo(HoldStatus.ACTIVE);
            assertThat(ledger().activeHolds(restaurant)).extracting(Hold::id).containsExactly(active.id());
            assertThatThrownBy(() -> hold(TTL, t2)).isInstanceOf(HoldConflict.class);
            assertThat(events.holdsExpired()).extracting(HoldExpiredEvent::holdId).containsExactly(expiring.id());
        }

        @Test
        @DisplayName("a hold counts as expired at its expiry instant, but not a microsecond before")
        public void expiryInstantIsExpired() {
            Hold hold = hold(TTL, table());

            clock.set(hold.expiresAt().minus(MICRO));
            SweepResult before = sweep(DEFAULTS);
            assertThat(before.swept()).isZero();
            assertThat(before.sweepLag()).isNull();
            assertThat(ledger().findHold(restaurant, hold.id())).get()
                    .extracting(Hold::status).isEqualTo(HoldStatus.ACTIVE);

            clock.set(hold.expiresAt());
            SweepResult at = sweep(DEFAULTS);
            assertThat(at.swept()).isEqualTo(1);
            assertThat(ledger().findHold(restaurant, hold.id())).isEmpty();
            assertThat(events.holdsExpired()).extracting(HoldExpiredEvent::holdId).containsExactly(hold.id());
        }

        @Test
        @DisplayName("confirmed holds are never swept: they stay confirmed and their booking allocations stay")
        public void confirmedHoldsAreNeverSwept() {
            TableId t1 = table();
            TableId t2 = table();
            BookingId booking = BookingId.random();
            Hold confirmed = hold(booking, TTL, t1);
            ledger().confirmHold(restaurant, confirmed.id(), booking);
            Hold abandoned = hold(TTL, t2);
            clock.advance(Duration.ofHours(1));

            SweepResult result = sweep(DEFAULTS);

            assertThat(result.swept()).isEqualTo(1);
            assertThat(result.sweepLag()).as("confirmed holds never count as expired").isNull();
            assertThat(ledger().findHold(restaurant, confirmed.id())).get().satisfies(h -> {
                assertThat(h.status()).isEqualTo(HoldStatus.CONFIRMED);
                assertThat(h.confirmedBookingId()).isEqualTo(booking);
            });
            assertThat(ledger().allocationsOfTables(restaurant, List.of(t1), DINNER)).singleElement().satisfies(a -> {
                assertThat(a.kind()).isEqualTo(AllocationKind.BOOKING);
                assertThat(a.bookingId()).isEqualTo(booking);
            });
            assertThat(ledger().allocationsOfBooking(restaurant, booking)).hasSize(1);
            assertThatThrownBy(() -> hold(TTL, t1)).isInstanceOf(HoldConflict.class);
            assertThat(events.holdsExpired()).extracting(HoldExpiredEvent::holdId).containsExactly(abandoned.id());
        }

        @Test
        @DisplayName("released holds are neither swept nor reported")
        public void releasedHoldsAreIrrelevant() {
            Hold released = hold(TTL, table());
            ledger().releaseHold(restaurant, released.id());
            clock.advance(Duration.ofHours(1));

            SweepResult result = sweep(DEFAULTS);

            assertThat(result.swept()).isZero();
            assertThat(result.backlogRemaining()).isFalse();
            assertThat(result.sweepLag()).isNull();
            assertThat(events.holdsExpired()).isEmpty();
        }

        @Test
        @DisplayName("expired holds of every restaurant are swept by one call")
        public void everyRestaurantIsSwept() {
            List<Hold> holds = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                RestaurantId other = RestaurantId.random();
                ZoneId otherZone = floorPlan().createZone(other, "Main", 0).id();
                TableId t = floorPlan().createTable(other, TableSpec.of(otherZone, "T1", 4)).id();
                holds.add(ledger().placeHold(PlaceHoldRequest.builder(other, DINNER).tables(t).ttl(TTL).build()));
            }
            clock.advance(TTL);

            SweepResult result = sweep(DEFAULTS);

            assertThat(result.swept()).isEqualTo(3);
            assertThat(result.backlogRemaining()).isFalse();
            for (Hold h : holds) {
                assertThat(ledger().findHold(h.restaurantId(), h.id())).isEmpty();
            }
            assertThat(events.holdsExpired()).containsExactlyInAnyOrderElementsOf(
                    holds.stream().map(HoldSweeperContract::expiredEvent).toList());
        }
    }

    /** {@link SweeperSettings#grace()}: expired holds are left alone for a while. */
    @Nested
    @DisplayName("Grace period")
    public class Grace {

        /** For JUnit. */
        public Grace() {
        }

        @Test
        @DisplayName("a hold expired for less than the grace period stays, shows in the sweep lag but not as backlog")
        public void withinGraceStays() {
            Hold hold = hold(TTL, table());
            clock.set(hold.expiresAt().plus(Duration.ofMinutes(3)));

            SweepResult result = sweep(DEFAULTS.withGrace(Duration.ofMinutes(10)));

            assertThat(result.swept()).isZero();
            assertThat(result.batches()).isEqualTo(1);
            assertThat(result.backlogRemaining()).isFalse();
            assertThat(result.sweepLag()).isEqualTo(Duration.ofMinutes(3));
            assertThat(ledger().findHold(restaurant, hold.id())).get()
                    .extracting(Hold::status).isEqualTo(HoldStatus.EXPIRED);
            assertThat(events.holdsExpired()).isEmpty();
        }

        @Test
        @DisplayName("a hold expired exactly the grace period ago is swept, one a microsecond younger is not")
        public void graceBoundary() {
            Duration grace = Duration.ofMinutes(10);
            Hold older = hold(TTL, table());
            clock.advance(MICRO);
            Hold younger = hold(TTL, table());
            clock.set(older.expiresAt().plus(grace));

            SweepResult result = sweep(DEFAULTS.withGrace(grace));

            assertThat(result.swept()).isEqualTo(1);
            assertThat(result.backlogRemaining()).isFalse();
            assertThat(result.sweepLag()).isEqualTo(grace.minus(MICRO));
            assertThat(ledger().findHold(restaurant, older.id())).isEmpty();
            assertThat(ledger().findHold(restaurant, younger.id())).get()
                    .extracting(Hold::status).isEqualTo(HoldStatus.EXPIRED);
            assertThat(events.holdsExpired()).extracting(HoldExpiredEvent::holdId).containsExactly(older.id());
        }
    }

    /** Batches, the per-call bounds, and what the result says is left. */
    @Nested
    @DisplayName("Batches, bounds and backlog")
    public class Bounds {

        /** For JUnit. */
        public Bounds() {
        }

        @Test
        @DisplayName("an empty ledger gives nothing swept, one batch, no backlog and no sweep lag")
        public void emptyLedger() {
            SweepResult result = sweep(DEFAULTS);

            assertThat(result.swept()).isZero();
            assertThat(result.batches()).isEqualTo(1);
            assertThat(result.backlogRemaining()).isFalse();
            assertThat(result.sweepLag()).isNull();
            assertThat(result.duration()).isGreaterThanOrEqualTo(Duration.ZERO);
            assertThat(events.holdsExpired()).isEmpty();
        }

        @Test
        @DisplayName("a call stops after maxBatches with a backlog, and the next call sweeps the rest")
        public void maxBatchesBoundsACall() {
            List<Hold> holds = expiredHolds(7);
            SweeperSettings bounded = DEFAULTS.withBatchSize(2).withMaxBatches(2);

            SweepResult first = sweep(bounded);
            assertThat(first.swept()).isEqualTo(4);
            assertThat(first.batches()).isEqualTo(2);
            assertThat(first.backlogRemaining()).isTrue();
            assertThat(first.sweepLag()).isEqualTo(Duration.between(holds.get(4).expiresAt(), clock.instant()));
            assertThat(events.holdsExpired()).extracting(HoldExpiredEvent::holdId)
                    .as("the oldest go first").containsExactlyInAnyOrderElementsOf(ids(holds.subList(0, 4)));
            for (Hold left : holds.subList(4, 7)) {
                assertThat(ledger().findHold(restaurant, left.id())).isPresent();
            }

            SweepResult second = sweep(bounded);
            assertThat(second.swept()).isEqualTo(3);
            assertThat(second.batches()).isEqualTo(2);
            assertThat(second.backlogRemaining()).isFalse();
            assertThat(second.sweepLag()).isNull();
            assertThat(first.swept() + second.swept()).isEqualTo(holds.size());
            for (Hold h : holds) {
                assertThat(ledger().findHold(restaurant, h.id())).isEmpty();
            }
            assertThat(events.holdsExpired()).extracting(HoldExpiredEvent::holdId)
                    .containsExactlyInAnyOrderElementsOf(ids(holds));
        }

        @Test
        @DisplayName("a call whose last allowed batch took the last holds reports no backlog")
        public void boundReachedOnTheLastHoldsLeavesNoBacklog() {
            expiredHolds(4);

            SweepResult result = sweep(DEFAULTS.withBatchSize(2).withMaxBatches(2));

            assertThat(result.swept()).isEqualTo(4);
            assertThat(result.batches()).isEqualTo(2);
            assertThat(result.backlogRemaining()).as("measured, not inferred from the bound").isFalse();
            assertThat(result.sweepLag()).isNull();
        }

        @Test
        @DisplayName("a full batch is followed by another, so draining ends with a short or empty batch")
        public void fullBatchIsFollowedByAnother() {
            expiredHolds(4);

            SweepResult result = sweep(DEFAULTS.withBatchSize(2));

            assertThat(result.swept()).isEqualTo(4);
            assertThat(result.batches()).isEqualTo(3);
            assertThat(result.backlogRemaining()).isFalse();
            assertThat(result.sweepLag()).isNull();
        }

        @Test
        @DisplayName("the sweep lag is the age of the oldest expired hold the bound left behind")
        public void sweepLagOfTheBacklog() {
            List<Hold> holds = expiredHolds(3);
            clock.advance(Duration.ofMinutes(10));

            SweepResult result = sweep(DEFAULTS.withBatchSize(1).withMaxBatches(1));

            assertThat(result.swept()).isEqualTo(1);
            assertThat(result.batches()).isEqualTo(1);
            assertThat(result.backlogRemaining()).isTrue();
            assertThat(result.sweepLag()).isEqualTo(Duration.between(holds.get(1).expiresAt(), clock.instant()));
            assertThat(ledger().findHold(restaurant, holds.get(0).id())).isEmpty();
        }

        @Test
        @DisplayName("no new batch starts once the time budget is spent")
        public void timeBudgetBoundsACall() {
            expiredHolds(3);

            // One nanosecond is spent by any batch, so the call stops after the first one.
            SweepResult result = sweep(DEFAULTS.withBatchSize(1).withTimeBudget(Duration.ofNanos(1)));

            assertThat(result.swept()).isEqualTo(1);
            assertThat(result.batches()).isEqualTo(1);
            assertThat(result.backlogRemaining()).isTrue();
        }

        @Test
        @DisplayName("sweepers running at the same time sweep every hold exactly once")
        public void concurrentSweepersSweepEachHoldOnce() throws Exception {
            List<Hold> holds = expiredHolds(60);
            HoldSweeper sweeper = harness.holdSweeper(DEFAULTS.withBatchSize(5));
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<SweepResult>> calls = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    calls.add(pool.submit(() -> {
                        go.await();
                        return sweeper.sweep();
                    }));
                }
                go.countDown();
                int swept = 0;
                for (Future<SweepResult> call : calls) {
                    swept += call.get(60, TimeUnit.SECONDS).swept();
                }
                // A sweeper that found the rest locked by others may stop early; a last call takes what is left.
                swept += sweep(DEFAULTS).swept();
                assertThat(swept).isEqualTo(holds.size());
            } finally {
                pool.shutdownNow();
            }
            assertThat(events.holdsExpired()).extracting(HoldExpiredEvent::holdId)
                    .containsExactlyInAnyOrderElementsOf(ids(holds));
        }
    }

    /** The events a sweep publishes. */
    @Nested
    @DisplayName("Events")
    public class Events {

        /** For JUnit. */
        public Events() {
        }

        @Test
        @DisplayName("every swept hold is reported once, with its id, restaurant, booking, tables, window and expiry")
        public void oneEventPerSweptHold() {
            Hold forBooking = hold(BookingId.random(), TTL, table(), table());
            Hold anonymous = ledger().placeHold(PlaceHoldRequest.builder(restaurant, DINNER).tables(table())
                    .ttl(TTL).build());
            clock.advance(TTL);

            assertThat(sweep(DEFAULTS).swept()).isEqualTo(2);
            assertThat(sweep(DEFAULTS).swept()).isZero();

            assertThat(events.holdsExpired()).containsExactlyInAnyOrder(expiredEvent(forBooking),
                    expiredEvent(anonymous));
        }

        @Test
        @DisplayName("a hold that a write already removed is not reported again by the sweep")
        public void holdClearedByAWriteIsNotReportedTwice() {
            TableId t = table();
            Hold first = hold(TTL, t);
            clock.advance(TTL);
            Hold second = hold(TTL, t);

            SweepResult result = sweep(DEFAULTS);

            assertThat(result.swept()).isZero();
            assertThat(events.holdsExpired()).extracting(HoldExpiredEvent::holdId).containsExactly(first.id());
            assertThat(ledger().findHold(restaurant, second.id())).get()
                    .extracting(Hold::status).isEqualTo(HoldStatus.ACTIVE);
        }

        @Test
        @DisplayName("the sweep-completed event carries the result the call returned")
        public void completedEventCarriesTheResult() {
            expiredHolds(2);

            SweepResult result = sweep(DEFAULTS);

            assertThat(events.sweepsCompleted()).singleElement()
                    .extracting(SweepCompletedEvent::result).isEqualTo(result);
            assertThat(events.sweepsFailed()).isEmpty();
        }

        @Test
        @DisplayName("a listener that throws breaks neither the sweep nor the delivery of later events")
        public void throwingListenerIsIgnored() {
            RecordingListener seen = new RecordingListener();
            use(createHarness(new HarnessSettings(clock, new ThrowingListener(seen), MAX_LIFETIME)));
            List<Hold> holds = expiredHolds(3);

            SweepResult result = sweep(DEFAULTS);

            assertThat(result.swept()).isEqualTo(3);
            assertThat(result.backlogRemaining()).isFalse();
            for (Hold h : holds) {
                assertThat(ledger().findHold(restaurant, h.id())).isEmpty();
            }
            assertThat(seen.holdsExpired()).extracting(HoldExpiredEvent::holdId)
                    .containsExactlyInAnyOrderElementsOf(ids(holds));
            assertThat(seen.sweepsCompleted()).singleElement()
                    .extracting(SweepCompletedEvent::result).isEqualTo(result);
        }
    }

    /** What the ledger looks like once a hold was swept. */
    @Nested
    @DisplayName("The ledger after a sweep")
    public class LedgerAfterSweep {

        /** For JUnit. */
        public LedgerAfterSweep() {
        }

        @Test
        @DisplayName("a swept hold is gone with its allocations, and its tables can be held again")
        public void sweptHoldIsGoneWithItsAllocations() {
            TableId t1 = table();
            TableId t2 = table();
            BookingId booking = BookingId.random();
            Hold hold = hold(booking, TTL, t1, t2);
            clock.advance(TTL);
            assertThat(ledger().findHold(restaurant, hold.id())).get()
                    .extracting(Hold::status).isEqualTo(HoldStatus.EXPIRED);

            assertThat(sweep(DEFAULTS).swept()).isEqualTo(1);

            assertThat(ledger().findHold(restaurant, hold.id())).isEmpty();
            assertThat(ledger().allocationsOfTables(restaurant, List.of(t1, t2), DINNER)).isEmpty();
            assertThat(ledger().allocationsOfBooking(restaurant, booking)).isEmpty();
            Hold again = hold(TTL, t1, t2);
            assertThat(ledger().allocationsOfTables(restaurant, List.of(t1, t2), DINNER))
                    .extracting(Allocation::holdId).containsExactly(again.id(), again.id());
            assertThat(events.holdsExpired()).as("the new hold had nothing left to clear")
                    .extracting(HoldExpiredEvent::holdId).containsExactly(hold.id());
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Set-up through the public API
    // ------------------------------------------------------------------------------------------------------------

    /** Switches to another harness, with a fresh restaurant and zone in it. */
    private void use(SweeperHarness next) {
        harness = next;
        restaurant = RestaurantId.random();
        zone = floorPlan().createZone(restaurant, "Main", 0).id();
    }

    private AllocationStore ledger() {
        return harness.allocationStore();
    }

    private FloorPlanStore floorPlan() {
        return harness.floorPlanStore();
    }

    private SweepResult sweep(SweeperSettings settings) {
        return harness.holdSweeper(settings).sweep();
    }

    private TableId table() {
        return floorPlan().createTable(restaurant, TableSpec.of(zone, "T" + ++tables, 4)).id();
    }

    private Hold hold(Duration ttl, TableId... tableIds) {
        return hold(BookingId.random(), ttl, tableIds);
    }

    private Hold hold(BookingId booking, Duration ttl, TableId... tableIds) {
        // Merged tables must be adjacent to pass the assignment rules every hold is checked against.
        for (int i = 1; i < tableIds.length; i++) {
            floorPlan().linkTables(restaurant, tableIds[i - 1], tableIds[i]);
        }
        return ledger().placeHold(PlaceHoldRequest.builder(restaurant, DINNER).tables(tableIds).ttl(ttl)
                .bookingId(booking).build());
    }

    /**
     * Places {@code count} holds on one new table in back-to-back windows, a microsecond apart so that they expire
     * in list order, then moves the clock past the last expiry.
     */
    private List<Hold> expiredHolds(int count) {
        TableId t = table();
        List<Hold> holds = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            TimeWindow window = TimeWindow.starting(DINNER.start().plus(Duration.ofHours(i)), Duration.ofHours(1));
            holds.add(ledger().placeHold(PlaceHoldRequest.builder(restaurant, window).tables(t).ttl(TTL)
                    .bookingId(BookingId.random()).build()));
            clock.advance(MICRO);
        }
        clock.advance(TTL);
        return holds;
    }

    private static List<HoldId> ids(List<Hold> holds) {
        return holds.stream().map(Hold::id).toList();
    }

    private static HoldExpiredEvent expiredEvent(Hold hold) {
        return new HoldExpiredEvent(hold.id(), hold.restaurantId(), hold.bookingId(), hold.tableIds(), hold.window(),
                hold.expiresAt());
    }
}
