package dev.capacity.testkit.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.capacity.api.AllocationKind;
import dev.capacity.api.AllocationStore;
import dev.capacity.api.AssignRequest;
import dev.capacity.api.BookingId;
import dev.capacity.api.Confirmation;
import dev.capacity.api.DiningTable;
import dev.capacity.api.FloorPlanStore;
import dev.capacity.api.Hold;
import dev.capacity.api.HoldStatus;
import dev.capacity.api.PlaceHoldRequest;
import dev.capacity.api.PruneResult;
import dev.capacity.api.PrunerSettings;
import dev.capacity.api.RestaurantId;
import dev.capacity.api.TableId;
import dev.capacity.api.TableSpec;
import dev.capacity.api.TimeWindow;
import dev.capacity.api.Zone;
import dev.capacity.api.error.HoldConflict;
import dev.capacity.api.error.HoldExpired;
import dev.capacity.api.error.TableInUse;
import dev.capacity.api.error.TableNotFound;
import dev.capacity.api.event.CapacityListener;
import dev.capacity.api.event.HoldExpiredEvent;
import dev.capacity.testkit.contract.RecordingListener;
import dev.capacity.testkit.time.MutableInstantSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A quick end-to-end pass over the fake; the published contract suites hold it to the full semantics. */
class InMemoryCapacitySmokeTest {

    private static final Duration TTL = Duration.ofMinutes(5);

    private final MutableInstantSource clock = MutableInstantSource.fixed();
    private final RecordingListener events = new RecordingListener();
    private final RestaurantId restaurant = RestaurantId.random();
    private final TimeWindow dinner = TimeWindow.of(
            Instant.parse("2030-01-01T19:00:00Z"), Instant.parse("2030-01-01T21:00:00Z"));

    private AllocationStore ledger;
    private FloorPlanStore floorPlan;
    private Zone zone;
    private TableId t1;
    private TableId t2;

    @BeforeEach
    void setUp() {
        InMemoryCapacity capacity = InMemoryCapacity.builder().clock(clock).listener(events).build();
        ledger = capacity.allocationStore();
        floorPlan = capacity.floorPlanStore();
        zone = floorPlan.createZone(restaurant, "Terrace", 1);
        t1 = floorPlan.createTable(restaurant, TableSpec.of(zone.id(), "T1", 2)).id();
        t2 = floorPlan.createTable(restaurant, TableSpec.of(zone.id(), "T2", 4)).id();
    }

    private Hold hold(BookingId booking, TimeWindow window, TableId... tables) {
        return ledger.placeHold(PlaceHoldRequest.builder(restaurant, window)
                .tables(tables).ttl(TTL).bookingId(booking).build());
    }

