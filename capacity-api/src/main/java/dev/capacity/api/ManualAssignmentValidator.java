package dev.capacity.api;

import dev.capacity.api.error.CapacityUnavailable;
import dev.capacity.api.error.InternalFailure;
import dev.capacity.api.error.InvalidRequest;

/**
 * The one validator of manual table assignments. Every write path of the {@link AllocationStore} runs the same
 * checks inside its transaction, so what {@link #validate} accepts is what a write accepts, and a stale cache can
 * never produce a wrong write.
 *
 * <p>Checks, in this order, all reported at once (see {@link AssignmentRules} for the exact rules):
 * {@code TABLE_NOT_FOUND}, {@code TABLE_INACTIVE}, {@code CAPACITY_INSUFFICIENT}, {@code SLACK_BUDGET_EXCEEDED}
 * (and the {@code SLACK_HIGH} warning), {@code ZONE_MISMATCH}, {@code TABLE_NOT_MOVABLE},
 * {@code ADJACENCY_MISMATCH}, {@code PARTY_SIZE_OUT_OF_RANGE}, {@code BOOKING_CONFLICT},
 * {@code TABLE_OUT_OF_SERVICE}, {@code HOLD_CONFLICT}. A booking's own holds and allocations never conflict with
 * it; expired holds never conflict.
 *
 * <p>Implementations are thread-safe.
 */
public interface ManualAssignmentValidator {

    /**
     * Checks a selection without writing anything.
     *
     * @param request the selection
     * @return every finding; {@code ok} iff none is an error
     * @throws InvalidRequest (400) {@code TABLES_REQUIRED}, {@code DUPLICATE_TABLE_IDS}, {@code INVALID_PARTY_SIZE},
     *     or {@code INVALID_REQUEST} for more than {@link AssignmentRules#MAX_TABLES} tables or a window outside the
     *     years 1 to 9999 (which no write accepts either): a malformed request, rejected before any check runs
     * @throws CapacityUnavailable (503) when the database cannot be reached
     * @throws InternalFailure (500) on an unexpected failure
     */
    ValidationResult validate(ValidationRequest request);
}
