package dev.capacity.api;

/** What an allocation (one ledger row) stands for. */
public enum AllocationKind {
    /** A table held by a hold that has not been confirmed; free again once the hold expires. */
    HOLD,
    /** A table occupied by a booking. */
    BOOKING,
    /** A table blocked for maintenance (out of service). */
    MAINTENANCE
}
