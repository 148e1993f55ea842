package dev.capacity.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A hold as read from the store: a short-lived claim on tables for a window.
 *
 * <p>{@code expiresAt} is the abandonment deadline and is independent of the window: a hold for tonight 20:00
 * may expire in five minutes if nobody confirms it. A hold is active iff it is not confirmed and
 * {@code expiresAt > now}; {@code expiresAt == now} is already expired.
 *
 * @param id the hold
 * @param restaurantId its restaurant
 * @param bookingId the booking it is for, if known when it was placed
 * @param tableIds the selected tables, in the order given when it was placed
 * @param window the protected window {@code [start, end)}
 * @param expiresAt the abandonment deadline
 * @param createdAt when it was placed
 * @param createdBy who placed it (free text chosen by the host), if given
 * @param floorPlanVersion the restaurant's floor-plan version it was validated against
 * @param metadata host data stored with the hold, unmodifiable
 * @param status where it stands at the time of the read
 * @param confirmedBookingId the booking it was confirmed for, when {@link HoldStatus#CONFIRMED}
 */
public record Hold(
        HoldId id,
        RestaurantId restaurantId,
        @Nullable BookingId bookingId,
        List<TableId> tableIds,
        TimeWindow window,
        Instant expiresAt,
        Instant createdAt,
        @Nullable String createdBy,
        long floorPlanVersion,
        Map<String, String> metadata,
        HoldStatus status,
        @Nullable BookingId confirmedBookingId) {

    /**
     * Creates a hold value; lists and maps are copied.
     *
     * @param id the hold
     * @param restaurantId its restaurant
     * @param bookingId the booking it is for, if known when it was placed
     * @param tableIds the selected tables, in the order given when it was placed
     * @param window the protected window {@code [start, end)}
     * @param expiresAt the abandonment deadline
     * @param createdAt when it was placed
     * @param createdBy who placed it (free text chosen by the host), if given
     * @param floorPlanVersion the restaurant's floor-plan version it was validated against
     * @param metadata host data stored with the hold, unmodifiable
     * @param status where it stands at the time of the read
     * @param confirmedBookingId the booking it was confirmed for, when {@link HoldStatus#CONFIRMED}
     * @throws NullPointerException if a non-nullable component is null
     */
    public Hold {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(restaurantId, "restaurantId");
        tableIds = List.copyOf(Objects.requireNonNull(tableIds, "tableIds"));
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(createdAt, "createdAt");
        metadata = Map.copyOf(Objects.requireNonNull(metadata, "metadata"));
        Objects.requireNonNull(status, "status");
    }

    /**
     * Tells whether the hold is active at {@code now}: not confirmed and {@code expiresAt > now}.
     *
     * @param now the instant to judge at
     * @return {@code true} iff active at {@code now}
     */
    public boolean isActiveAt(Instant now) {
        return status != HoldStatus.CONFIRMED && expiresAt.isAfter(now);
    }
}
