package dev.capacity.api.event;

import dev.capacity.api.BookingId;
import dev.capacity.api.HoldId;
import dev.capacity.api.RestaurantId;
import dev.capacity.api.TableId;
import dev.capacity.api.TimeWindow;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An expired hold was removed. Published exactly once per hold, after the removing transaction committed,
 * whoever removed it: the sweeper, or a write that cleared an expired hold in its way.
 *
 * @param holdId the hold
 * @param restaurantId its restaurant
 * @param bookingId the booking it was for, if any
 * @param tableIds its tables
 * @param window the window it protected
 * @param expiredAt its expiry
 */
public record HoldExpiredEvent(
        HoldId holdId, RestaurantId restaurantId, @Nullable BookingId bookingId, List<TableId> tableIds,
        TimeWindow window, Instant expiredAt) {

    /**
     * Creates the event; the list is copied.
     *
     * @param holdId the hold
     * @param restaurantId its restaurant
     * @param bookingId the booking it was for, if any
     * @param tableIds its tables
     * @param window the window it protected
     * @param expiredAt its expiry
     * @throws NullPointerException if a non-nullable component is null
     */
    public HoldExpiredEvent {
        Objects.requireNonNull(holdId, "holdId");
        Objects.requireNonNull(restaurantId, "restaurantId");
        tableIds = List.copyOf(Objects.requireNonNull(tableIds, "tableIds"));
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(expiredAt, "expiredAt");
    }
}
