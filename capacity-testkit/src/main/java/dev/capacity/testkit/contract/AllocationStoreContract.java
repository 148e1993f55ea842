package dev.capacity.testkit.contract;

import static dev.capacity.api.AllocationKind.*;
import static dev.capacity.api.HoldStatus.*;
import static dev.capacity.api.error.ErrorCode.*;
import static dev.capacity.testkit.contract.ContractFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.capacity.api.*;
import dev.capacity.api.error.*;
import dev.capacity.testkit.time.MutableInstantSource;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link AllocationStore} meets: holds, the ledger, expiry, conflicts, tenant isolation and
 * errors, as the interface's javadoc and the ledger semantics pin them. The in-memory fake and the PostgreSQL
 * implementation both pass it; a host's own implementation or decorator can too.
 *
 * <p>To run it, extend it and build the implementation under test from the given settings. The suite calls
 * {@link #createHarness} before every test and works in fresh random restaurants, so a shared database needs no
 * cleaning between tests. Time moves only through {@link HarnessSettings#clock()}: the implementation must take
 * every "now" from it, publish its events to {@link HarnessSettings#listener()} and cap hold lifetimes at
 * {@link HarnessSettings#maxHoldLifetime()}.
 *
 * <pre>{@code
 * class MyAllocationStoreTest extends AllocationStoreContract {
 *     @Override
 *     protected CapacityHarness createHarness(HarnessSettings settings) {
 *         MyCapacity capacity = MyCapacity.builder(dataSource)
 *                 .clock(settings.clock())
 *                 .listener(settings.listener())
 *                 .maxHoldLifetime(settings.maxHoldLifetime())
 *                 .build();
 *         return new CapacityHarness() {
 *             public AllocationStore allocationStore() { return capacity.allocationStore(); }
 *             public FloorPlanStore floorPlanStore() { return capacity.floorPlanStore(); }
 *         };
 *     }
 * }
 * }</pre>
 */
public abstract class AllocationStoreContract {

    private ContractFixtures fx;
    private AllocationStore store;
    private MutableInstantSource clock;
    private RecordingListener events;
    private RestaurantId restaurant;
    private TableId t1, t2, t3, t4, otherTable;
    private final BookingId b1 = BookingId.random(), b2 = BookingId.random(), b3 = BookingId.random();
    private final TimeWindow dinner = window(19, 21);

    /**
     * Builds the implementation under test; called before every test.
     *
     * @param settings the clock, listener and lifetime cap it must use
     * @return its stores
     */
    protected abstract CapacityHarness createHarness(HarnessSettings settings);

    @BeforeEach
    void setUpAllocationStoreContract() {
        clock = MutableInstantSource.fixed();
        events = new RecordingListener();
        fx = new ContractFixtures(clock, events, this::createHarness);
        store = fx.ledger;
        restaurant = fx.restaurant;
        Floor floor = fx.seedFloor();
        t1 = floor.t1();
        t2 = floor.t2();
        t3 = floor.t3();
        t4 = floor.t4();
        otherTable = floor.otherTable();
    }

    @Nested
    @DisplayName("placing a hold")
    public class PlacingHolds {

        @Test
        @DisplayName("a new hold is active, expires at now + ttl, carries the request and holds each table once")
        public void newHold() {
            long version = fx.plans.load(restaurant).version();
            Hold hold = fx.place(fx.request(dinner, t2, t1).bookingId(b1).partySize(5).createdBy("host-app"));
            assertThat(hold).extracting(Hold::restaurantId, Hold::bookingId, Hold::tableIds, Hold::window,
                    Hold::createdAt, Hold::expiresAt, Hold::createdBy, Hold::floorPlanVersion, Hold::status,
                    Hold::confirmedBookingId).containsExactly(restaurant, b1, List.of(t2, t1), dinner,
                    START, START.plus(TTL), "host-app", version, ACTIVE, null);
            assertSameHold(fx.find(hold).orElseThrow(), hold);
            assertThat(fx.activeHoldIds()).containsExactly(hold.id());
            List<Allocation> held = fx.on(dinner, t1, t2, t3);
            assertThat(held).extracting(Allocation::restaurantId, Allocation::tableId, Allocation::kind,
                    Allocation::holdId, Allocation::bookingId, Allocation::window, Allocation::createdBy)
                    .containsExactlyInAnyOrder(tuple(restaurant, t1, HOLD, hold.id(), b1, dinner, "host-app"),
                            tuple(restaurant, t2, HOLD, hold.id(), b1, dinner, "host-app"));
            assertThat(fx.ofBooking(b1)).containsExactlyElementsOf(held);
            assertThat(events.holdsExpired()).isEmpty();
        }

        @Test
        @DisplayName("metadata and author survive the round trip, unicode and SQL-looking text included")
        public void metadataRoundTrip() {
            Map<String, String> metadata = Map.of("note", "Grüße 🎉 日本語 — ½", "sql", "'); DROP TABLE holds; --",
                    "json", "{\"a\": [1, null], \"b\": \"\\\\\"}", "ключ", "значение");
            String author = "O'Brien\"; DELETE FROM allocations; --";
            PlaceHoldRequest.Builder request = fx.request(dinner, t1).createdBy(author);
            metadata.forEach(request::metadata);
            Hold hold = fx.place(request);
            assertThat(hold.metadata()).isEqualTo(metadata);
            assertThat(fx.find(hold).orElseThrow()).extracting(Hold::metadata, Hold::createdBy)
                    .containsExactly(metadata, author);
            assertThat(fx.on(dinner, t1)).singleElement().extracting(Allocation::createdBy).isEqualTo(author);
        }

        @Test
        @DisplayName("instants are truncated to microseconds")
        public void microsecondPrecision() {
            clock.set(START.plusNanos(123_456_789));
            Hold hold = fx.hold(b1, dinner, t1);
            Instant now = START.plusNanos(123_456_000);
            assertThat(hold.createdAt()).isEqualTo(now);
            assertThat(hold.expiresAt()).isEqualTo(now.plus(TTL));
            assertThat(fx.find(hold).orElseThrow().expiresAt()).isEqualTo(now.plus(TTL));
        }
    }

    @Nested
    @DisplayName("conflicts")
    public class Conflicts {

        @Test
        @DisplayName("another booking's hold in an overlapping window is a HoldConflict naming the hold and its expiry")
        public void heldTable() {
            Hold first = fx.hold(b1, dinner, t1);
            Allocation held = fx.on(dinner, t1).get(0);
            HoldConflict e = fx.conflict(HoldConflict.class, HOLD_CONFLICT, List.of(held),
                    () -> fx.hold(b2, window(20, 22), t1, t2));
            assertThat(e.blockers()).containsExactly(
                    new Blocker(HOLD, held.id(), t1, dinner, b1, first.id(), first.expiresAt()));
        }

        @Test
        @DisplayName("a booked or blocked table cannot be held: the HoldConflict names the booking or the block")
        public void bookedOrBlockedTable() {
            Allocation booked = fx.assign(b1, dinner, t1).get(0);
            Allocation blocked = fx.block(t2, dinner);
            HoldConflict e = fx.conflict(HoldConflict.class, HOLD_CONFLICT, List.of(booked),
                    () -> fx.hold(b2, dinner, t1));
            assertThat(e.blockers()).containsExactly(new Blocker(BOOKING, booked.id(), t1, dinner, b1, null, null));
            e = fx.conflict(HoldConflict.class, HOLD_CONFLICT, List.of(blocked), () -> fx.hold(null, dinner, t2));
            assertThat(e.blockers())
                    .containsExactly(new Blocker(MAINTENANCE, blocked.id(), t2, dinner, null, null, null));
        }

        @Test
        @DisplayName("every blocker is named, ordered by table id, then window start")
        public void allBlockersInOrder() {
            fx.hold(b1, window(20, 21), t1);
            fx.hold(b2, window(19, 20), t1);
            fx.assign(b3, window(18, 22), t2);
            fx.block(t3, window(19, 20));
            List<Allocation> inTheWay = fx.on(dinner, t1, t2, t3);
            assertThat(inTheWay).hasSize(4);
            fx.conflict(HoldConflict.class, HOLD_CONFLICT, inTheWay, () -> fx.hold(null, dinner, t3, t2, t1, t4));
        }

        @Test
        @DisplayName("touching windows and other tables do not conflict, one microsecond of overlap does")
        public void touchingWindows() {
            fx.hold(b1, dinner, t1);
            fx.hold(b2, window(21, 23), t1);
            fx.assign(b3, window(17, 19), t1);
            fx.hold(null, dinner, t2, t3);
            assertThat(fx.on(window(17, 23), t1, t2, t3)).hasSize(5);
            TimeWindow overlapping = TimeWindow.of(at(21, 0).minus(MICRO), at(22, 0));
            fx.conflict(HoldConflict.class, HOLD_CONFLICT, fx.on(overlapping, t1),
                    () -> fx.hold(null, overlapping, t1));
        }
    }

    @Nested
    @DisplayName("expiry")
    public class Expiry {

        @Test
        @DisplayName("a hold is active until one microsecond before its expiry and occupies its tables")
        public void activeUntilExpiry() {
            Hold hold = fx.hold(b1, dinner, t1);
            clock.set(hold.expiresAt().minus(MICRO));
            assertThat(fx.status(hold)).isEqualTo(ACTIVE);
            assertThat(fx.activeHoldIds()).containsExactly(hold.id());
            assertThat(fx.on(dinner, t1)).hasSize(1);
            assertThat(fx.ofBooking(b1)).hasSize(1);
        }

        @Test
        @DisplayName("a hold whose expiry equals now is expired, and every read treats its tables as free")
        public void expiredAtExpiry() {
            Hold hold = fx.hold(b1, dinner, t1, t2);
            clock.set(hold.expiresAt());
            assertThat(fx.status(hold)).isEqualTo(EXPIRED);
            assertThat(store.activeHolds(restaurant)).isEmpty();
            assertThat(fx.on(dinner, t1, t2)).isEmpty();
            assertThat(fx.ofBooking(b1)).isEmpty();
        }

        @Test
        @DisplayName("an expired hold never blocks a new hold, and clearing it publishes exactly one event")
        public void expiredHoldNeverBlocks() {
            Hold expired = fx.hold(b1, dinner, t1, t2);
            clock.advance(TTL);
            assertThat(fx.hold(b2, window(20, 22), t1).status()).isEqualTo(ACTIVE);
            assertThat(fx.find(expired)).isEmpty();
            fx.hold(b3, dinner, t2);
            assertThat(events.holdsExpired()).singleElement().satisfies(e -> assertExpiredEvent(e, expired));
        }

        @Test
        @DisplayName("a write rejected for another reason leaves expired holds in place and publishes nothing")
        public void rejectedWriteKeepsExpiredHolds() {
            Hold expired = fx.hold(b1, dinner, t1);
            clock.advance(TTL);
            List<Allocation> booked = fx.assign(b2, dinner, t2);
            fx.conflict(HoldConflict.class, HOLD_CONFLICT, booked, () -> fx.hold(b3, dinner, t1, t2));
            assertThat(fx.status(expired)).isEqualTo(EXPIRED);
        }

        @Test
        @DisplayName("a listener that throws never breaks the write that cleared the hold")
        public void failingListener() {
            Hold expired = fx.hold(b1, dinner, t1);
            clock.advance(TTL);
            fx.listenerFails(true);
            Hold next = fx.hold(b2, dinner, t1);
            assertThat(fx.find(next)).isPresent();
            assertThat(fx.find(expired)).isEmpty();
            assertThat(events.holdsExpired()).hasSize(1);
        }
    }

    @Nested
    @DisplayName("a booking's own holds and allocations")
    public class OwnBooking {

        @Test
        @DisplayName("a booking's new hold replaces its previous one, which never conflicts with it")
        public void newHoldReplacesPrevious() {
            Hold first = fx.hold(b1, dinner, t1);
            Hold second = fx.hold(b1, dinner, t1, t2);
            assertThat(fx.find(first)).isEmpty();
            assertThat(fx.activeHoldIds()).containsExactly(second.id());
            assertThat(fx.ofBooking(b1)).hasSize(2).extracting(Allocation::holdId).containsOnly(second.id());
            assertThat(events.holdsExpired()).isEmpty();
        }

        @Test
        @DisplayName("replacing an expired previous hold publishes its event")
        public void replacingExpiredHold() {
            Hold first = fx.hold(b1, window(13, 14), t3);
            clock.advance(TTL);
            fx.hold(b1, dinner, t1);
            assertThat(fx.find(first)).isEmpty();
            assertThat(events.holdsExpired()).singleElement().satisfies(e -> assertExpiredEvent(e, first));
        }

        @Test
        @DisplayName("a hold of a seated booking covers only the tables it does not occupy yet")
        public void holdSkipsOccupiedTables() {
            Allocation seated = fx.assign(b1, dinner, t1).get(0);
            Hold hold = fx.hold(b1, dinner, t1, t2);
            assertThat(hold.tableIds()).containsExactly(t1, t2);
            assertThat(fx.on(dinner, t1)).containsExactly(seated);
            assertThat(fx.on(dinner, t2)).extracting(Allocation::kind, Allocation::holdId)
                    .containsExactly(tuple(HOLD, hold.id()));
        }
    }

    @Nested
    @DisplayName("confirming a hold")
    public class Confirming {

        @Test
        @DisplayName("confirming turns the hold's allocations into booking allocations in place")
        public void confirmInPlace() {
            Hold hold = fx.hold(null, dinner, t2, t1);
            List<AllocationId> ids = fx.on(dinner, t1, t2).stream().map(Allocation::id).toList();
            Instant now = clock.advance(Duration.ofMinutes(3));
            Confirmation c = store.confirmHold(restaurant, hold.id(), b1);
            assertThat(c).extracting(Confirmation::holdId, Confirmation::bookingId, Confirmation::confirmedAt)
                    .containsExactly(hold.id(), b1, now);
            assertThat(c.allocations()).extracting(Allocation::id).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(c.allocations()).extracting(Allocation::tableId).isSorted();
            assertThat(c.allocations()).allSatisfy(a -> assertBookingAllocation(a, b1, dinner));
            assertThat(fx.find(hold).orElseThrow()).extracting(Hold::status, Hold::confirmedBookingId)
                    .containsExactly(CONFIRMED, b1);
            assertThat(store.activeHolds(restaurant)).isEmpty();
            assertThat(fx.ofBooking(b1)).containsExactlyElementsOf(c.allocations());
        }

        @Test
        @DisplayName("confirming again for the same booking returns an equal confirmation and changes nothing")
        public void idempotent() {
            Hold hold = fx.hold(b1, dinner, t1);
            Confirmation first = store.confirmHold(restaurant, hold.id(), b1);
            clock.advance(TTL.multipliedBy(2));
            Object before = fx.state();
            assertThat(store.confirmHold(restaurant, hold.id(), b1)).isEqualTo(first);
            assertThat(fx.state()).isEqualTo(before);
            assertThat(fx.status(hold)).isEqualTo(CONFIRMED);
        }

        @Test
        @DisplayName("a hold placed or confirmed for another booking is a HoldBookingMismatch")
        public void otherBooking() {
            Hold confirmedForB1 = fx.hold(null, dinner, t2);
            store.confirmHold(restaurant, confirmedForB1.id(), b1);
            Hold placedForB1 = fx.hold(b1, dinner, t1);
            for (Hold hold : List.of(placedForB1, confirmedForB1)) {
                HoldBookingMismatch e = fx.rejects(HoldBookingMismatch.class, HOLD_BOOKING_MISMATCH, 409,
                        () -> store.confirmHold(restaurant, hold.id(), b2));
                assertThat(e).extracting(HoldBookingMismatch::holdId, HoldBookingMismatch::holdBookingId,
                        HoldBookingMismatch::requestedBookingId).containsExactly(hold.id(), b1, b2);
            }
        }

        @Test
        @DisplayName("an expired hold cannot be confirmed, and confirming leaves it in place")
        public void expired() {
            Hold hold = fx.hold(b1, dinner, t1);
            clock.set(hold.expiresAt());
            HoldExpired e = fx.rejects(HoldExpired.class, HOLD_EXPIRED, 409,
                    () -> store.confirmHold(restaurant, hold.id(), b1));
            assertThat(e).extracting(HoldExpired::holdId, HoldExpired::expiredAt)
                    .containsExactly(hold.id(), hold.expiresAt());
            assertThat(fx.status(hold)).isEqualTo(EXPIRED);
        }

        @Test
        @DisplayName("one microsecond before its expiry a hold can still be confirmed")
        public void justBeforeExpiry() {
            Hold hold = fx.hold(b1, dinner, t1);
            clock.set(hold.expiresAt().minus(MICRO));
            assertThat(store.confirmHold(restaurant, hold.id(), b1).allocations()).hasSize(1);
            assertThat(fx.status(hold)).isEqualTo(CONFIRMED);
        }

        @Test
        @DisplayName("confirming an unknown or released hold is HoldNotFound")
        public void unknown() {
            Hold released = fx.hold(b1, dinner, t1);
            store.releaseHold(restaurant, released.id());
            for (HoldId id : List.of(HoldId.random(), released.id())) {
                assertThat(fx.rejects(HoldNotFound.class, HOLD_NOT_FOUND, 404,
                        () -> store.confirmHold(restaurant, id, b1)).holdId()).isEqualTo(id);
            }
        }

        @Test
        @DisplayName("confirming moves the booking: its earlier allocations are replaced")
        public void moves() {
            fx.assign(b1, window(18, 20), t1);
            Hold hold = fx.hold(b1, dinner, t3);
            store.confirmHold(restaurant, hold.id(), b1);
            assertThat(fx.ofBooking(b1)).extracting(Allocation::tableId, Allocation::window)
                    .containsExactly(tuple(t3, dinner));
            assertThat(fx.on(ALL_TIME, t1)).isEmpty();
        }

        @Test
        @DisplayName("confirming keeps the booking's matching allocations and converts the held ones")
        public void keepsMatchingAllocations() {
            Allocation seated = fx.assign(b1, dinner, t1).get(0);
            Hold hold = fx.hold(b1, dinner, t1, t2);
            Allocation held = fx.on(dinner, t2).get(0);
            Confirmation c = store.confirmHold(restaurant, hold.id(), b1);
            assertThat(c.allocations()).extracting(Allocation::id).containsExactlyInAnyOrder(seated.id(), held.id());
            assertThat(c.allocations()).allSatisfy(a -> assertBookingAllocation(a, b1, dinner));
        }

        @Test
        @DisplayName("a table the hold skipped and another booking took meanwhile is a BookingConflict")
        public void skippedTableTaken() {
            fx.assign(b1, dinner, t1);
            Hold hold = fx.hold(b1, dinner, t1, t2);
            store.unassign(restaurant, b1);
            List<Allocation> taken = fx.assign(b2, dinner, t1);
            fx.conflict(BookingConflict.class, BOOKING_CONFLICT, taken,
                    () -> store.confirmHold(restaurant, hold.id(), b1));
            assertThat(fx.status(hold)).isEqualTo(ACTIVE);
        }
    }

    @Nested
    @DisplayName("releasing a hold")
    public class Releasing {

        @Test
        @DisplayName("releasing a hold frees its tables at once, without an event")
        public void freesTables() {
            Hold hold = fx.hold(b1, dinner, t1, t2);
            store.releaseHold(restaurant, hold.id());
            assertThat(fx.find(hold)).isEmpty();
            assertThat(fx.on(dinner, t1, t2)).isEmpty();
            assertThat(fx.ofBooking(b1)).isEmpty();
            assertThat(store.activeHolds(restaurant)).isEmpty();
            fx.hold(b2, dinner, t1, t2);
            assertThat(events.holdsExpired()).isEmpty();
        }

        @Test
        @DisplayName("releasing an unknown or already released hold is HoldNotFound")
        public void unknown() {
            Hold hold = fx.hold(b1, dinner, t1);
            store.releaseHold(restaurant, hold.id());
            for (HoldId id : List.of(HoldId.random(), hold.id())) {
                assertThat(fx.rejects(HoldNotFound.class, HOLD_NOT_FOUND, 404,
                        () -> store.releaseHold(restaurant, id)).holdId()).isEqualTo(id);
            }
        }

        @Test
        @DisplayName("a confirmed hold cannot be released: HoldAlreadyConfirmed names its booking")
        public void confirmed() {
            Hold hold = fx.hold(null, dinner, t1);
            store.confirmHold(restaurant, hold.id(), b1);
            HoldAlreadyConfirmed e = fx.rejects(HoldAlreadyConfirmed.class, HOLD_ALREADY_CONFIRMED, 409,
                    () -> store.releaseHold(restaurant, hold.id()));
            assertThat(e).extracting(HoldAlreadyConfirmed::holdId, HoldAlreadyConfirmed::bookingId)
                    .containsExactly(hold.id(), b1);
        }

        @Test
        @DisplayName("releasing an expired hold removes it and publishes its event")
        public void expired() {
            Hold hold = fx.hold(b1, dinner, t1, t2);
            clock.set(hold.expiresAt().plus(Duration.ofMinutes(1)));
            store.releaseHold(restaurant, hold.id());
            assertThat(fx.find(hold)).isEmpty();
            assertThat(events.holdsExpired()).singleElement().satisfies(e -> assertExpiredEvent(e, hold));
        }
    }

    @Nested
    @DisplayName("extending a hold")
    public class Extending {

        @Test
        @DisplayName("extending adds to the expiry, and the hold outlives its old expiry")
        public void addsToExpiry() {
            Hold hold = fx.hold(b1, dinner, t1);
            clock.advance(Duration.ofMinutes(4));
            Hold extended = store.extendHold(restaurant, hold.id(), Duration.ofMinutes(5));
            assertThat(extended).extracting(Hold::expiresAt, Hold::createdAt, Hold::status)
                    .containsExactly(hold.expiresAt().plus(Duration.ofMinutes(5)), hold.createdAt(), ACTIVE);
            clock.set(hold.expiresAt());
            assertThat(fx.find(hold).orElseThrow()).extracting(Hold::expiresAt, Hold::status)
                    .containsExactly(extended.expiresAt(), ACTIVE);
            assertThat(fx.on(dinner, t1)).hasSize(1);
        }

        @Test
        @DisplayName("a total lifetime equal to the cap is allowed, one microsecond more is a HoldExtensionLimit")
        public void lifetimeCap() {
            Hold hold = fx.hold(b1, dinner, t1);
            Instant cap = hold.createdAt().plus(MAX_HOLD_LIFETIME);
            store.extendHold(restaurant, hold.id(), Duration.ofMinutes(15));
            HoldExtensionLimit e = fx.rejects(HoldExtensionLimit.class, HOLD_EXTENSION_LIMIT, 422,
                    () -> store.extendHold(restaurant, hold.id(), Duration.ofMinutes(5).plus(MICRO)));
            assertThat(e).extracting(HoldExtensionLimit::holdId, HoldExtensionLimit::requestedExpiry,
                    HoldExtensionLimit::latestAllowedExpiry).containsExactly(hold.id(), cap.plus(MICRO), cap);
            assertThat(fx.find(hold).orElseThrow().expiresAt()).isEqualTo(cap.minus(Duration.ofMinutes(5)));
            assertThat(store.extendHold(restaurant, hold.id(), Duration.ofMinutes(5)).expiresAt()).isEqualTo(cap);
        }

        @Test
        @DisplayName("an expired hold cannot be extended")
        public void expired() {
            Hold hold = fx.hold(b1, dinner, t1);
            clock.set(hold.expiresAt());
            HoldExpired e = fx.rejects(HoldExpired.class, HOLD_EXPIRED, 409,
                    () -> store.extendHold(restaurant, hold.id(), Duration.ofMinutes(1)));
            assertThat(e).extracting(HoldExpired::holdId, HoldExpired::expiredAt)
                    .containsExactly(hold.id(), hold.expiresAt());
        }

        @Test
        @DisplayName("a zero or negative extension is INVALID_TTL, even for an unknown hold")
        public void nonPositive() {
            Hold hold = fx.hold(b1, dinner, t1);
            fx.invalid(INVALID_TTL, "extension", () -> store.extendHold(restaurant, hold.id(), Duration.ZERO));
            fx.invalid(INVALID_TTL, "extension", () -> store.extendHold(restaurant, hold.id(), Duration.ofMinutes(-1)));
            fx.invalid(INVALID_TTL, "extension", () -> store.extendHold(restaurant, HoldId.random(), Duration.ZERO));
        }

        @Test
        @DisplayName("an unknown hold is HoldNotFound, a confirmed one HoldAlreadyConfirmed")
        public void unknownOrConfirmed() {
            HoldId unknown = HoldId.random();
            fx.rejects(HoldNotFound.class, HOLD_NOT_FOUND, 404, () -> store.extendHold(restaurant, unknown, TTL));
            Hold hold = fx.hold(b1, dinner, t1);
            store.confirmHold(restaurant, hold.id(), b1);
            assertThat(fx.rejects(HoldAlreadyConfirmed.class, HOLD_ALREADY_CONFIRMED, 409,
                    () -> store.extendHold(restaurant, hold.id(), Duration.ofMinutes(1))).bookingId()).isEqualTo(b1);
        }
    }

    @Nested
    @DisplayName("assigning tables directly")
    public class Assigning {

        @Test
        @DisplayName("assigning seats the booking at exactly the selection")
        public void seats() {
            List<Allocation> seated = store.assign(AssignRequest.of(restaurant, b1, List.of(t3, t2), dinner)
                    .withPartySize(6).withCreatedBy("maître d'"));
            assertThat(seated).extracting(Allocation::tableId).containsExactlyInAnyOrder(t2, t3).isSorted();
            assertThat(seated).allSatisfy(a -> assertBookingAllocation(a, b1, dinner))
                    .extracting(Allocation::createdBy, Allocation::slackOverride)
                    .containsOnly(tuple("maître d'", null));
            assertThat(fx.ofBooking(b1)).containsExactlyElementsOf(seated);
            assertThat(fx.on(dinner, t2, t3)).containsExactlyElementsOf(seated);
        }

        @Test
        @DisplayName("assigning again moves the booking; tables kept in the same window keep their allocation")
        public void moves() {
            List<Allocation> first = fx.assign(b1, dinner, t1, t2);
            AllocationId onT2 = first.stream().filter(a -> a.tableId().equals(t2)).findFirst().orElseThrow().id();
            List<Allocation> moved = fx.assign(b1, dinner, t2, t3);
            assertThat(moved).extracting(Allocation::tableId).containsExactlyInAnyOrder(t2, t3);
            assertThat(moved).extracting(Allocation::id).contains(onT2);
            assertThat(fx.on(ALL_TIME, t1)).isEmpty();
            List<Allocation> later = fx.assign(b1, window(20, 22), t3);
            assertThat(later).singleElement().satisfies(a -> assertBookingAllocation(a, b1, window(20, 22)));
            assertThat(fx.ofBooking(b1)).containsExactlyElementsOf(later);
        }

        @Test
        @DisplayName("another booking in the way is a BookingConflict listing every blocker, holds and blocks included")
        public void bookingConflict() {
            fx.assign(b2, dinner, t1);
            fx.hold(b3, dinner, t2);
            fx.block(t3, dinner);
            fx.conflict(BookingConflict.class, BOOKING_CONFLICT, fx.on(dinner, t1, t2, t3),
                    () -> fx.assign(b1, dinner, t1, t2, t3, t4));
        }

        @Test
        @DisplayName("without bookings in the way, a hold makes a HoldConflict and maintenance alone TableOutOfService")
        public void holdOrMaintenanceConflict() {
            fx.hold(b3, dinner, t2);
            fx.block(t3, dinner);
            fx.conflict(HoldConflict.class, HOLD_CONFLICT, fx.on(dinner, t2, t3), () -> fx.assign(b1, dinner, t2, t3));
            fx.conflict(TableOutOfService.class, TABLE_OUT_OF_SERVICE, fx.on(dinner, t3),
                    () -> fx.assign(b1, dinner, t3, t4));
        }

        @Test
        @DisplayName("assigning releases the booking's own holds and clears expired holds in its way")
        public void releasesOwnHold() {
            Hold active = fx.hold(b1, dinner, t1, t2);
            Hold expiredOfOther = fx.place(fx.request(dinner, t3).bookingId(b2).ttl(Duration.ofMinutes(1)));
            clock.advance(Duration.ofMinutes(1));
            fx.assign(b1, dinner, t1, t3);
            assertThat(fx.find(active)).isEmpty();
            assertThat(fx.on(dinner, t1, t2, t3)).extracting(Allocation::tableId, Allocation::kind)
                    .containsExactlyInAnyOrder(tuple(t1, BOOKING), tuple(t3, BOOKING));
            assertThat(events.holdsExpired()).singleElement().satisfies(e -> assertExpiredEvent(e, expiredOfOther));
        }

        @Test
        @DisplayName("a slack override is recorded on every allocation")
        public void slackOverride() {
            SlackOverride override = new SlackOverride("regulars want the big table", "manager Ana");
            store.assign(AssignRequest.of(restaurant, b1, List.of(t4), dinner)
                    .withPartySize(1).withSlackOverride(override));
            assertThat(fx.ofBooking(b1)).singleElement().extracting(Allocation::slackOverride).isEqualTo(override);
        }
    }

    @Nested
    @DisplayName("unassigning a booking")
    public class Unassigning {

        @Test
        @DisplayName("unassigning removes the booking's allocations, counts them and frees the tables")
        public void removes() {
            fx.assign(b1, dinner, t1, t2);
            assertThat(store.unassign(restaurant, b1)).isEqualTo(2);
            assertThat(fx.ofBooking(b1)).isEmpty();
            assertThat(fx.on(dinner, t1, t2)).isEmpty();
            fx.assign(b2, dinner, t1, t2);
            assertThat(store.unassign(restaurant, b1)).isZero();
        }

        @Test
        @DisplayName("unassigning leaves the booking's hold alone")
        public void keepsHold() {
            fx.assign(b1, dinner, t1);
            Hold hold = fx.hold(b1, window(21, 23), t2);
            assertThat(store.unassign(restaurant, b1)).isEqualTo(1);
            assertThat(fx.status(hold)).isEqualTo(ACTIVE);
            assertThat(fx.ofBooking(b1)).extracting(Allocation::holdId).containsExactly(hold.id());
        }
    }

    @Nested
    @DisplayName("maintenance blocks")
    public class Maintenance {

        @Test
        @DisplayName("blocking a table writes a maintenance allocation; unblocking deletes it once")
        public void blockAndUnblock() {
            Allocation block = store.blockTable(
                    new MaintenanceRequest(restaurant, t1, dinner, "wobbly leg", "facilities"));
            assertThat(block).extracting(Allocation::restaurantId, Allocation::tableId, Allocation::kind,
                    Allocation::window, Allocation::note, Allocation::createdBy, Allocation::bookingId,
                    Allocation::holdId)
                    .containsExactly(restaurant, t1, MAINTENANCE, dinner, "wobbly leg", "facilities", null, null);
            assertThat(fx.on(dinner, t1)).containsExactly(block);
            assertThat(store.unblockTable(restaurant, block.id())).isTrue();
            assertThat(fx.on(dinner, t1)).isEmpty();
            assertThat(store.unblockTable(restaurant, block.id())).isFalse();
            fx.hold(b1, dinner, t1);
        }

        @Test
        @DisplayName("unblocking an unknown id or a booking's allocation returns false and changes nothing")
        public void unblockOnlyMaintenance() {
            Allocation booked = fx.assign(b1, dinner, t1).get(0);
            Object before = fx.state();
            assertThat(store.unblockTable(restaurant, AllocationId.random())).isFalse();
            assertThat(store.unblockTable(restaurant, booked.id())).isFalse();
            assertThat(fx.state()).isEqualTo(before);
        }

        @Test
        @DisplayName("blocking over a block is TableOutOfService, a booking BookingConflict, a hold HoldConflict")
        public void conflicts() {
            List<Allocation> blocked = List.of(fx.block(t1, dinner));
            List<Allocation> booked = fx.assign(b1, dinner, t2);
            fx.hold(b2, dinner, t3);
            fx.conflict(TableOutOfService.class, TABLE_OUT_OF_SERVICE, blocked, () -> fx.block(t1, window(20, 22)));
            fx.conflict(BookingConflict.class, BOOKING_CONFLICT, booked, () -> fx.block(t2, dinner));
            fx.conflict(HoldConflict.class, HOLD_CONFLICT, fx.on(dinner, t3), () -> fx.block(t3, dinner));
        }

        @Test
        @DisplayName("blocking an unknown table or another restaurant's table is TableNotFound")
        public void unknownTable() {
            for (TableId table : List.of(TableId.random(), otherTable)) {
                TableNotFound e = fx.rejects(TableNotFound.class, TABLE_NOT_FOUND, 404, () -> fx.block(table, dinner));
                assertThat(e.tableId()).isEqualTo(table);
            }
        }
    }

    @Nested
    @DisplayName("reads")
    public class Reads {

        @Test
        @DisplayName("allocationsOfTables returns overlapping live allocations by window start, then table id")
        public void tablesInOrder() {
            fx.assign(b1, window(20, 21), t3, t1, t2);
            fx.hold(b2, window(18, 19), t4);
            fx.block(t2, window(19, 20));
            List<Allocation> all = fx.on(window(17, 22), t1, t2, t3, t4);
            assertThat(all).hasSize(5).isSortedAccordingTo(LEDGER_ORDER);
            assertThat(all).extracting(Allocation::kind).containsExactly(HOLD, MAINTENANCE, BOOKING, BOOKING, BOOKING);
        }

        @Test
        @DisplayName("ranges are half-open, and unknown or no tables match nothing")
        public void halfOpenRanges() {
            fx.assign(b1, dinner, t1);
            assertThat(fx.on(window(21, 22), t1)).isEmpty();
            assertThat(fx.on(window(17, 19), t1)).isEmpty();
            assertThat(fx.on(TimeWindow.of(at(21, 0).minus(MICRO), at(22, 0)), t1)).hasSize(1);
            assertThat(fx.on(dinner, t2, TableId.random())).isEmpty();
            assertThat(store.allocationsOfTables(restaurant, List.of(), dinner)).isEmpty();
        }

        @Test
        @DisplayName("allocationsOfBooking lists bookings and active holds by window start, then table id")
        public void bookingInOrder() {
            fx.assign(b1, window(20, 21), t2, t1);
            Hold hold = fx.hold(b1, window(18, 19), t3);
            List<Allocation> mine = fx.ofBooking(b1);
            assertThat(mine).hasSize(3).isSortedAccordingTo(LEDGER_ORDER);
            assertThat(mine.get(0).holdId()).isEqualTo(hold.id());
        }

        @Test
        @DisplayName("activeHolds lists active holds by expiry, then id, without expired or confirmed ones")
        public void activeHoldsInOrder() {
            Hold expiring = fx.place(fx.request(window(13, 14), t1).ttl(Duration.ofMinutes(5)));
            Hold late = fx.place(fx.request(window(15, 16), t1).ttl(Duration.ofMinutes(20)));
            Hold a = fx.hold(null, window(17, 18), t1);
            Hold b = fx.hold(null, window(19, 20), t1);
            Hold confirmed = fx.hold(null, window(21, 22), t1);
            store.confirmHold(restaurant, confirmed.id(), b1);
            clock.set(expiring.expiresAt());
            List<HoldId> expected = Stream.concat(Stream.of(a.id(), b.id()).sorted(), Stream.of(late.id())).toList();
            assertThat(fx.activeHoldIds()).containsExactlyElementsOf(expected);
        }
    }

    @Nested
    @DisplayName("tenant isolation")
    public class TenantIsolation {

        @Test
        @DisplayName("unknown and other restaurants' tables in a selection are TABLE_NOT_FOUND violations, in order")
        public void foreignTablesInSelection() {
            TableId unknown = TableId.random();
            AssignmentRejected e = fx.rejects(AssignmentRejected.class, TABLE_NOT_FOUND, 422,
                    () -> fx.hold(b1, dinner, otherTable, t1, unknown));
            assertThat(e.violations()).containsExactly(notFound(otherTable), notFound(unknown));
            e = fx.rejects(AssignmentRejected.class, TABLE_NOT_FOUND, 422, () -> fx.assign(b1, dinner, t1, otherTable));
            assertThat(e.violations()).containsExactly(notFound(otherTable));
        }

        private Violation notFound(TableId table) {
            return Violation.error(TABLE_NOT_FOUND,
                    "Table " + table + " does not exist in this restaurant; refresh the floor plan.",
                    Map.of("tableId", table.toString()));
        }

        private PlaceHoldRequest.Builder theirHold() {
            return PlaceHoldRequest.builder(fx.other, dinner).tables(otherTable).ttl(TTL).bookingId(b1);
        }

        @Test
        @DisplayName("another restaurant's holds are unknown here")
        public void foreignHolds() {
            Hold theirs = fx.place(theirHold());
            fx.rejects(HoldNotFound.class, HOLD_NOT_FOUND, 404, () -> store.confirmHold(restaurant, theirs.id(), b1));
            fx.rejects(HoldNotFound.class, HOLD_NOT_FOUND, 404, () -> store.releaseHold(restaurant, theirs.id()));
            fx.rejects(HoldNotFound.class, HOLD_NOT_FOUND, 404, () -> store.extendHold(restaurant, theirs.id(), TTL));
            assertThat(store.findHold(restaurant, theirs.id())).isEmpty();
            assertThat(fx.status(theirs)).isEqualTo(ACTIVE);
        }

        @Test
        @DisplayName("reads, unassign and unblock never see another restaurant's rows")
        public void foreignRows() {
            fx.place(theirHold());
            store.assign(AssignRequest.of(fx.other, b2, List.of(otherTable), window(13, 14)));
            Allocation block = store.blockTable(
                    new MaintenanceRequest(fx.other, otherTable, window(22, 23), null, null));
            assertThat(store.allocationsOfTables(restaurant, List.of(otherTable), ALL_TIME)).isEmpty();
            assertThat(fx.ofBooking(b1)).isEmpty();
            assertThat(store.activeHolds(restaurant)).isEmpty();
            Object before = fx.state();
            assertThat(store.unassign(restaurant, b2)).isZero();
            assertThat(store.unblockTable(restaurant, block.id())).isFalse();
            assertThat(fx.state()).isEqualTo(before);
            assertThat(store.allocationsOfTables(fx.other, List.of(otherTable), ALL_TIME)).hasSize(3);
        }
    }

    @Nested
    @DisplayName("malformed requests")
    public class MalformedRequests {

        @BeforeEach
        void someState() {
            fx.hold(b3, window(13, 14), t1);
            fx.assign(b2, window(13, 14), t2);
        }

        private AssignRequest assignment(TableId... tables) {
            return AssignRequest.of(restaurant, b1, List.of(tables), dinner);
        }

        private MaintenanceRequest blocking(String reason, String createdBy) {
            return new MaintenanceRequest(restaurant, t3, dinner, reason, createdBy);
        }

        @Test
        @DisplayName("no tables is TABLES_REQUIRED, a repeated table DUPLICATE_TABLE_IDS")
        public void tables() {
            fx.invalid(TABLES_REQUIRED, "tableIds", () -> fx.hold(b1, dinner));
            fx.invalid(TABLES_REQUIRED, "tableIds", () -> fx.assign(b1, dinner));
            fx.invalid(DUPLICATE_TABLE_IDS, "tableIds", () -> fx.hold(b1, dinner, t3, t4, t3));
            fx.invalid(DUPLICATE_TABLE_IDS, "tableIds", () -> fx.assign(b1, dinner, t3, t3));
        }

        @Test
        @DisplayName("a zero, negative or over-long ttl is INVALID_TTL; the maximum itself is allowed")
        public void ttl() {
            for (Duration ttl : List.of(Duration.ZERO, Duration.ofSeconds(-1), MAX_HOLD_LIFETIME.plus(MICRO))) {
                fx.invalid(INVALID_TTL, "ttl", () -> fx.place(fx.request(dinner, t3).ttl(ttl)));
            }
            assertThat(fx.place(fx.request(dinner, t3).ttl(MAX_HOLD_LIFETIME)).expiresAt())
                    .isEqualTo(START.plus(MAX_HOLD_LIFETIME));
        }

        @Test
        @DisplayName("a party size below 1 is INVALID_PARTY_SIZE")
        public void partySize() {
            fx.invalid(INVALID_PARTY_SIZE, "partySize", () -> fx.place(fx.request(dinner, t3).partySize(0)));
            fx.invalid(INVALID_PARTY_SIZE, "partySize", () -> fx.place(fx.request(dinner, t3).partySize(-2)));
            fx.invalid(INVALID_PARTY_SIZE, "partySize", () -> store.assign(assignment(t3).withPartySize(0)));
        }

        @Test
        @DisplayName("text with a NUL character is INVALID_REQUEST naming the field")
        public void nul() {
            fx.invalid(INVALID_REQUEST, "createdBy", () -> fx.place(fx.request(dinner, t3).createdBy("a\0b")));
            fx.invalid(INVALID_REQUEST, "createdBy", () -> store.assign(assignment(t3).withCreatedBy("\0")));
            fx.invalid(INVALID_REQUEST, "metadata", () -> fx.place(metadata("k", "v\0")));
            fx.invalid(INVALID_REQUEST, "metadata", () -> fx.place(metadata("k\0", "v")));
            fx.invalid(INVALID_REQUEST, "reason", () -> store.blockTable(blocking("\0", null)));
            fx.invalid(INVALID_REQUEST, "createdBy", () -> store.blockTable(blocking(null, "\0")));
        }

        @Test
        @DisplayName("over-long text and too much metadata are INVALID_REQUEST; text at the limits is accepted")
        public void limits() {
            fx.invalid(INVALID_REQUEST, "createdBy", () -> fx.place(fx.request(dinner, t3).createdBy("x".repeat(201))));
            fx.invalid(INVALID_REQUEST, "createdBy", () -> store.assign(assignment(t3).withCreatedBy("x".repeat(201))));
            fx.invalid(INVALID_REQUEST, "metadata", () -> fx.place(metadata("k".repeat(101), "v")));
            fx.invalid(INVALID_REQUEST, "metadata", () -> fx.place(metadata("", "v")));
            fx.invalid(INVALID_REQUEST, "metadata", () -> fx.place(metadata("k", "v".repeat(2001))));
            fx.invalid(INVALID_REQUEST, "metadata", () -> fx.place(withEntries(fx.request(dinner, t3), 51)));
            fx.invalid(INVALID_REQUEST, "reason", () -> store.blockTable(blocking("r".repeat(501), null)));
            Hold hold = fx.place(withEntries(fx.request(dinner, t3).createdBy("x".repeat(200)), 49)
                    .metadata("k".repeat(100), "v".repeat(2000)));
            assertThat(fx.find(hold).orElseThrow().metadata()).hasSize(50)
                    .containsEntry("k".repeat(100), "v".repeat(2000));
            store.blockTable(new MaintenanceRequest(restaurant, t4, dinner, "r".repeat(500), "x".repeat(200)));
        }

        private PlaceHoldRequest.Builder metadata(String key, String value) {
            return fx.request(dinner, t3).metadata(key, value);
        }

        private PlaceHoldRequest.Builder withEntries(PlaceHoldRequest.Builder request, int entries) {
            Map<String, String> metadata = new HashMap<>();
            for (int i = 0; i < entries; i++) {
                metadata.put("key" + i, "value" + i);
            }
            metadata.forEach(request::metadata);
            return request;
        }

        @Test
        @DisplayName("malformed requests are rejected before any other check, in the documented order")
        public void order() {
            TableId unknown = TableId.random();
            TimeWindow lunch = window(13, 14);
            fx.invalid(TABLES_REQUIRED, "tableIds", () -> fx.place(fx.request(lunch).ttl(Duration.ZERO).partySize(0)));
            fx.invalid(DUPLICATE_TABLE_IDS, "tableIds", () -> fx.place(fx.request(lunch, t1, t1).ttl(Duration.ZERO)));
            fx.invalid(INVALID_TTL, "ttl", () -> fx.place(fx.request(lunch, t1).ttl(Duration.ZERO).partySize(0)));
            fx.invalid(INVALID_PARTY_SIZE, "partySize",
                    () -> fx.place(fx.request(lunch, t1).partySize(0).createdBy("\0")));
            fx.invalid(INVALID_REQUEST, "createdBy", () -> fx.place(fx.request(lunch, t1, unknown).createdBy("\0")));
            fx.rejects(AssignmentRejected.class, TABLE_NOT_FOUND, 422, () -> fx.hold(b1, lunch, t1, unknown));
            fx.rejects(AssignmentRejected.class, TABLE_NOT_FOUND, 422, () -> fx.assign(b1, lunch, t2, unknown));
        }

        @Test
        @DisplayName("a null argument is a NullPointerException naming it")
        public void nulls() {
            HoldId hold = store.activeHolds(restaurant).get(0).id();
            fx.npe("request", () -> store.placeHold(null));
            fx.npe("restaurantId", () -> store.confirmHold(null, hold, b1));
            fx.npe("holdId", () -> store.confirmHold(restaurant, null, b1));
            fx.npe("bookingId", () -> store.confirmHold(restaurant, hold, null));
            fx.npe("restaurantId", () -> store.releaseHold(null, hold));
            fx.npe("holdId", () -> store.releaseHold(restaurant, null));
            fx.npe("restaurantId", () -> store.extendHold(null, hold, TTL));
            fx.npe("holdId", () -> store.extendHold(restaurant, null, TTL));
            fx.npe("extension", () -> store.extendHold(restaurant, hold, null));
            fx.npe("request", () -> store.assign(null));
            fx.npe("restaurantId", () -> store.unassign(null, b2));
            fx.npe("bookingId", () -> store.unassign(restaurant, null));
            fx.npe("request", () -> store.blockTable(null));
            fx.npe("restaurantId", () -> store.unblockTable(null, AllocationId.random()));
            fx.npe("allocationId", () -> store.unblockTable(restaurant, null));
            fx.npe("restaurantId", () -> store.allocationsOfBooking(null, b2));
            fx.npe("bookingId", () -> store.allocationsOfBooking(restaurant, null));
            fx.npe("restaurantId", () -> store.allocationsOfTables(null, List.of(t1), dinner));
            fx.npe("tableIds", () -> store.allocationsOfTables(restaurant, null, dinner));
            fx.npe("range", () -> store.allocationsOfTables(restaurant, List.of(t1), null));
            fx.npe("restaurantId", () -> store.activeHolds(null));
            fx.npe("restaurantId", () -> store.findHold(null, hold));
            fx.npe("holdId", () -> store.findHold(restaurant, null));
        }
    }
}
