package dev.capacity.api;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One ledger row: a table occupied for a window by a hold, a booking or maintenance.
 *
 * @param id the row
 * @param restaurantId its restaurant
 * @param tableId the occupied table
 * @param kind what occupies it
 * @param window the occupied window {@code [start, end)}
 * @param bookingId the booking, for {@link AllocationKind#BOOKING} (and for holds placed for a booking)
 * @param holdId the hold, for {@link AllocationKind#HOLD}
 * @param createdAt when the row was written
 * @param createdBy who wrote it (free text chosen by the host), if given
 * @param note a maintenance reason, if given
 * @param slackOverride the slack-budget override the assignment was made under, if any
 */
public record Allocation(
        AllocationId id,
        RestaurantId restaurantId,
        TableId tableId,
        AllocationKind kind,
        TimeWindow window,
        @Nullable BookingId bookingId,
        @Nullable HoldId holdId,
        Instant createdAt,
        @Nullable String createdBy,
        @Nullable String note,
        @Nullable SlackOverride slackOverride) {

    /**
     * Creates an allocation value.
     *
     * @param id the row
     * @param restaurantId its restaurant
     * @param tableId the occupied table
     * @param kind what occupies it
     * @param window the occupied window {@code [start, end)}
     * @param bookingId the booking, for {@link AllocationKind#BOOKING} (and for holds placed for a booking)
     * @param holdId the hold, for {@link AllocationKind#HOLD}
     * @param createdAt when the row was written
     * @param createdBy who wrote it (free text chosen by the host), if given
     * @param note a maintenance reason, if given
     * @param slackOverride the slack-budget override the assignment was made under, if any
     * @throws NullPointerException if a non-nullable component is null
     */
    public Allocation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(restaurantId, "restaurantId");
        Objects.requireNonNull(tableId, "tableId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
