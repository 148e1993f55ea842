package dev.capacity.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.capacity.api.Allocation;
import dev.capacity.api.AllocationKind;
import dev.capacity.api.AllocationStore;
import dev.capacity.api.AssignRequest;
import dev.capacity.api.Blocker;
import dev.capacity.api.BookingId;
import dev.capacity.api.FloorPlan;
import dev.capacity.api.FloorPlanStore;
import dev.capacity.api.Hold;
import dev.capacity.api.HoldId;
import dev.capacity.api.HoldStatus;
import dev.capacity.api.MaintenanceRequest;
import dev.capacity.api.PlaceHoldRequest;
import dev.capacity.api.RestaurantId;
import dev.capacity.api.TableId;
import dev.capacity.api.TableSpec;
import dev.capacity.api.TimeWindow;
import dev.capacity.api.ZoneId;
import dev.capacity.api.error.AllocationConflict;
import dev.capacity.api.error.CapacityError;
import dev.capacity.api.error.ErrorCode;
import dev.capacity.api.error.InvalidRequest;
import dev.capacity.api.event.AssignmentRejectedEvent;
import dev.capacity.api.event.CapacityListener;
import dev.capacity.api.event.HoldExpiredEvent;
import dev.capacity.testkit.time.MutableInstantSource;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jspecify.annotations.Nullable;

/**
 * Shared set-up and assertions of the contract suites: one harness built with the suite's settings, two fresh
 * restaurants, short-hands for ledger writes, and {@link #rejects} — the check that a rejected call wrote and
 * published nothing. Only the public API is used, so every implementation is tested the same way.
 */
final class ContractFixtures {

    /** The instant {@link MutableInstantSource#fixed()} starts at; every window of the suites lies on this day. */
    static final Instant START = Instant.parse("2030-01-01T12:00:00Z");
    static final Duration MAX_HOLD_LIFETIME = Duration.ofMinutes(30);
    static final Duration TTL = Duration.ofMinutes(10);
    static final Duration MICRO = Duration.ofNanos(1_000);
    /** A range that contains every window the suites write. */
    static final TimeWindow ALL_TIME =
            TimeWindow.of(START.minus(Duration.ofDays(400)), START.plus(Duration.ofDays(400)));
    /** The order of both ledger reads: window start, then table id, then allocation id. */
    static final Comparator<Allocation> LEDGER_ORDER = Comparator
            .comparing((Allocation a) -> a.window().start())
            .thenComparing(Allocation::tableId)
            .thenComparing(Allocation::id);

    /**
     * The seeded floor: zone "Main" of {@link #restaurant} with T1..T4 of 2/4/4/6 seats, every pair linked, and
     * table "T1" in zone "Main" of {@link #other}.
     */
    record Floor(ZoneId zone, TableId t1, TableId t2, TableId t3, TableId t4, TableId otherTable) {
    }

    final MutableInstantSource clock;
    final RecordingListener events;
    final AllocationStore ledger;
    final FloorPlanStore plans;
    final RestaurantId restaurant = RestaurantId.random();
    final RestaurantId other = RestaurantId.random();
    private final List<Hold> placed = new ArrayList<>();
    private volatile boolean listenerFails;

    ContractFixtures(MutableInstantSource clock, RecordingListener events,
            Function<HarnessSettings, CapacityHarness> factory) {
        this.clock = clock;
        this.events = events;
        // Records first, then throws when told to: proves a failing listener never breaks a write.
        CapacityListener listener = new CapacityListener() {
            @Override
            public void onHoldExpired(HoldExpiredEvent event) {
                events.onHoldExpired(event);
                if (listenerFails) {
                    throw new IllegalStateException("listener failure injected by the contract suite");
                }
            }

            @Override
            public void onAssignmentRejected(AssignmentRejectedEvent event) {
                events.onAssignmentRejected(event);
                if (listenerFails) {
                    throw new IllegalStateException("listener failure injected by the contract suite");
                }
            }
        };
        CapacityHarness harness = factory.apply(new HarnessSettings(clock, listener, MAX_HOLD_LIFETIME));
        this.ledger = harness.allocationStore();
        this.plans = harness.floorPlanStore();
    }

