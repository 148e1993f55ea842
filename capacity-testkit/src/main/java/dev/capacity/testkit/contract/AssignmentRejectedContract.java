package dev.capacity.testkit.contract;

import static dev.capacity.api.error.ErrorCode.*;
import static dev.capacity.testkit.contract.ContractFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.capacity.api.AllocationStore;
import dev.capacity.api.AssignRequest;
import dev.capacity.api.BookingId;
import dev.capacity.api.Hold;
import dev.capacity.api.HoldId;
import dev.capacity.api.RestaurantId;
import dev.capacity.api.TableSpec;
import dev.capacity.api.TimeWindow;
import dev.capacity.api.error.AssignmentRejected;
import dev.capacity.api.error.BookingConflict;
import dev.capacity.api.error.CapacityError;
import dev.capacity.api.error.ErrorCode;
import dev.capacity.api.error.HoldConflict;
import dev.capacity.api.error.HoldExpired;
import dev.capacity.api.error.HoldExtensionLimit;
import dev.capacity.api.error.HoldNotFound;
import dev.capacity.api.error.InvalidRequest;
import dev.capacity.api.error.PolicyDrift;
import dev.capacity.api.event.AssignmentRejectedEvent;
import dev.capacity.api.event.AssignmentRejectedEvent.Operation;
import dev.capacity.api.event.AssignmentRejectedEvent.Outcome;
import dev.capacity.testkit.contract.ContractFixtures.Floor;
import dev.capacity.testkit.time.MutableInstantSource;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link AssignmentRejectedEvent}: every {@link AllocationStore} write that refuses an assignment
 * publishes exactly one event, after the write was undone, carrying the error the caller receives; other failures
 * publish none, and a listener that throws never changes what the caller sees.
 *
 * <p>Run it like {@link AllocationStoreContract}: extend it and build the implementation under test from the
 * given settings.
 */
public abstract class AssignmentRejectedContract {

    private ContractFixtures fx;
    private AllocationStore store;
    private MutableInstantSource clock;
    private RecordingListener events;
    private RestaurantId restaurant;
    private Floor floor;
    private final BookingId b1 = BookingId.random();
    private final BookingId b2 = BookingId.random();
    private final TimeWindow dinner = window(19, 21);

    /** For subclasses. */
    protected AssignmentRejectedContract() {
    }

    /**
     * Builds the implementation under test; called before every test.
     *
     * @param settings the clock, listener and lifetime cap it must use
     * @return its stores
     */
    protected abstract CapacityHarness createHarness(HarnessSettings settings);

    @BeforeEach
    void setUpAssignmentRejectedContract() {
        clock = MutableInstantSource.fixed();
        events = new RecordingListener();
        fx = new ContractFixtures(clock, events, this::createHarness);
        store = fx.ledger;
        restaurant = fx.restaurant;
        floor = fx.seedFloor();
    }

    /**
     * Runs a call that must be refused with {@code type} and {@code code}, and checks that it published exactly one
     * rejection, carrying the very error the call threw.
     */
    private <E extends CapacityError> E rejected(Class<E> type, ErrorCode code, Operation operation, Outcome outcome,
            ThrowingCallable call) {
        events.clear();
        E error = fx.rejects(type, call);
        assertThat(error.code()).isEqualTo(code);
        assertThat(events.assignmentsRejected()).singleElement().satisfies(event -> {
            assertThat(event.restaurantId()).isEqualTo(restaurant);
            assertThat(event.operation()).isEqualTo(operation);
            assertThat(event.outcome()).isEqualTo(outcome);
            assertThat(event.code()).isEqualTo(code);
            assertThat(event.error()).isSameAs(error);
        });
        return error;
    }

    /** Writes that refuse an assignment. */
    @Nested
    @DisplayName("a refused write publishes one event")
    public class Refused {

        /** For JUnit. */
        public Refused() {
        }

        @Test
        @DisplayName("a hold that breaks a rule: place_hold, rule, with the rule's code")
        public void placementBreaksRule() {
            rejected(AssignmentRejected.class, CAPACITY_INSUFFICIENT, Operation.PLACE_HOLD, Outcome.RULE,
                    () -> fx.place(fx.request(dinner, floor.t1()).bookingId(b1).partySize(5)));
        }

