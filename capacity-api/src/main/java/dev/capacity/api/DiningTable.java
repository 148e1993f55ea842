package dev.capacity.api;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A dining table.
 *
 * @param id the table
 * @param restaurantId its restaurant
 * @param zoneId its zone, in the same restaurant
 * @param label its label, unique in the restaurant
 * @param capacity seats, at least 1
 * @param minPartySize the smallest party seated at this table alone, at least 1
 * @param maxPartySize the largest party seated at this table alone, if limited (at least {@code minPartySize})
 * @param movable whether it can be pushed together with others
 * @param active whether it can be assigned; inactive tables stay in the plan
 */
public record DiningTable(
        TableId id, RestaurantId restaurantId, ZoneId zoneId, String label, int capacity, int minPartySize,
        @Nullable Integer maxPartySize, boolean movable, boolean active) {

    /**
     * Creates a table value.
     *
     * @param id the table
     * @param restaurantId its restaurant
     * @param zoneId its zone, in the same restaurant
     * @param label its label, unique in the restaurant
     * @param capacity seats, at least 1
     * @param minPartySize the smallest party seated at this table alone, at least 1
     * @param maxPartySize the largest party seated at this table alone, if limited (at least {@code minPartySize})
     * @param movable whether it can be pushed together with others
     * @param active whether it can be assigned; inactive tables stay in the plan
     * @throws NullPointerException if a non-nullable component is null
     */
    public DiningTable {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(restaurantId, "restaurantId");
        Objects.requireNonNull(zoneId, "zoneId");
        Objects.requireNonNull(label, "label");
    }
}
