package dev.capacity.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capacity.api.Allocation;
import dev.capacity.api.AllocationId;
import dev.capacity.api.AllocationKind;
import dev.capacity.api.AllocationPruner;
import dev.capacity.api.AllocationStore;
import dev.capacity.api.AssignRequest;
import dev.capacity.api.BookingId;
import dev.capacity.api.Confirmation;
import dev.capacity.api.FloorPlanStore;
import dev.capacity.api.Hold;
import dev.capacity.api.HoldStatus;
import dev.capacity.api.MaintenanceRequest;
import dev.capacity.api.PlaceHoldRequest;
import dev.capacity.api.PrunePreview;
import dev.capacity.api.PruneResult;
import dev.capacity.api.PrunerSettings;
import dev.capacity.api.RestaurantId;
import dev.capacity.api.TableId;
import dev.capacity.api.TableSpec;
import dev.capacity.api.TimeWindow;
import dev.capacity.api.ZoneId;
import dev.capacity.api.error.ErrorCode;
import dev.capacity.api.error.HoldNotFound;
import dev.capacity.api.error.InvalidRequest;
import dev.capacity.api.error.RestoreConflict;
import dev.capacity.api.error.TableNotFound;
import dev.capacity.api.event.HoldExpiredEvent;
import dev.capacity.api.event.PruneCompletedEvent;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link AllocationPruner} must have, for the PostgreSQL implementation and an in-memory one
 * alike. Extend it and build the implementation from the settings the suite passes:
 *
 * <pre>{@code
 * class MyAllocationPrunerContractTest extends AllocationPrunerContract {
 *     @Override
 *     protected PrunerHarness createHarness(HarnessSettings settings) {
 *         InMemoryCapacity capacity = InMemoryCapacity.builder().clock(settings.clock())
 *                 .listener(settings.listener()).maxHoldLifetime(settings.maxHoldLifetime()).build();
 *         return new PrunerHarness() { ... };
 *     }
 * }
 * }</pre>
 *
 * <p>Time moves only through the {@link MutableInstantSource} of the settings; nothing sleeps. Set-up uses only the
 * public API: {@link FloorPlanStore} for tables, {@link AllocationStore} for bookings, maintenance blocks and holds,
 * one table per booking unless a test is about several. Because the pruner works across restaurants and harnesses
 * may share storage, each test starts by archiving everything earlier tests left (from far in the future) and
 * purging the archive, so that counts in the archive and in previews are this test's own.
 */
public abstract class AllocationPrunerContract {

    private static final Instant START = Instant.parse("2030-03-01T12:00:00Z");
    private static final Duration RETENTION = Duration.ofDays(30);
    private static final Duration MICRO = Duration.ofNanos(1_000);
    private static final Duration TTL = Duration.ofMinutes(5);
    private static final Duration MAX_LIFETIME = Duration.ofMinutes(30);
    private static final TimeWindow DINNER = TimeWindow.starting(Instant.parse("2030-03-01T19:00:00Z"),
            Duration.ofHours(2));
    /** Ten days past the moment DINNER becomes eligible. */
    private static final Instant LATER = DINNER.end().plus(RETENTION).plus(Duration.ofDays(10));
    /** A window that is still inside the retention at {@link #LATER}. */
    private static final TimeWindow RECENT = TimeWindow.starting(LATER.minus(Duration.ofDays(2)),
            Duration.ofHours(2));
    private static final PrunerSettings DEFAULTS = PrunerSettings.defaults().withRetention(RETENTION);

    private final MutableInstantSource clock = MutableInstantSource.at(START);
    private final RecordingListener events = new RecordingListener();
    private PrunerHarness harness;
    private RestaurantId restaurant;
    private ZoneId zone;
    private int tables;

    /** For subclasses. */
    protected AllocationPrunerContract() {
    }

    /**
     * Builds the implementation under test. Called before every test, and again by tests that need a differently
     * configured instance.
     *
     * @param settings the clock, listener and hold lifetime cap the implementation must use
     * @return stores and pruners of one fresh instance, built with these settings
     */
    protected abstract PrunerHarness createHarness(HarnessSettings settings);

    @BeforeEach
    void createHarnessAndClearLeftovers() {
        use(createHarness(new HarnessSettings(clock, events, MAX_LIFETIME)));
        Instant far = START.plus(Duration.ofDays(3650));
        AllocationPruner drain = harness.allocationPruner(DEFAULTS.withRetention(MICRO)
                .withBatchSize(PrunerSettings.MAX_BATCH_SIZE).withMaxBatches(Integer.MAX_VALUE)
                .withTimeBudget(Duration.ofMinutes(1)).withArchiveRetention(Duration.ofDays(1)));
        clock.set(far);
        boolean backlog = true;
        for (int call = 0; call < 10 && backlog; call++) {
            backlog = drain.prune().backlogRemaining();
        }
        assertThat(backlog).as("allocations left by earlier tests are archived").isFalse();
        clock.set(far.plus(Duration.ofDays(2)));
        drain.prune();
        PrunePreview clean = drain.preview();
        assertThat(clean.eligible()).as("nothing earlier tests left is eligible").isZero();
        assertThat(clean.archived()).as("the archive of earlier tests is purged").isZero();
        clock.set(START);
        events.clear();
    }

    /** Which allocations a prune moves and which it leaves live. */
    @Nested
    @DisplayName("Which allocations are archived")
    public class Eligibility {

