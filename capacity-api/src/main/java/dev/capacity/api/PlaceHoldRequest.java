package dev.capacity.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What {@link AllocationStore#placeHold} needs: the tables, the window to protect, how long the hold lives if
 * nobody confirms it, and optional context.
 *
 * <p>The constructor only rejects nulls (programming errors). Rule checks — empty or repeated table ids, a
 * non-positive time-to-live, a party size below 1 — are the store's, which reports them as
 * {@link dev.capacity.api.error.InvalidRequest} (400) before touching the database.
 *
 * @param restaurantId the restaurant; every table must belong to it
 * @param tableIds the tables to hold, in the caller's order
 * @param window the window to protect {@code [start, end)}
 * @param ttl time to live: the hold expires at {@code now + ttl} unless confirmed or extended
 * @param bookingId the booking the hold is for, if already known; a booking has at most one active hold
 * @param partySize the party size, if known (used by validation)
 * @param createdBy who places the hold (free text chosen by the host: a user id, "web", …)
 * @param metadata host data stored with the hold and returned with it
 * @param options adjacency mode and slack override for the checks the hold must pass; stored with the hold so that
 *     confirming it re-validates the same way
 */
public record PlaceHoldRequest(
        RestaurantId restaurantId,
        List<TableId> tableIds,
        TimeWindow window,
        Duration ttl,
        @Nullable BookingId bookingId,
        @Nullable Integer partySize,
        @Nullable String createdBy,
        Map<String, String> metadata,
        ValidationOptions options) {

    /**
     * Creates a request; the list and map are copied.
     *
     * @param restaurantId the restaurant; every table must belong to it
     * @param tableIds the tables to hold, in the caller's order
     * @param window the window to protect {@code [start, end)}
     * @param ttl time to live: the hold expires at {@code now + ttl} unless confirmed or extended
     * @param bookingId the booking the hold is for, if already known; a booking has at most one active hold
     * @param partySize the party size, if known (used by validation)
     * @param createdBy who places the hold (free text chosen by the host: a user id, "web", …)
     * @param metadata host data stored with the hold and returned with it
     * @param options adjacency mode and slack override for the checks the hold must pass; stored with the hold so that
     *     confirming it re-validates the same way
     * @throws NullPointerException if a non-nullable component, a table id, or a metadata key or value is null; the
     *     message names the component
     */
    public PlaceHoldRequest {
        Objects.requireNonNull(restaurantId, "restaurantId");
        tableIds = Copies.list(tableIds, "tableIds");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(ttl, "ttl");
        metadata = Copies.map(metadata, "metadata");
        Objects.requireNonNull(options, "options");
    }

    /**
     * Starts a request for a restaurant and window.
     *
     * @param restaurantId the restaurant
     * @param window the window to protect
     * @return a builder; set at least the tables and the time-to-live
     */
    public static Builder builder(RestaurantId restaurantId, TimeWindow window) {
        return new Builder(restaurantId, window);
    }

    /** Builds a {@link PlaceHoldRequest}. Not thread-safe. */
    public static final class Builder {
        private final RestaurantId restaurantId;
        private final TimeWindow window;
        private final List<TableId> tableIds = new ArrayList<>();
        private @Nullable Duration ttl;
        private @Nullable BookingId bookingId;
        private @Nullable Integer partySize;
        private @Nullable String createdBy;
        private final Map<String, String> metadata = new LinkedHashMap<>();
        private ValidationOptions options = ValidationOptions.defaults();

        private Builder(RestaurantId restaurantId, TimeWindow window) {
            this.restaurantId = Objects.requireNonNull(restaurantId, "restaurantId");
            this.window = Objects.requireNonNull(window, "window");
        }

        /**
         * Adds tables to hold.
         *
         * @param tables table ids, in order
         * @return this builder
         */
        public Builder tables(TableId... tables) {
            return tables(List.of(tables));
        }

        /**
         * Adds tables to hold.
         *
         * @param tables table ids, in order
         * @return this builder
         */
        public Builder tables(List<TableId> tables) {
            Objects.requireNonNull(tables, "tables").forEach(t -> tableIds.add(Objects.requireNonNull(t, "table")));
            return this;
        }

        /**
         * Sets the time to live.
         *
         * @param ttl how long the hold lives unless confirmed or extended
         * @return this builder
         */
        public Builder ttl(Duration ttl) {
            this.ttl = Objects.requireNonNull(ttl, "ttl");
            return this;
        }

        /**
         * Sets the booking the hold is for.
         *
         * @param bookingId the booking
         * @return this builder
         */
        public Builder bookingId(@Nullable BookingId bookingId) {
            this.bookingId = bookingId;
            return this;
        }

        /**
         * Sets the party size.
         *
         * @param partySize number of guests
         * @return this builder
         */
        public Builder partySize(@Nullable Integer partySize) {
            this.partySize = partySize;
            return this;
        }

        /**
         * Sets who places the hold.
         *
         * @param createdBy free text chosen by the host
         * @return this builder
         */
        public Builder createdBy(@Nullable String createdBy) {
            this.createdBy = createdBy;
            return this;
        }

        /**
         * Adds a metadata entry.
         *
         * @param key the key
         * @param value the value
         * @return this builder
         */
        public Builder metadata(String key, String value) {
            metadata.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Sets the check options (default {@link ValidationOptions#defaults()}).
         *
         * @param options adjacency mode and slack override
         * @return this builder
         */
        public Builder options(ValidationOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * Builds the request.
         *
         * @return the request
         * @throws NullPointerException if no time-to-live was set
         */
        public PlaceHoldRequest build() {
            return new PlaceHoldRequest(restaurantId, tableIds, window, Objects.requireNonNull(ttl, "ttl"), bookingId,
                    partySize, createdBy, metadata, options);
        }
    }
}
