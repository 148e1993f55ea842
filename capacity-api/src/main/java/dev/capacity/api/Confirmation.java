package dev.capacity.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of confirming a hold: the booking's allocations, which are now exactly the hold's selection for the
 * hold's window.
 *
 * @param holdId the confirmed hold
 * @param bookingId the booking it was confirmed for
 * @param confirmedAt when it was first confirmed (unchanged by repeated confirmations)
 * @param allocations the booking's allocations, ordered by table id
 */
public record Confirmation(HoldId holdId, BookingId bookingId, Instant confirmedAt, List<Allocation> allocations) {

    /**
     * Creates a confirmation; the list is copied.
     *
     * @param holdId the confirmed hold
     * @param bookingId the booking it was confirmed for
     * @param confirmedAt when it was first confirmed (unchanged by repeated confirmations)
     * @param allocations the booking's allocations, ordered by table id
     * @throws NullPointerException if a component is null
     */
    public Confirmation {
        Objects.requireNonNull(holdId, "holdId");
        Objects.requireNonNull(bookingId, "bookingId");
        Objects.requireNonNull(confirmedAt, "confirmedAt");
        allocations = List.copyOf(Objects.requireNonNull(allocations, "allocations"));
    }
}
