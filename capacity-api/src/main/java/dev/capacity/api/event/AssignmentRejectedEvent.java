package dev.capacity.api.event;

import dev.capacity.api.RestaurantId;
import dev.capacity.api.error.AllocationConflict;
import dev.capacity.api.error.AssignmentRejected;
import dev.capacity.api.error.CapacityError;
import dev.capacity.api.error.ErrorCode;
import dev.capacity.api.error.HoldExtensionLimit;
import dev.capacity.api.error.PolicyDrift;
import java.util.Locale;
import java.util.Objects;

/**
 * A ledger write refused to give tables to a hold, a booking or a maintenance block, because the selection breaks
 * an assignment rule or because something live occupies the tables. Published once per refused call, after its
 * transaction rolled back, with the error the caller receives; a write that the library retried internally before
 * it gave up is still one event.
 *
 * <p>What counts as a rejected assignment ({@link #outcome()} in brackets):
 * <ul>
 *   <li>{@link AssignmentRejected} (422) from {@code placeHold} or {@code assign} [{@link Outcome#RULE}];</li>
 *   <li>{@link PolicyDrift} (409) from {@code confirmHold}: the floor plan changed and the held selection now breaks
 *       a rule [{@link Outcome#RULE}];</li>
 *   <li>{@link HoldExtensionLimit} (422) from {@code extendHold} [{@link Outcome#RULE}];</li>
 *   <li>an {@link AllocationConflict} (409: hold, booking or maintenance in the way) from {@code placeHold},
 *       {@code assign}, {@code confirmHold} or {@code blockTable} [{@link Outcome#CONFLICT}].</li>
 * </ul>
 * Malformed requests (400), unknown ids (404), infrastructure failures (503, 500) and the hold-state errors
 * {@code HOLD_EXPIRED}, {@code HOLD_BOOKING_MISMATCH} and {@code HOLD_ALREADY_CONFIRMED} are not rejected
 * assignments and publish nothing.
 *
 * @param restaurantId the restaurant of the refused write
 * @param operation the refused write
 * @param error the error the call throws
 */
public record AssignmentRejectedEvent(RestaurantId restaurantId, Operation operation, CapacityError error) {

    /**
     * Creates the event.
     *
     * @param restaurantId the restaurant of the refused write
     * @param operation the refused write
     * @param error the error the call throws
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if {@code error} is not one of the rejections listed in the class comment
     */
    public AssignmentRejectedEvent {
        Objects.requireNonNull(restaurantId, "restaurantId");
        Objects.requireNonNull(operation, "operation");
        outcomeOf(Objects.requireNonNull(error, "error"));
    }

    /**
     * Tells why the assignment was refused.
     *
     * @return {@link Outcome#CONFLICT} for an {@link AllocationConflict}, {@link Outcome#RULE} otherwise
     */
    public Outcome outcome() {
        return outcomeOf(error);
    }

    /**
     * Returns the error's stable code, for example {@code SLACK_BUDGET_EXCEEDED} or {@code HOLD_CONFLICT}.
     *
     * @return {@code error().code()}
     */
    public ErrorCode code() {
        return error.code();
    }

    private static Outcome outcomeOf(CapacityError error) {
        if (error instanceof AllocationConflict) {
            return Outcome.CONFLICT;
        }
        if (error instanceof AssignmentRejected || error instanceof PolicyDrift
                || error instanceof HoldExtensionLimit) {
            return Outcome.RULE;
        }
        throw new IllegalArgumentException("not an assignment rejection: " + error.code());
    }

    /** The write that was refused. */
    public enum Operation {
        /** {@code AllocationStore.placeHold}. */
        PLACE_HOLD,
        /** {@code AllocationStore.confirmHold}. */
        CONFIRM_HOLD,
        /** {@code AllocationStore.extendHold}. */
        EXTEND_HOLD,
        /** {@code AllocationStore.assign}. */
        ASSIGN,
        /** {@code AllocationStore.blockTable}. */
        BLOCK_TABLE;

        /**
         * Returns the lower-case name, for log fields and metric tags.
         *
         * @return for example {@code "place_hold"}
         */
        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Why an assignment was refused. */
    public enum Outcome {
        /** The selection breaks an assignment rule (capacity, slack, zone, adjacency, lifetime cap, …). */
        RULE,
        /** Something live occupies a selected table in an overlapping window. */
        CONFLICT;

        /**
         * Returns the lower-case name, for log fields and metric tags.
         *
         * @return {@code "rule"} or {@code "conflict"}
         */
        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
