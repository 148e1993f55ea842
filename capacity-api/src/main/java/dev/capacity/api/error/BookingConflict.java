package dev.capacity.api.error;

import dev.capacity.api.Blocker;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An assignment, confirmation or maintenance block clashes with another booking's allocations (HTTP 409, code {@link ErrorCode#BOOKING_CONFLICT}). See {@link AllocationConflict} for the details.
 */
public final class BookingConflict extends AllocationConflict {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param detail what happened, for people
     * @param blockers what stands in the way
     * @param violations the validation findings behind it, if it comes from validation
     * @param cause the underlying database error, if any
     */
    public BookingConflict(String detail, List<Blocker> blockers, List<Violation> violations, @Nullable Throwable cause) {
        super(ErrorCode.BOOKING_CONFLICT, detail, blockers, violations, cause);
    }

    /**
     * Creates the error without violations or cause.
     *
     * @param detail what happened, for people
     * @param blockers what stands in the way
     */
    public BookingConflict(String detail, List<Blocker> blockers) {
        this(detail, blockers, List.of(), null);
    }
}
