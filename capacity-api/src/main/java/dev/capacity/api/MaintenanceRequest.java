package dev.capacity.api;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What {@link AllocationStore#blockTable} needs: take one table out of service for a window.
 *
 * @param restaurantId the restaurant
 * @param tableId the table to block
 * @param window the window {@code [start, end)}
 * @param reason why, shown to staff
 * @param createdBy who blocks it (free text chosen by the host)
 */
public record MaintenanceRequest(
        RestaurantId restaurantId, TableId tableId, TimeWindow window, @Nullable String reason,
        @Nullable String createdBy) {

    /**
     * Creates a request.
     *
     * @param restaurantId the restaurant
     * @param tableId the table to block
     * @param window the window {@code [start, end)}
     * @param reason why, shown to staff
     * @param createdBy who blocks it (free text chosen by the host)
     * @throws NullPointerException if a non-nullable component is null
     */
    public MaintenanceRequest {
        Objects.requireNonNull(restaurantId, "restaurantId");
        Objects.requireNonNull(tableId, "tableId");
        Objects.requireNonNull(window, "window");
    }
}