        /** For JUnit. */
        public Eligibility() {
        }

        @Test
        @DisplayName("only allocations whose window ended before now minus the retention move; recent and future ones stay")
        public void onlyOldAllocationsMove() {
            TableId t = table();
            BookingId old = book(t, DINNER);
            BookingId recent = book(t, RECENT);
            BookingId future = book(t, TimeWindow.starting(LATER.plus(Duration.ofDays(1)), Duration.ofHours(2)));
            clock.set(LATER);

            PruneResult result = prune(DEFAULTS);

            assertThat(result.archived()).isEqualTo(1);
            assertThat(result.cutoff()).isEqualTo(LATER.minus(RETENTION));
            assertThat(result.backlogRemaining()).isFalse();
            assertThat(result.purged()).isZero();
            assertThat(live(old)).isEmpty();
            assertThat(live(recent)).hasSize(1);
            assertThat(live(future)).hasSize(1);
            assertThat(archivedCount()).isEqualTo(1);
        }

        @Test
        @DisplayName("an allocation that ended exactly at the cutoff stays, one that ended a microsecond earlier moves")
        public void cutoffBoundary() {
            BookingId atCutoff = book(table(), DINNER);
            BookingId justBefore = book(table(), TimeWindow.of(DINNER.start(), DINNER.end().minus(MICRO)));
            clock.set(DINNER.end().plus(RETENTION));

            PruneResult result = prune(DEFAULTS);

            assertThat(result.cutoff()).isEqualTo(DINNER.end());
            assertThat(result.archived()).isEqualTo(1);
            assertThat(result.backlogRemaining()).isFalse();
            assertThat(live(justBefore)).isEmpty();
            assertThat(live(atCutoff)).hasSize(1);

            clock.advance(MICRO);
            PruneResult next = prune(DEFAULTS);

            assertThat(next.archived()).isEqualTo(1);
            assertThat(live(atCutoff)).isEmpty();
        }

        @Test
        @DisplayName("hold allocations are never archived, even long after their window ended and the hold expired")
        public void holdAllocationsAreNeverArchived() {
            TableId t = table();
            Hold hold = placeHold(BookingId.random(), DINNER, t);
            List<AllocationId> holdAllocations = ids(ledger().allocationsOfTables(restaurant, List.of(t), DINNER));
            assertThat(holdAllocations).hasSize(1);
            clock.set(LATER);
            AllocationPruner pruner = pruner(DEFAULTS);

            assertThat(pruner.preview().eligible()).isZero();
            PruneResult result = pruner.prune();

            assertThat(result.archived()).isZero();
            assertThat(result.backlogRemaining()).isFalse();
            assertThat(pruner.preview().archived()).isZero();
            assertThat(ledger().findHold(restaurant, hold.id())).get()
                    .extracting(Hold::status).isEqualTo(HoldStatus.EXPIRED);
            assertThat(pruner.restore(restaurant, holdAllocations)).as("nothing of the hold is archived").isZero();
        }

        @Test
        @DisplayName("a confirmed hold's allocations are booking allocations and are archived")
        public void confirmedHoldsAreArchived() {
            TableId t = table();
            BookingId booking = BookingId.random();
            Hold hold = placeHold(booking, DINNER, t);
            ledger().confirmHold(restaurant, hold.id(), booking);
            assertThat(live(booking)).singleElement().extracting(Allocation::kind).isEqualTo(AllocationKind.BOOKING);
            clock.set(LATER);

            assertThat(prune(DEFAULTS).archived()).isEqualTo(1);

            assertThat(live(booking)).isEmpty();
            assertThat(ledger().allocationsOfTables(restaurant, List.of(t), DINNER)).isEmpty();
        }

        @Test
        @DisplayName("maintenance blocks are archived like bookings and leave the table's ledger")
        public void maintenanceIsArchived() {
            TableId t = table();
            ledger().blockTable(new MaintenanceRequest(restaurant, t, DINNER, "repaint", "ops"));
            clock.set(LATER);

            PruneResult result = prune(DEFAULTS);

            assertThat(result.archived()).isEqualTo(1);
            assertThat(ledger().allocationsOfTables(restaurant, List.of(t), DINNER)).isEmpty();
            assertThat(archivedCount()).isEqualTo(1);
        }

        @Test
        @DisplayName("archived bookings disappear from the booking's and the tables' allocations, recent ones remain")
        public void archivedAllocationsLeaveTheReads() {
            TableId t1 = table();
            TableId t2 = table();
            BookingId merged = book(BookingId.random(), DINNER, t1, t2);
            BookingId recent = book(t1, RECENT);
            TimeWindow everything = TimeWindow.of(DINNER.start(), LATER);
            assertThat(ledger().allocationsOfTables(restaurant, List.of(t1, t2), everything)).hasSize(3);
            clock.set(LATER);

            assertThat(prune(DEFAULTS).archived()).isEqualTo(2);

            assertThat(live(merged)).isEmpty();
            assertThat(ledger().allocationsOfTables(restaurant, List.of(t1, t2), everything))
                    .extracting(Allocation::bookingId).containsExactly(recent);
        }