    @Test
    @DisplayName("a hold is placed, blocks others, and is confirmed in place, idempotently")
    void holdConflictConfirm() {
        BookingId booking = BookingId.random();
        Hold hold = hold(booking, dinner, t1);
        assertThat(hold.status()).isEqualTo(HoldStatus.ACTIVE);
        assertThat(hold.expiresAt()).isEqualTo(clock.instant().plus(TTL));

        HoldConflict conflict = catchThrowableOfType(HoldConflict.class,
                () -> hold(BookingId.random(), TimeWindow.starting(dinner.start().plusSeconds(3600),
                        Duration.ofHours(2)), t1));
        assertThat(conflict.blockers()).singleElement()
                .satisfies(b -> assertThat(b.holdId()).isEqualTo(hold.id()));
        // Touching windows do not overlap.
        ledger.releaseHold(restaurant, hold(BookingId.random(),
                TimeWindow.starting(dinner.end(), Duration.ofHours(1)), t1).id());

        clock.advance(Duration.ofMinutes(1));
        Confirmation confirmation = ledger.confirmHold(restaurant, hold.id(), booking);
        assertThat(confirmation.allocations()).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(AllocationKind.BOOKING);
            assertThat(a.tableId()).isEqualTo(t1);
        });
        assertThat(ledger.findHold(restaurant, hold.id())).get()
                .extracting(Hold::status).isEqualTo(HoldStatus.CONFIRMED);
        assertThat(ledger.activeHolds(restaurant)).isEmpty();

        clock.advance(Duration.ofHours(1)); // long past the hold's expiry: confirmed holds never expire
        assertThat(ledger.confirmHold(restaurant, hold.id(), booking)).isEqualTo(confirmation);
        assertThat(events.holdsExpired()).isEmpty();
    }

    @Test
    @DisplayName("a hold expires at expiresAt exactly, frees its table and is removed with one event")
    void expiry() {
        Hold hold = hold(BookingId.random(), dinner, t2);
        clock.advance(TTL);

        assertThat(ledger.findHold(restaurant, hold.id())).get()
                .extracting(Hold::status).isEqualTo(HoldStatus.EXPIRED);
        assertThat(ledger.activeHolds(restaurant)).isEmpty();
        assertThat(ledger.allocationsOfTables(restaurant, List.of(t2), dinner)).isEmpty();
        assertThatThrownBy(() -> ledger.confirmHold(restaurant, hold.id(), hold.bookingId()))
                .isInstanceOf(HoldExpired.class);

        Hold next = hold(BookingId.random(), dinner, t2);
        assertThat(next.status()).isEqualTo(HoldStatus.ACTIVE);
        assertThat(ledger.findHold(restaurant, hold.id())).isEmpty();
        assertThat(events.holdsExpired()).extracting(HoldExpiredEvent::holdId).containsExactly(hold.id());
    }

    @Test
    @DisplayName("a write that fails changes nothing, not even the expired holds it would have cleared")
    void failedWriteChangesNothing() {
        Hold expired = hold(BookingId.random(), dinner, t2);
        clock.advance(TTL.plusSeconds(1));
        ledger.assign(AssignRequest.of(restaurant, BookingId.random(), List.of(t1), dinner));
        floorPlan.linkTables(restaurant, t1, t2); // merged tables must be adjacent; only the booking is in the way

        assertThatThrownBy(() -> hold(BookingId.random(), dinner, t2, t1)).isInstanceOf(HoldConflict.class);
        assertThat(ledger.findHold(restaurant, expired.id())).isPresent();
        assertThat(events.holdsExpired()).isEmpty();
    }

    @Test
    @DisplayName("floor-plan edits bump the version and deleting a table consults the ledger")
    void floorPlanEdits() {
        long before = floorPlan.load(restaurant).version();
        assertThat(floorPlan.linkTables(restaurant, t2, t1)).isTrue();
        DiningTable renamed = floorPlan.updateTable(restaurant, t2, TableSpec.of(zone.id(), "T0", 4));
        assertThat(floorPlan.load(restaurant)).satisfies(plan -> {
            assertThat(plan.version()).isGreaterThan(before);
            assertThat(plan.adjacent(t1, t2)).isTrue();
            assertThat(plan.tables()).extracting(DiningTable::label).containsExactly("T0", "T1");
        });
        assertThat(renamed.label()).isEqualTo("T0");

        ledger.assign(AssignRequest.of(restaurant, BookingId.random(), List.of(t1), dinner));
        assertThatThrownBy(() -> floorPlan.deleteTable(restaurant, t1)).isInstanceOf(TableInUse.class);
        floorPlan.deleteTable(restaurant, t2);
        assertThat(floorPlan.load(restaurant).adjacency()).isEmpty();
    }

    @Test
    @DisplayName("of many concurrent holds on one table exactly one wins")
    void concurrentHolds() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> attempts = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                attempts.add(pool.submit(() -> {
                    try {
                        hold(BookingId.random(), dinner, t1);
                        return true;
                    } catch (HoldConflict e) {
                        return false;
                    }
                }));
            }
            int won = 0;
            for (Future<Boolean> attempt : attempts) {
                won += attempt.get(10, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
            assertThat(ledger.allocationsOfTables(restaurant, List.of(t1), dinner)).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("a listener that throws never breaks the operation")
    void failingListener() {
        CapacityListener failing = new CapacityListener() {
            @Override
            public void onHoldExpired(HoldExpiredEvent event) {
                throw new IllegalStateException("listener failure for the test");
            }
        };
        InMemoryCapacity capacity = InMemoryCapacity.builder().clock(clock).listener(failing).build();
        Zone zone = capacity.floorPlanStore().createZone(restaurant, "Hall", 0);
        TableId table = capacity.floorPlanStore().createTable(restaurant, TableSpec.of(zone.id(), "A", 2)).id();
        Hold hold = capacity.allocationStore().placeHold(PlaceHoldRequest.builder(restaurant, dinner)
                .tables(table).ttl(TTL).build());
        clock.advance(TTL);

        capacity.allocationStore().releaseHold(restaurant, hold.id());
        assertThat(capacity.allocationStore().findHold(restaurant, hold.id())).isEmpty();
    }

    @Test
    @DisplayName("the builder's pruner settings configure allocationPruner(), whose archive also keeps deleted tables' history")
    void prunerSettingsAndSharedArchive() {
        InMemoryCapacity capacity = InMemoryCapacity.builder().clock(clock).listener(events)
                .pruner(PrunerSettings.defaults().withRetention(Duration.ofDays(1))).build();
        FloorPlanStore plan = capacity.floorPlanStore();
        Zone main = plan.createZone(restaurant, "Main", 0);
        TableId kept = plan.createTable(restaurant, TableSpec.of(main.id(), "K1", 4)).id();
        TableId doomed = plan.createTable(restaurant, TableSpec.of(main.id(), "D1", 4)).id();
        BookingId onKept = BookingId.random();
        BookingId onDoomed = BookingId.random();
        capacity.allocationStore().assign(AssignRequest.of(restaurant, onKept, List.of(kept), dinner));
        capacity.allocationStore().assign(AssignRequest.of(restaurant, onDoomed, List.of(doomed), dinner));
        clock.set(dinner.end().plus(Duration.ofDays(2)));
        assertThat(capacity.allocationPruner()).isSameAs(capacity.allocationPruner());

        plan.deleteTable(restaurant, doomed);
        PruneResult result = capacity.allocationPruner().prune();

        assertThat(result.archived()).as("one day's retention, not the default 30").isEqualTo(1);
        assertThat(result.cutoff()).isEqualTo(clock.instant().minus(Duration.ofDays(1)));
        assertThat(capacity.allocationPruner(PrunerSettings.defaults()).preview().archived())
                .as("the table's history and the pruned booking share one archive").isEqualTo(2);
        assertThatThrownBy(() -> capacity.allocationPruner().restoreBooking(restaurant, onDoomed))
                .isInstanceOf(TableNotFound.class);
        assertThat(capacity.allocationPruner().restoreBooking(restaurant, onKept)).isEqualTo(1);
        assertThatThrownBy(() -> InMemoryCapacity.builder().pruner(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("pruner");
        assertThatThrownBy(() -> capacity.allocationPruner(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("settings");
    }

    @Test
    @DisplayName("the builder rejects a non-positive or null maximum hold lifetime by name")
    void builderValidation() {
        assertThatThrownBy(() -> InMemoryCapacity.builder().maxHoldLifetime(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxHoldLifetime");
        assertThatThrownBy(() -> InMemoryCapacity.builder().maxHoldLifetime(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("maxHoldLifetime");
    }
}
