package dev.capacity.api.error;

import org.jspecify.annotations.Nullable;

/**
 * A clash with the current state (HTTP 409): refresh, retry, or pick other tables.
 */
public abstract sealed class ConflictError extends CapacityError
        permits AllocationConflict, HoldExpired, PolicyDrift, HoldBookingMismatch, HoldAlreadyConfirmed, TableInUse,
        ZoneInUse, DuplicateName {

    private static final long serialVersionUID = 1L;

    ConflictError(ErrorCode code, String detail, @Nullable Throwable cause) {
        super(code, detail, cause);
    }
}
