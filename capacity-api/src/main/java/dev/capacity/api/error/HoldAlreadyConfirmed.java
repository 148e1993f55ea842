package dev.capacity.api.error;

import dev.capacity.api.BookingId;
import dev.capacity.api.HoldId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The hold was already confirmed, so it can no longer be released or extended as a hold (HTTP 409, code
 * {@link ErrorCode#HOLD_ALREADY_CONFIRMED}); unassign the booking instead. Problem extensions: {@code holdId},
 * {@code bookingId}.
 */
public final class HoldAlreadyConfirmed extends ConflictError {

    private static final long serialVersionUID = 1L;

    /** The confirmed hold. */
    private final HoldId holdId;
    /** The booking it was confirmed for. */
    private final BookingId bookingId;

    /**
     * Creates the error.
     *
     * @param holdId the hold
     * @param bookingId the booking it was confirmed for
     */
    public HoldAlreadyConfirmed(HoldId holdId, BookingId bookingId) {
        super(ErrorCode.HOLD_ALREADY_CONFIRMED, "Hold " + holdId + " was already confirmed for booking " + bookingId
                + "; unassign the booking to free its tables.", null);
        this.holdId = Objects.requireNonNull(holdId, "holdId");
        this.bookingId = Objects.requireNonNull(bookingId, "bookingId");
    }

    /** @return the hold */
    public HoldId holdId() {
        return holdId;
    }

    /** @return the booking it was confirmed for */
    public BookingId bookingId() {
        return bookingId;
    }

    @Override
    public Map<String, Object> details() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("holdId", holdId.toString());
        m.put("bookingId", bookingId.toString());
        return m;
    }
}
