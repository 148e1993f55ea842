package dev.capacity.api.error;

import dev.capacity.api.BookingId;
import dev.capacity.api.HoldId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The hold belongs to another booking: it was placed for, or already confirmed for, a different booking than the
 * one given (HTTP 409, code {@link ErrorCode#HOLD_BOOKING_MISMATCH}). Problem extensions: {@code holdId},
 * {@code holdBookingId}, {@code requestedBookingId}.
 */
public final class HoldBookingMismatch extends ConflictError {

    private static final long serialVersionUID = 1L;

    /** The hold. */
    private final HoldId holdId;
    /** The booking the hold belongs to. */
    private final BookingId holdBookingId;
    /** The booking the caller named. */
    private final BookingId requestedBookingId;

    /**
     * Creates the error.
     *
     * @param holdId the hold
     * @param holdBookingId the booking the hold belongs to
     * @param requestedBookingId the booking the caller gave
     */
    public HoldBookingMismatch(HoldId holdId, BookingId holdBookingId, BookingId requestedBookingId) {
        super(ErrorCode.HOLD_BOOKING_MISMATCH, "Hold " + holdId + " belongs to booking " + holdBookingId
                + ", not " + requestedBookingId + ".", null);
        this.holdId = Objects.requireNonNull(holdId, "holdId");
        this.holdBookingId = Objects.requireNonNull(holdBookingId, "holdBookingId");
        this.requestedBookingId = Objects.requireNonNull(requestedBookingId, "requestedBookingId");
    }

    /** @return the hold */
    public HoldId holdId() {
        return holdId;
    }

    /** @return the booking the hold belongs to */
    public BookingId holdBookingId() {
        return holdBookingId;
    }

    /** @return the booking the caller gave */
    public BookingId requestedBookingId() {
        return requestedBookingId;
    }

    @Override
    public Map<String, Object> details() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("holdId", holdId.toString());
        m.put("holdBookingId", holdBookingId.toString());
        m.put("requestedBookingId", requestedBookingId.toString());
        return m;
    }
}
