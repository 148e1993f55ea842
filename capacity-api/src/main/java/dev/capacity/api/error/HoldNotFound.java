package dev.capacity.api.error;

import dev.capacity.api.HoldId;
import java.util.Objects;

/** No such hold in the restaurant: it was released, swept after expiring, or never existed (HTTP 404, code {@link ErrorCode#HOLD_NOT_FOUND}). */
public final class HoldNotFound extends NotFound {

    private static final long serialVersionUID = 1L;

    /** The hold that was not found. */
    private final HoldId holdId;

    /**
     * Creates the error.
     *
     * @param holdId the unknown id
     * @throws NullPointerException if {@code holdId} is null
     */
    public HoldNotFound(HoldId holdId) {
        super(ErrorCode.HOLD_NOT_FOUND, "Hold", Objects.requireNonNull(holdId, "holdId"));
        this.holdId = holdId;
    }

    /** @return the unknown id */
    public HoldId holdId() {
        return holdId;
    }
}
