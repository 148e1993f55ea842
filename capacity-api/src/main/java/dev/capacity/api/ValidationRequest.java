package dev.capacity.api;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A table selection to check with {@link ManualAssignmentValidator#validate}.
 *
 * <p>The constructor only rejects nulls; the validator reports empty or repeated table ids and a party size below
 * 1 as {@link dev.capacity.api.error.InvalidRequest} (400) before any check runs.
 *
 * @param restaurantId the restaurant
 * @param bookingId the booking being seated, if any; its own holds and allocations never conflict with it
 * @param partySize number of guests
 * @param window the window {@code [start, end)}
 * @param tableIds the selected tables
 * @param options adjacency mode and slack override
 */
public record ValidationRequest(
        RestaurantId restaurantId, @Nullable BookingId bookingId, int partySize, TimeWindow window,
        List<TableId> tableIds, ValidationOptions options) {

    /**
     * Creates a request; the list is copied.
     *
     * @param restaurantId the restaurant
     * @param bookingId the booking being seated, if any; its own holds and allocations never conflict with it
     * @param partySize number of guests
     * @param window the window {@code [start, end)}
     * @param tableIds the selected tables
     * @param options adjacency mode and slack override
     * @throws NullPointerException if a non-nullable component or a table id is null; the message names the
     *     component
     */
    public ValidationRequest {
        Objects.requireNonNull(restaurantId, "restaurantId");
        Objects.requireNonNull(window, "window");
        tableIds = Copies.list(tableIds, "tableIds");
        Objects.requireNonNull(options, "options");
    }

    /**
     * Creates a request with default options.
     *
     * @param restaurantId the restaurant
     * @param bookingId the booking, or null
     * @param partySize number of guests
     * @param window the window
     * @param tableIds the selection
     * @return the request
     */
    public static ValidationRequest of(RestaurantId restaurantId, @Nullable BookingId bookingId, int partySize,
            TimeWindow window, List<TableId> tableIds) {
        return new ValidationRequest(restaurantId, bookingId, partySize, window, tableIds,
                ValidationOptions.defaults());
    }

    /**
     * @param options the options
     * @return a copy with these options
     */
    public ValidationRequest withOptions(ValidationOptions options) {
        return new ValidationRequest(restaurantId, bookingId, partySize, window, tableIds, options);
    }
}