    /** Makes the listener throw (after recording) from now on. */
    void listenerFails(boolean fails) {
        listenerFails = fails;
    }

    /** Seeds the floor plans of both restaurants. */
    Floor seedFloor() {
        ZoneId main = plans.createZone(restaurant, "Main", 0).id();
        int[] seats = {2, 4, 4, 6};
        TableId[] t = new TableId[seats.length];
        for (int i = 0; i < seats.length; i++) {
            t[i] = plans.createTable(restaurant, TableSpec.of(main, "T" + (i + 1), seats[i])).id();
        }
        // Every pair adjacent, so that no multi-table selection of the suites could ever fail on adjacency.
        for (int i = 0; i < t.length; i++) {
            for (int j = i + 1; j < t.length; j++) {
                plans.linkTables(restaurant, t[i], t[j]);
            }
        }
        ZoneId theirs = plans.createZone(other, "Main", 0).id();
        TableId otherTable = plans.createTable(other, TableSpec.of(theirs, "T1", 4)).id();
        return new Floor(main, t[0], t[1], t[2], t[3], otherTable);
    }

    static Instant at(int hour, int minute) {
        return START.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(hour).plusMinutes(minute));
    }

    static TimeWindow window(int fromHour, int toHour) {
        return TimeWindow.of(at(fromHour, 0), at(toHour, 0));
    }

    // ---- ledger short-hands (all in {@link #restaurant} unless the request says otherwise) ----

    PlaceHoldRequest.Builder request(TimeWindow window, TableId... tables) {
        return PlaceHoldRequest.builder(restaurant, window).tables(tables).ttl(TTL);
    }

    /** Places a hold and remembers it, so that {@link #state()} also watches it. */
    Hold place(PlaceHoldRequest.Builder request) {
        Hold hold = ledger.placeHold(request.build());
        placed.add(hold);
        return hold;
    }

    Hold hold(@Nullable BookingId booking, TimeWindow window, TableId... tables) {
        return place(request(window, tables).bookingId(booking));
    }

    List<Allocation> assign(BookingId booking, TimeWindow window, TableId... tables) {
        return ledger.assign(AssignRequest.of(restaurant, booking, List.of(tables), window));
    }

    Allocation block(TableId table, TimeWindow window) {
        return ledger.blockTable(new MaintenanceRequest(restaurant, table, window, "maintenance", "contract-suite"));
    }

    List<Allocation> on(TimeWindow range, TableId... tables) {
        return ledger.allocationsOfTables(restaurant, List.of(tables), range);
    }

    List<Allocation> ofBooking(BookingId booking) {
        return ledger.allocationsOfBooking(restaurant, booking);
    }

    Optional<Hold> find(Hold hold) {
        return ledger.findHold(hold.restaurantId(), hold.id());
    }

    HoldStatus status(Hold hold) {
        return find(hold).orElseThrow(() -> new AssertionError("hold " + hold.id() + " is gone")).status();
    }

    List<HoldId> activeHoldIds() {
        return ledger.activeHolds(restaurant).stream().map(Hold::id).toList();
    }

    /** The blocker a conflict error must report for a live allocation. */
    Blocker blocker(Allocation a) {
        @Nullable Instant expiry = a.holdId() == null ? null
                : ledger.findHold(a.restaurantId(), a.holdId()).orElseThrow().expiresAt();
        return new Blocker(a.kind(), a.id(), a.tableId(), a.window(), a.bookingId(), a.holdId(), expiry);
    }

    /** The blockers for live allocations, in the order errors list them: table id, then window start. */
    List<Blocker> blockersOf(List<Allocation> allocations) {
        return allocations.stream()
                .sorted(Comparator.comparing(Allocation::tableId).thenComparing(a -> a.window().start()))
                .map(this::blocker)
                .toList();
    }

    // ---- assertions ----

    /**
     * Everything a rejected call could have changed: both restaurants' plans, live allocations and active holds,
     * every hold placed through {@link #place} (expired ones included), and the events published so far.
     */
    Object state() {
        List<Object> state = new ArrayList<>();
        for (RestaurantId r : List.of(restaurant, other)) {
            FloorPlan plan = plans.load(r);
            state.add(plan);
            state.add(ledger.allocationsOfTables(r, plan.tablesById().keySet(), ALL_TIME));
            state.add(ledger.activeHolds(r));
        }
        placed.forEach(h -> state.add(ledger.findHold(h.restaurantId(), h.id())));
        state.add(events.holdsExpired());
        return state;
    }

    /** Runs a call that must fail with {@code type}, and checks that it wrote and published nothing. */
    <E extends Throwable> E rejects(Class<E> type, ThrowingCallable call) {
        Object before = state();
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).as("expected %s", type.getSimpleName()).isInstanceOf(type);
        assertThat(state()).as("a rejected call must write and publish nothing").isEqualTo(before);
        return type.cast(thrown);
    }

    /** As {@link #rejects(Class, ThrowingCallable)}, also checking the error's code and HTTP status. */
    <E extends CapacityError> E rejects(Class<E> type, ErrorCode code, int status, ThrowingCallable call) {
        E error = rejects(type, call);
        assertThat(error.code()).isEqualTo(code);
        assertThat(error.httpStatus()).isEqualTo(status);
        assertThat(error.isRetryable()).isFalse();
        return error;
    }

    /** A conflict whose blockers are exactly the given live allocations, in the documented order. */
    <E extends AllocationConflict> E conflict(Class<E> type, ErrorCode code, List<Allocation> inTheWay,
            ThrowingCallable call) {
        E error = rejects(type, code, 409, call);
        assertThat(error.blockers()).isNotEmpty().containsExactlyElementsOf(blockersOf(inTheWay));
        return error;
    }

    /** A 400 naming the offending field. */
    InvalidRequest invalid(ErrorCode code, String field, ThrowingCallable call) {
        InvalidRequest error = rejects(InvalidRequest.class, code, 400, call);
        assertThat(error.field()).isEqualTo(field);
        return error;
    }

    /** A {@link NullPointerException} naming the null argument, with nothing written. */
    void npe(String argument, ThrowingCallable call) {
        assertThat(rejects(NullPointerException.class, call)).hasMessageContaining(argument);
    }

    static void assertExpiredEvent(HoldExpiredEvent event, Hold hold) {
        assertThat(event.holdId()).isEqualTo(hold.id());
        assertThat(event.restaurantId()).isEqualTo(hold.restaurantId());
        assertThat(event.bookingId()).isEqualTo(hold.bookingId());
        assertThat(event.tableIds()).containsExactlyInAnyOrderElementsOf(hold.tableIds());
        assertThat(event.window()).isEqualTo(hold.window());
        assertThat(event.expiredAt()).isEqualTo(hold.expiresAt());
    }

    static void assertBookingAllocation(Allocation a, BookingId booking, TimeWindow window) {
        assertThat(a.kind()).isEqualTo(AllocationKind.BOOKING);
        assertThat(a.bookingId()).isEqualTo(booking);
        assertThat(a.holdId()).isNull();
        assertThat(a.window()).isEqualTo(window);
    }

    /** Equal holds, except that a read may list the tables in another order than the request did. */
    static void assertSameHold(Hold actual, Hold expected) {
        assertThat(actual).usingRecursiveComparison().ignoringFields("tableIds").isEqualTo(expected);
        assertThat(actual.tableIds()).containsExactlyInAnyOrderElementsOf(expected.tableIds());
    }
}