        @Test
        @DisplayName("one call archives the old allocations of every restaurant")
        public void everyRestaurantIsPruned() {
            List<RestaurantId> others = new ArrayList<>();
            List<BookingId> bookings = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                RestaurantId other = RestaurantId.random();
                ZoneId otherZone = floorPlan().createZone(other, "Main", 0).id();
                TableId t = floorPlan().createTable(other, TableSpec.of(otherZone, "T1", 4)).id();
                BookingId booking = BookingId.random();
                ledger().assign(AssignRequest.of(other, booking, List.of(t), DINNER));
                others.add(other);
                bookings.add(booking);
            }
            clock.set(LATER);

            PruneResult result = prune(DEFAULTS);

            assertThat(result.archived()).isEqualTo(3);
            assertThat(result.backlogRemaining()).isFalse();
            for (int i = 0; i < 3; i++) {
                assertThat(ledger().allocationsOfBooking(others.get(i), bookings.get(i))).isEmpty();
            }
        }
    }

    /**
     * Confirmed hold rows exist only so that confirming a hold again returns the same result; once their window
     * ended before the cutoff, prune drops them.
     */
    @Nested
    @DisplayName("Confirmed hold rows")
    public class ConfirmedHolds {

        /** For JUnit. */
        public ConfirmedHolds() {
        }

        @Test
        @DisplayName("a prune drops a confirmed hold whose window ended before the cutoff and keeps one whose window is recent")
        public void oldConfirmedHoldsAreDropped() {
            TableId t = table();
            BookingId oldBooking = BookingId.random();
            Hold oldHold = placeHold(oldBooking, DINNER, t);
            ledger().confirmHold(restaurant, oldHold.id(), oldBooking);
            BookingId recentBooking = BookingId.random();
            Hold recentHold = placeHold(recentBooking, RECENT, t);
            Confirmation recentConfirmation = ledger().confirmHold(restaurant, recentHold.id(), recentBooking);
            clock.set(LATER);

            prune(DEFAULTS);

            assertThat(ledger().findHold(restaurant, oldHold.id())).isEmpty();
            assertThatThrownBy(() -> ledger().confirmHold(restaurant, oldHold.id(), oldBooking))
                    .isInstanceOfSatisfying(HoldNotFound.class, e -> assertThat(e.httpStatus()).isEqualTo(404));
            assertThat(ledger().findHold(restaurant, recentHold.id())).get()
                    .extracting(Hold::status).isEqualTo(HoldStatus.CONFIRMED);
            assertThat(ledger().confirmHold(restaurant, recentHold.id(), recentBooking))
                    .as("confirming again is still idempotent").isEqualTo(recentConfirmation);
            assertThat(events.holdsExpired()).as("a confirmed hold never expires").isEmpty();
        }

        @Test
        @DisplayName("a confirmed hold whose window ended exactly at the cutoff is kept")
        public void confirmedHoldAtTheCutoffIsKept() {
            BookingId booking = BookingId.random();
            Hold hold = placeHold(booking, DINNER, table());
            Confirmation confirmation = ledger().confirmHold(restaurant, hold.id(), booking);
            clock.set(DINNER.end().plus(RETENTION));

            prune(DEFAULTS);

            assertThat(ledger().findHold(restaurant, hold.id())).get()
                    .extracting(Hold::status).isEqualTo(HoldStatus.CONFIRMED);
            assertThat(ledger().confirmHold(restaurant, hold.id(), booking)).isEqualTo(confirmation);
        }

        @Test
        @DisplayName("the booking allocations of a dropped confirmed hold are archived like any booking allocation")
        public void allocationsOfADroppedHoldAreArchived() {
            TableId t1 = table();
            TableId t2 = table();
            floorPlan().linkTables(restaurant, t1, t2);
            BookingId booking = BookingId.random();
            Hold hold = ledger().placeHold(PlaceHoldRequest.builder(restaurant, DINNER).tables(t1, t2).ttl(TTL)
                    .bookingId(booking).build());
            ledger().confirmHold(restaurant, hold.id(), booking);
            List<Allocation> before = live(booking);
            assertThat(before).hasSize(2).extracting(Allocation::kind).containsOnly(AllocationKind.BOOKING);
            clock.set(LATER);
            AllocationPruner pruner = pruner(DEFAULTS);

            PruneResult result = pruner.prune();

            assertThat(result.archived()).isEqualTo(2);
            assertThat(result.backlogRemaining()).isFalse();
            assertThat(ledger().findHold(restaurant, hold.id())).isEmpty();
            assertThat(live(booking)).isEmpty();
            assertThat(pruner.preview().archived()).isEqualTo(2);
            assertThat(pruner.restoreBooking(restaurant, booking)).isEqualTo(2);
            assertThat(live(booking)).as("restored as they were archived").containsExactlyInAnyOrderElementsOf(before);
            assertThat(ledger().findHold(restaurant, hold.id())).as("the hold row does not come back").isEmpty();
        }
    }

    /** A non-positive retention switches pruning off. */
    @Nested
    @DisplayName("Pruning switched off")
    public class Disabled {

        /** For JUnit. */
        public Disabled() {
        }

        @Test
        @DisplayName("a zero or negative retention archives nothing and reports no cutoff, in prune and preview")
        public void nonPositiveRetentionDisables() {
            BookingId old = book(table(), DINNER);
            clock.set(LATER);

            for (Duration retention : List.of(Duration.ZERO, Duration.ofDays(-1))) {
                AllocationPruner off = pruner(DEFAULTS.withRetention(retention));

                PruneResult result = off.prune();
                assertThat(result.archived()).as("retention %s", retention).isZero();
                assertThat(result.batches()).isZero();
                assertThat(result.cutoff()).isNull();
                assertThat(result.backlogRemaining()).isFalse();

                PrunePreview preview = off.preview();
                assertThat(preview.cutoff()).isNull();
                assertThat(preview.eligible()).isZero();
                assertThat(preview.oldestEnd()).isNull();
                assertThat(preview.archived()).isZero();
                assertThat(live(old)).hasSize(1);
            }
            assertThat(events.pruneCompleted()).hasSize(2);
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
        @DisplayName("an empty ledger gives nothing archived, one batch and no backlog")
        public void emptyLedger() {
            clock.set(LATER);

            PruneResult result = prune(DEFAULTS);

            assertThat(result.archived()).isZero();
            assertThat(result.batches()).isEqualTo(1);
            assertThat(result.backlogRemaining()).isFalse();
            assertThat(result.cutoff()).isEqualTo(LATER.minus(RETENTION));
            assertThat(result.purged()).isZero();
            assertThat(result.duration()).isGreaterThanOrEqualTo(Duration.ZERO);
        }

        @Test
        @DisplayName("a call stops after maxBatches with a backlog, oldest first, and the next call archives the rest")
        public void maxBatchesBoundsACall() {
            List<BookingId> bookings = oldBookings(7);
            clock.set(LATER);
            PrunerSettings bounded = DEFAULTS.withBatchSize(2).withMaxBatches(2);

            PruneResult first = prune(bounded);

            assertThat(first.archived()).isEqualTo(4);
            assertThat(first.batches()).isEqualTo(2);
            assertThat(first.backlogRemaining()).isTrue();
            for (BookingId gone : bookings.subList(0, 4)) {
                assertThat(live(gone)).as("the oldest go first").isEmpty();
            }
            for (BookingId left : bookings.subList(4, 7)) {
                assertThat(live(left)).hasSize(1);
            }
            assertThat(pruner(bounded).preview().eligible()).isEqualTo(3);

            PruneResult second = prune(bounded);

            assertThat(second.archived()).isEqualTo(3);
            assertThat(second.batches()).isEqualTo(2);
            assertThat(second.backlogRemaining()).isFalse();
            for (BookingId b : bookings) {
                assertThat(live(b)).isEmpty();
            }
            assertThat(archivedCount()).isEqualTo(7);
        }

        @Test
        @DisplayName("a call whose last allowed batch took the last allocations reports no backlog")
        public void boundReachedOnTheLastAllocationsLeavesNoBacklog() {
            oldBookings(4);
            clock.set(LATER);

            PruneResult result = prune(DEFAULTS.withBatchSize(2).withMaxBatches(2));

            assertThat(result.archived()).isEqualTo(4);
            assertThat(result.batches()).isEqualTo(2);
            assertThat(result.backlogRemaining()).as("measured, not inferred from the bound").isFalse();
        }

        @Test
        @DisplayName("a full batch is followed by another, so draining ends with a short or empty batch")
        public void fullBatchIsFollowedByAnother() {
            oldBookings(4);
            clock.set(LATER);

            PruneResult result = prune(DEFAULTS.withBatchSize(2));

            assertThat(result.archived()).isEqualTo(4);
            assertThat(result.batches()).isEqualTo(3);
            assertThat(result.backlogRemaining()).isFalse();
        }

        @Test
        @DisplayName("no new batch starts once the time budget is spent")
        public void timeBudgetBoundsACall() {
            oldBookings(3);
            clock.set(LATER);

            // One nanosecond is spent by any batch, so the call stops after the first one.
            PruneResult result = prune(DEFAULTS.withBatchSize(1).withTimeBudget(Duration.ofNanos(1)));

            assertThat(result.archived()).isEqualTo(1);
            assertThat(result.batches()).isEqualTo(1);
            assertThat(result.backlogRemaining()).isTrue();
        }

        @Test
        @DisplayName("once the time budget is spent no confirmed hold is dropped and nothing is purged; a later call does both")
        public void timeBudgetBoundsDroppingAndPurging() {
            BookingId booking = BookingId.random();
            Hold hold = placeHold(booking, DINNER, table());
            ledger().confirmHold(restaurant, hold.id(), booking);
            clock.set(LATER);
            PrunerSettings roomy = DEFAULTS.withArchiveRetention(Duration.ofDays(1));
            // One nanosecond is spent by the first archive batch, which always runs; nothing else may start.
            PrunerSettings spent = roomy.withTimeBudget(Duration.ofNanos(1));

            PruneResult first = prune(spent);

            assertThat(first.archived()).isEqualTo(1);
            assertThat(first.batches()).isEqualTo(1);
            assertThat(ledger().findHold(restaurant, hold.id())).as("not dropped after the budget").isPresent();
            clock.advance(Duration.ofDays(2));

            PruneResult second = prune(spent);

            assertThat(second.archived()).isZero();
            assertThat(second.purged()).as("not purged after the budget").isZero();
            assertThat(ledger().findHold(restaurant, hold.id())).isPresent();
            assertThat(archivedCount()).isEqualTo(1);

            PruneResult third = prune(roomy);

            assertThat(third.purged()).isEqualTo(1);
            assertThat(ledger().findHold(restaurant, hold.id())).isEmpty();
            assertThat(archivedCount()).isZero();
        }

        @Test
        @DisplayName("pruners running at the same time archive every allocation exactly once")
        public void concurrentPrunersArchiveEachAllocationOnce() throws Exception {
            List<BookingId> bookings = oldBookings(40);
            clock.set(LATER);
            AllocationPruner pruner = pruner(DEFAULTS.withBatchSize(3));
            ExecutorService pool = Executors.newFixedThreadPool(4);
            int archived = 0;
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<PruneResult>> calls = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    calls.add(pool.submit(() -> {
                        go.await();
                        return pruner.prune();
                    }));
                }
                go.countDown();
                for (Future<PruneResult> call : calls) {
                    archived += call.get(60, TimeUnit.SECONDS).archived();
                }
            } finally {
                pool.shutdownNow();
            }
            // A pruner that found the rest locked by others may stop early; a last call takes what is left.
            archived += pruner.prune().archived();

            assertThat(archived).isEqualTo(bookings.size());
            assertThat(archivedCount()).isEqualTo(bookings.size());
            for (BookingId b : bookings) {
                assertThat(live(b)).isEmpty();
            }
        }
    }

    /** {@link AllocationPruner#preview()}: a dry run. */
    @Nested
    @DisplayName("Preview")
    public class Preview {

        /** For JUnit. */
        public Preview() {
        }

        @Test
        @DisplayName("a preview counts what a prune would archive and finds the oldest end, without changing anything")
        public void previewChangesNothing() {
            TableId t1 = table();
            TableId t2 = table();
            BookingId dinner = book(t1, DINNER);
            TimeWindow dayBefore = TimeWindow.starting(DINNER.start().minus(Duration.ofDays(1)),
                    Duration.ofMinutes(90));
            BookingId earlier = book(t2, dayBefore);
            ledger().blockTable(new MaintenanceRequest(restaurant, t1,
                    TimeWindow.starting(DINNER.end(), Duration.ofHours(1)), "clean", null));
            BookingId recent = book(t2, RECENT);
            clock.set(LATER);
            AllocationPruner pruner = pruner(DEFAULTS);

            PrunePreview preview = pruner.preview();

            assertThat(preview.cutoff()).isEqualTo(LATER.minus(RETENTION));
            assertThat(preview.eligible()).isEqualTo(3);
            assertThat(preview.oldestEnd()).isEqualTo(dayBefore.end());
            assertThat(preview.archived()).isZero();
            assertThat(pruner.preview()).as("a second look sees the same").isEqualTo(preview);
            assertThat(live(dinner)).hasSize(1);
            assertThat(live(earlier)).hasSize(1);
            assertThat(live(recent)).hasSize(1);
            assertThat(events.pruneCompleted()).as("a preview is not a prune").isEmpty();

            PruneResult result = pruner.prune();

            assertThat(result.archived()).isEqualTo(preview.eligible());
            PrunePreview after = pruner.preview();
            assertThat(after.eligible()).isZero();
            assertThat(after.oldestEnd()).isNull();
            assertThat(after.archived()).isEqualTo(3);
        }
    }

    /** {@link AllocationPruner#restoreBooking} and {@link AllocationPruner#restore}. */
    @Nested
    @DisplayName("Restore")
    public class Restore {

        /** For JUnit. */
        public Restore() {
        }

        @Test
        @DisplayName("restoreBooking brings back every allocation of the booking exactly as it was archived")
        public void restoreBookingRoundTrip() {
            TableId t1 = table();
            TableId t2 = table();
            BookingId booking = BookingId.random();
            floorPlan().linkTables(restaurant, t1, t2);
            ledger().assign(AssignRequest.of(restaurant, booking, List.of(t1, t2), DINNER).withCreatedBy("host"));
            List<Allocation> before = live(booking);
            assertThat(before).hasSize(2);
            clock.set(LATER);
            AllocationPruner pruner = pruner(DEFAULTS);
            assertThat(pruner.prune().archived()).isEqualTo(2);
            assertThat(live(booking)).isEmpty();
            assertThat(pruner.preview().archived()).isEqualTo(2);

            assertThat(pruner.restoreBooking(restaurant, booking)).isEqualTo(2);

            assertThat(live(booking)).as("same ids, tables, kinds, windows, bookings and creation data")
                    .containsExactlyInAnyOrderElementsOf(before);
            assertThat(ledger().allocationsOfTables(restaurant, List.of(t1, t2), DINNER))
                    .containsExactlyInAnyOrderElementsOf(before);
            assertThat(pruner.preview().archived()).isZero();
            assertThat(pruner.restoreBooking(restaurant, booking)).as("nothing left to restore").isZero();
        }

        @Test
        @DisplayName("restore by id brings back exactly the named allocations, of any kind, and shrinks the archive")
        public void restoreByIdRoundTrip() {
            TableId t = table();
            BookingId first = book(t, DINNER);
            TimeWindow blockWindow = TimeWindow.starting(DINNER.end(), Duration.ofHours(1));
            ledger().blockTable(new MaintenanceRequest(restaurant, t, blockWindow, "repaint", "ops"));
            BookingId second = book(t, TimeWindow.starting(blockWindow.end(), Duration.ofHours(2)));
            List<Allocation> firstBefore = live(first);
            Allocation block = ledger().allocationsOfTables(restaurant, List.of(t), blockWindow).get(0);
            assertThat(block.kind()).isEqualTo(AllocationKind.MAINTENANCE);
            clock.set(LATER);
            AllocationPruner pruner = pruner(DEFAULTS);
            assertThat(pruner.prune().archived()).isEqualTo(3);

            int restored = pruner.restore(restaurant, List.of(firstBefore.get(0).id(), block.id()));

            assertThat(restored).isEqualTo(2);
            assertThat(live(first)).containsExactlyElementsOf(firstBefore);
            assertThat(ledger().allocationsOfTables(restaurant, List.of(t), blockWindow)).containsExactly(block);
            assertThat(live(second)).as("not named, still archived").isEmpty();
            assertThat(pruner.preview().archived()).isEqualTo(1);
        }

        @Test
        @DisplayName("a restored allocation still past the retention is archived again by the next prune")
        public void restoredAllocationsAreArchivedAgain() {
            BookingId booking = book(table(), DINNER);
            List<Allocation> before = live(booking);
            clock.set(LATER);
            AllocationPruner pruner = pruner(DEFAULTS);
            pruner.prune();
            pruner.restoreBooking(restaurant, booking);

            assertThat(pruner.prune().archived()).isEqualTo(1);

            assertThat(live(booking)).isEmpty();
            assertThat(pruner.preview().archived()).isEqualTo(1);
            assertThat(pruner.restoreBooking(restaurant, booking)).isEqualTo(1);
            assertThat(live(booking)).containsExactlyElementsOf(before);
        }

        @Test
        @DisplayName("a restore that would overlap a live booking fails with RestoreConflict naming it, and restores nothing")
        public void overlapWithABookingIsAConflict() {
            TableId t = table();
            BookingId archived = book(t, DINNER);
            clock.set(LATER);
            AllocationPruner pruner = pruner(DEFAULTS);
            pruner.prune();
            BookingId squatter = book(t, TimeWindow.starting(DINNER.start().plus(Duration.ofHours(1)),
                    Duration.ofHours(2)));
            Allocation squat = live(squatter).get(0);

            assertThatThrownBy(() -> pruner.restoreBooking(restaurant, archived))
                    .isInstanceOfSatisfying(RestoreConflict.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.RESTORE_CONFLICT);
                        assertThat(e.httpStatus()).isEqualTo(409);
                        assertThat(e.blockers()).singleElement().satisfies(b -> {
                            assertThat(b.allocationId()).isEqualTo(squat.id());
                            assertThat(b.kind()).isEqualTo(AllocationKind.BOOKING);
                            assertThat(b.bookingId()).isEqualTo(squatter);
                            assertThat(b.tableId()).isEqualTo(t);
                            assertThat(b.window()).isEqualTo(squat.window());
                        });
                    });

            assertThat(live(archived)).isEmpty();
            assertThat(live(squatter)).containsExactly(squat);
            assertThat(pruner.preview().archived()).isEqualTo(1);

            ledger().unassign(restaurant, squatter);
            assertThat(pruner.restoreBooking(restaurant, archived)).isEqualTo(1);
        }

        @Test
        @DisplayName("a restore is all or nothing: one allocation blocked by maintenance keeps the others archived")
        public void restoreIsAllOrNothing() {
            TableId t1 = table();
            TableId t2 = table();
            BookingId free = book(t1, DINNER);
            BookingId blocked = book(t2, DINNER);
            List<AllocationId> ids = Stream.concat(live(free).stream(), live(blocked).stream())
                    .map(Allocation::id).toList();
            clock.set(LATER);
            AllocationPruner pruner = pruner(DEFAULTS);
            assertThat(pruner.prune().archived()).isEqualTo(2);
            Allocation block = ledger().blockTable(new MaintenanceRequest(restaurant, t2, DINNER, "broken leg", null));

            assertThatThrownBy(() -> pruner.restore(restaurant, ids))
                    .isInstanceOfSatisfying(RestoreConflict.class, e -> assertThat(e.blockers()).singleElement()
                            .satisfies(b -> {
                                assertThat(b.allocationId()).isEqualTo(block.id());
                                assertThat(b.kind()).isEqualTo(AllocationKind.MAINTENANCE);
                            }));

            assertThat(live(free)).isEmpty();
            assertThat(live(blocked)).isEmpty();
            assertThat(pruner.preview().archived()).isEqualTo(2);
        }

        @Test
        @DisplayName("an active hold in the way blocks a restore and is named as the blocker")
        public void activeHoldBlocksARestore() {
            TableId t = table();
            BookingId archived = book(t, DINNER);
            clock.set(LATER);
            AllocationPruner pruner = pruner(DEFAULTS);
            pruner.prune();
            Hold hold = placeHold(BookingId.random(), DINNER, t);

            assertThatThrownBy(() -> pruner.restoreBooking(restaurant, archived))
                    .isInstanceOfSatisfying(RestoreConflict.class, e -> assertThat(e.blockers()).singleElement()
                            .satisfies(b -> {
                                assertThat(b.kind()).isEqualTo(AllocationKind.HOLD);
                                assertThat(b.holdId()).isEqualTo(hold.id());
                                assertThat(b.holdExpiresAt()).isEqualTo(hold.expiresAt());
                            }));

            assertThat(live(archived)).isEmpty();
            assertThat(ledger().findHold(restaurant, hold.id())).get()
                    .extracting(Hold::status).isEqualTo(HoldStatus.ACTIVE);
        }

        @Test
        @DisplayName("an expired hold in the way does not block a restore: it is removed and reported once")
        public void expiredHoldIsClearedByARestore() {
            TableId t = table();
            BookingId archived = book(t, DINNER);
            List<Allocation> before = live(archived);
            clock.set(LATER);
            AllocationPruner pruner = pruner(DEFAULTS);
            pruner.prune();
            Hold hold = placeHold(BookingId.random(), DINNER, t);
            clock.advance(TTL);

            assertThat(pruner.restoreBooking(restaurant, archived)).isEqualTo(1);

            assertThat(live(archived)).containsExactlyElementsOf(before);
            assertThat(ledger().findHold(restaurant, hold.id())).isEmpty();
            assertThat(events.holdsExpired()).extracting(HoldExpiredEvent::holdId).containsExactly(hold.id());
        }

        @Test
        @DisplayName("ids that are not archived restore nothing: unknown ids, live allocations and an empty list")
        public void notArchivedIdsAreIgnored() {
            BookingId recent = book(table(), RECENT);
            Allocation live = live(recent).get(0);
            clock.set(LATER);
            AllocationPruner pruner = pruner(DEFAULTS);

            assertThat(pruner.restore(restaurant, List.of(AllocationId.random(), AllocationId.random()))).isZero();
            assertThat(pruner.restore(restaurant, List.of(live.id()))).isZero();
            assertThat(pruner.restore(restaurant, List.of())).isZero();
            assertThat(pruner.restoreBooking(restaurant, BookingId.random())).isZero();
            assertThat(pruner.restoreBooking(restaurant, recent)).isZero();
            assertThat(live(recent)).containsExactly(live);
        }

        @Test
        @DisplayName("restores are scoped to the restaurant, while pruning archives every restaurant's allocations")
        public void restoreIsTenantScoped() {
            BookingId booking = BookingId.random();
            TableId mine = table();
            ledger().assign(AssignRequest.of(restaurant, booking, List.of(mine), DINNER));
            List<Allocation> myAllocations = live(booking);
            RestaurantId other = RestaurantId.random();
            ZoneId otherZone = floorPlan().createZone(other, "Main", 0).id();
            TableId theirs = floorPlan().createTable(other, TableSpec.of(otherZone, "T1", 4)).id();
            // The host reuses the booking id in the other restaurant: restores must still not cross over.
            ledger().assign(AssignRequest.of(other, booking, List.of(theirs), DINNER));
            clock.set(LATER);
            AllocationPruner pruner = pruner(DEFAULTS);
            assertThat(pruner.prune().archived()).as("one call, both restaurants").isEqualTo(2);
            RestaurantId stranger = RestaurantId.random();

            assertThat(pruner.restoreBooking(stranger, booking)).isZero();
            assertThat(pruner.restore(stranger, ids(myAllocations))).isZero();
            assertThat(pruner.preview().archived()).isEqualTo(2);

            assertThat(pruner.restoreBooking(restaurant, booking)).isEqualTo(1);
            assertThat(live(booking)).containsExactlyElementsOf(myAllocations);
            assertThat(ledger().allocationsOfBooking(other, booking)).as("still archived").isEmpty();
            assertThat(pruner.restore(other, ids(myAllocations))).as("not theirs").isZero();
            assertThat(pruner.preview().archived()).isEqualTo(1);
        }

        @Test
        @DisplayName("a restore whose table was deleted meanwhile fails with TableNotFound and restores nothing")
        public void restoreToADeletedTableFails() {
            TableId kept = table();
            TableId deleted = table();
            BookingId onKept = book(kept, DINNER);
            BookingId onDeleted = book(deleted, DINNER);
            List<AllocationId> ids = Stream.concat(live(onKept).stream(), live(onDeleted).stream())
                    .map(Allocation::id).toList();
            clock.set(LATER);
            AllocationPruner pruner = pruner(DEFAULTS);
            assertThat(pruner.prune().archived()).isEqualTo(2);
            floorPlan().deleteTable(restaurant, deleted);

            assertThatThrownBy(() -> pruner.restore(restaurant, ids))
                    .isInstanceOfSatisfying(TableNotFound.class, e -> {
                        assertThat(e.tableId()).isEqualTo(deleted);
                        assertThat(e.httpStatus()).isEqualTo(404);
                    });

            assertThat(live(onKept)).isEmpty();
            assertThat(pruner.preview().archived()).isEqualTo(2);
        }

        @Test
        @DisplayName("more than 10,000 ids in one restore are rejected as an invalid request")
        public void tooManyIdsAreRejected() {
            List<AllocationId> ids = new ArrayList<>();
            for (int i = 0; i < 10_001; i++) {
                ids.add(AllocationId.random());
            }

            assertThatThrownBy(() -> pruner(DEFAULTS).restore(restaurant, ids))
                    .isInstanceOfSatisfying(InvalidRequest.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
                        assertThat(e.httpStatus()).isEqualTo(400);
                    });
        }
    }

    /** {@link PrunerSettings#archiveRetention()}: how long the archive keeps rows. */
    @Nested
    @DisplayName("Archive retention")
    public class ArchiveRetention {

        /** For JUnit. */
        public ArchiveRetention() {
        }

        @Test
        @DisplayName("archived rows are purged once archived longer ago than the archive retention, and counted")
        public void oldArchiveRowsArePurged() {
            Duration keep = Duration.ofDays(7);
            PrunerSettings settings = DEFAULTS.withArchiveRetention(keep);
            TableId t = table();
            BookingId first = book(t, DINNER);
            clock.set(LATER);
            AllocationPruner pruner = pruner(settings);
            assertThat(pruner.prune().archived()).isEqualTo(1);
            BookingId second = book(t, TimeWindow.starting(DINNER.start().plus(Duration.ofDays(1)),
                    Duration.ofHours(2)));
            clock.set(LATER.plus(Duration.ofDays(2)));
            PruneResult archiveSecond = pruner.prune();
            assertThat(archiveSecond.archived()).isEqualTo(1);
            assertThat(archiveSecond.purged()).isZero();

            clock.set(LATER.plus(keep));
            assertThat(pruner.prune().purged()).as("archived exactly the retention ago: kept").isZero();

            clock.advance(MICRO);
            PruneResult purge = pruner.prune();

            assertThat(purge.purged()).isEqualTo(1);
            assertThat(purge.archived()).isZero();
            assertThat(pruner.preview().archived()).isEqualTo(1);
            assertThat(pruner.restoreBooking(restaurant, first)).as("purged for good").isZero();
            assertThat(pruner.restoreBooking(restaurant, second)).isEqualTo(1);
        }

        @Test
        @DisplayName("without an archive retention archived rows are kept however old they get")
        public void noArchiveRetentionKeepsEverything() {
            BookingId booking = book(table(), DINNER);
            clock.set(LATER);
            AllocationPruner pruner = pruner(DEFAULTS);
            pruner.prune();
            clock.set(LATER.plus(Duration.ofDays(1000)));

            PruneResult result = pruner.prune();

            assertThat(result.purged()).isZero();
            assertThat(pruner.preview().archived()).isEqualTo(1);
            assertThat(pruner.restoreBooking(restaurant, booking)).isEqualTo(1);
        }
    }

    /** The events a prune publishes. */
    @Nested
    @DisplayName("Events")
    public class Events {

        /** For JUnit. */
        public Events() {
        }

        @Test
        @DisplayName("the prune-completed event carries the result the call returned")
        public void completedEventCarriesTheResult() {
            oldBookings(3);
            clock.set(LATER);

            PruneResult result = prune(DEFAULTS.withBatchSize(2));

            assertThat(result.archived()).isEqualTo(3);
            assertThat(events.pruneCompleted()).singleElement()
                    .extracting(PruneCompletedEvent::result).isEqualTo(result);
            assertThat(events.pruneFailed()).isEmpty();
        }

        @Test
        @DisplayName("a listener that throws breaks neither the prune nor its result")
        public void throwingListenerIsIgnored() {
            RecordingListener seen = new RecordingListener();
            use(createHarness(new HarnessSettings(clock, new ThrowingListener(seen), MAX_LIFETIME)));
            List<BookingId> bookings = oldBookings(2);
            clock.set(LATER);

            PruneResult result = prune(DEFAULTS);

            assertThat(result.archived()).isEqualTo(2);
            for (BookingId b : bookings) {
                assertThat(live(b)).isEmpty();
            }
            assertThat(seen.pruneCompleted()).singleElement()
                    .extracting(PruneCompletedEvent::result).isEqualTo(result);
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Set-up through the public API
    // ------------------------------------------------------------------------------------------------------------

    /** Switches to another harness, with a fresh restaurant and zone in it. */
    private void use(PrunerHarness next) {
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

    private AllocationPruner pruner(PrunerSettings settings) {
        return harness.allocationPruner(settings);
    }

    private PruneResult prune(PrunerSettings settings) {
        return pruner(settings).prune();
    }

    private long archivedCount() {
        return pruner(DEFAULTS).preview().archived();
    }

    private TableId table() {
        return floorPlan().createTable(restaurant, TableSpec.of(zone, "T" + ++tables, 4)).id();
    }

    /** Seats a new booking at one table. */
    private BookingId book(TableId table, TimeWindow window) {
        return book(BookingId.random(), window, table);
    }

    private BookingId book(BookingId booking, TimeWindow window, TableId... tableIds) {
        // Merged tables must be adjacent to pass the assignment rules every write is checked against.
        for (int i = 1; i < tableIds.length; i++) {
            floorPlan().linkTables(restaurant, tableIds[i - 1], tableIds[i]);
        }
        ledger().assign(AssignRequest.of(restaurant, booking, List.of(tableIds), window));
        return booking;
    }

    private Hold placeHold(BookingId booking, TimeWindow window, TableId table) {
        return ledger().placeHold(PlaceHoldRequest.builder(restaurant, window).tables(table).ttl(TTL)
                .bookingId(booking).build());
    }

    private List<Allocation> live(BookingId booking) {
        return ledger().allocationsOfBooking(restaurant, booking);
    }

    /**
     * Seats {@code count} bookings on one new table in back-to-back hour windows from {@link #DINNER}'s start, so
     * that their windows end in list order; all are past the retention at {@link #LATER}.
     */
    private List<BookingId> oldBookings(int count) {
        TableId t = table();
        List<BookingId> bookings = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            bookings.add(book(t, TimeWindow.starting(DINNER.start().plus(Duration.ofHours(i)), Duration.ofHours(1))));
        }
        return bookings;
    }

    private static List<AllocationId> ids(List<Allocation> allocations) {
        return allocations.stream().map(Allocation::id).toList();
    }
}
