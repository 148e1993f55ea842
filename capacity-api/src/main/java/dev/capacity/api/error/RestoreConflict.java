package dev.capacity.api.error;

import dev.capacity.api.Blocker;
import java.util.List;

/**
 * Restoring archived allocations would overlap live allocations (HTTP 409, code {@link ErrorCode#RESTORE_CONFLICT});
 * nothing was restored. See {@link AllocationConflict} for the details.
 */
public final class RestoreConflict extends AllocationConflict {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param detail what happened, for people
     * @param blockers the live allocations in the way
     */
    public RestoreConflict(String detail, List<Blocker> blockers) {
        super(ErrorCode.RESTORE_CONFLICT, detail, blockers, List.of(), null);
    }
}