        @Test
        @DisplayName("a hold on a taken table: place_hold, conflict, HOLD_CONFLICT")
        public void placementConflicts() {
            fx.hold(b1, dinner, floor.t1());
            rejected(HoldConflict.class, HOLD_CONFLICT, Operation.PLACE_HOLD, Outcome.CONFLICT,
                    () -> fx.hold(b2, dinner, floor.t1(), floor.t2()));
        }

        @Test
        @DisplayName("an assignment that breaks a rule or meets a booking: assign, rule or conflict")
        public void assignment() {
            rejected(AssignmentRejected.class, CAPACITY_INSUFFICIENT, Operation.ASSIGN, Outcome.RULE,
                    () -> store.assign(AssignRequest.of(restaurant, b1, List.of(floor.t1()), dinner)
                            .withPartySize(5)));
            fx.assign(b1, dinner, floor.t2());
            rejected(BookingConflict.class, BOOKING_CONFLICT, Operation.ASSIGN, Outcome.CONFLICT,
                    () -> fx.assign(b2, dinner, floor.t2(), floor.t3()));
        }

        @Test
        @DisplayName("a confirmation the changed floor plan no longer allows: confirm_hold, rule, POLICY_DRIFT")
        public void confirmationDrifts() {
            Hold hold = fx.place(fx.request(dinner, floor.t2()).bookingId(b1).partySize(4));
            fx.plans.updateTable(restaurant, floor.t2(), TableSpec.of(floor.zone(), "T2", 2));
            rejected(PolicyDrift.class, POLICY_DRIFT, Operation.CONFIRM_HOLD, Outcome.RULE,
                    () -> store.confirmHold(restaurant, hold.id(), b1));
        }

        @Test
        @DisplayName("an extension past the lifetime cap: extend_hold, rule, HOLD_EXTENSION_LIMIT")
        public void extensionTooLong() {
            Hold hold = fx.hold(b1, dinner, floor.t1());
            rejected(HoldExtensionLimit.class, HOLD_EXTENSION_LIMIT, Operation.EXTEND_HOLD, Outcome.RULE,
                    () -> store.extendHold(restaurant, hold.id(), MAX_HOLD_LIFETIME));
        }

        @Test
        @DisplayName("a maintenance block on a booked table: block_table, conflict, BOOKING_CONFLICT")
        public void blockOnBookedTable() {
            fx.assign(b1, dinner, floor.t3());
            rejected(BookingConflict.class, BOOKING_CONFLICT, Operation.BLOCK_TABLE, Outcome.CONFLICT,
                    () -> fx.block(floor.t3(), dinner));
        }

        @Test
        @DisplayName("a listener that throws on the event never changes the error the caller receives")
        public void throwingListener() {
            fx.hold(b1, dinner, floor.t1());
            fx.listenerFails(true);
            rejected(HoldConflict.class, HOLD_CONFLICT, Operation.PLACE_HOLD, Outcome.CONFLICT,
                    () -> fx.hold(b2, dinner, floor.t1()));
        }
    }

    /** Failures that are not refused assignments, and writes that succeed. */
    @Nested
    @DisplayName("nothing else publishes the event")
    public class NotRefused {

        /** For JUnit. */
        public NotRefused() {
        }

        @Test
        @DisplayName("successful writes, malformed requests, unknown and expired holds publish no rejection")
        public void otherOutcomes() {
            Hold hold = fx.hold(b1, dinner, floor.t1());
            store.extendHold(restaurant, hold.id(), Duration.ofMinutes(1));
            fx.assign(b2, dinner, floor.t2());
            assertThat(catchThrowable(() -> fx.hold(b2, dinner))).isInstanceOf(InvalidRequest.class);
            assertThat(catchThrowable(() -> store.confirmHold(restaurant, HoldId.random(), b1)))
                    .isInstanceOf(HoldNotFound.class);
            clock.set(hold.expiresAt().plus(Duration.ofMinutes(1)));
            assertThat(catchThrowable(() -> store.confirmHold(restaurant, hold.id(), b1)))
                    .isInstanceOf(HoldExpired.class);
            assertThat(events.assignmentsRejected()).isEmpty();
        }
    }
}
