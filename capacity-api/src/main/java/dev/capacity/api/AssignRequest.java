package dev.capacity.api;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What {@link AllocationStore#assign} needs: seat a booking at tables for a window, directly, without a hold.
 *
 * <p>The constructor only rejects nulls; empty or repeated table ids and a party size below 1 are reported by
 * the store as {@link dev.capacity.api.error.InvalidRequest} (400).
 *
 * @param restaurantId the restaurant; every table must belong to it
 * @param bookingId the booking to seat
 * @param tableIds the tables, in the caller's order
 * @param window the window {@code [start, end)}
 * @param partySize the party size, if known (used by validation)
 * @param createdBy who assigns (free text chosen by the host)
 * @param options adjacency mode and slack override (recorded on the allocations)
 */
public record AssignRequest(
        RestaurantId restaurantId,
        BookingId bookingId,
        List<TableId> tableIds,
        TimeWindow window,
        @Nullable Integer partySize,
        @Nullable String createdBy,
        ValidationOptions options) {

    /**
     * Creates a request; the list is copied.
     *
     * @param restaurantId the restaurant; every table must belong to it
     * @param bookingId the booking to seat
     * @param tableIds the tables, in the caller's order
     * @param window the window {@code [start, end)}
     * @param partySize the party size, if known (used by validation)
     * @param createdBy who assigns (free text chosen by the host)
     * @param options adjacency mode and slack override (recorded on the allocations)
     * @throws NullPointerException if a non-nullable component or a table id is null; the message names the
     *     component
     */
    public AssignRequest {
        Objects.requireNonNull(restaurantId, "restaurantId");
        Objects.requireNonNull(bookingId, "bookingId");
        tableIds = Copies.list(tableIds, "tableIds");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(options, "options");
    }

    /**
     * The slack override of {@link #options()}.
     *
     * @return the override, or null
     */
    public @Nullable SlackOverride slackOverride() {
        return options.slackOverride();
    }

    /**
     * Creates a request without party size, author or override.
     *
     * @param restaurantId the restaurant
     * @param bookingId the booking to seat
     * @param tableIds the tables
     * @param window the window
     * @return the request
     */
    public static AssignRequest of(RestaurantId restaurantId, BookingId bookingId, List<TableId> tableIds,
            TimeWindow window) {
        return new AssignRequest(restaurantId, bookingId, tableIds, window, null, null,
                ValidationOptions.defaults());
    }

    /**
     * Returns a copy with the party size set.
     *
     * @param partySize number of guests
     * @return the new request
     */
    public AssignRequest withPartySize(int partySize) {
        return new AssignRequest(restaurantId, bookingId, tableIds, window, partySize, createdBy, options);
    }

    /**
     * Returns a copy with other check options.
     *
     * @param options adjacency mode and slack override
     * @return the new request
     */
    public AssignRequest withOptions(ValidationOptions options) {
        return new AssignRequest(restaurantId, bookingId, tableIds, window, partySize, createdBy,
                Objects.requireNonNull(options, "options"));
    }

    /**
     * Returns a copy with the author set.
     *
     * @param createdBy who assigns
     * @return the new request
     */
    public AssignRequest withCreatedBy(String createdBy) {
        return new AssignRequest(restaurantId, bookingId, tableIds, window, partySize, createdBy, options);
    }

    /**
     * Returns a copy with a slack-budget override.
     *
     * @param override the override
     * @return the new request
     */
    public AssignRequest withSlackOverride(SlackOverride override) {
        return new AssignRequest(restaurantId, bookingId, tableIds, window, partySize, createdBy,
                options.withSlackOverride(Objects.requireNonNull(override, "override")));
    }
}
