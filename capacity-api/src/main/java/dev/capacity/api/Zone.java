package dev.capacity.api;

import java.util.Objects;

/**
 * A named area of a restaurant's floor. Tables merged for one party must share a zone.
 *
 * @param id the zone
 * @param restaurantId its restaurant
 * @param name its name, unique in the restaurant case-insensitively
 * @param sortOrder position in lists, ascending
 */
public record Zone(ZoneId id, RestaurantId restaurantId, String name, int sortOrder) {

    /**
     * Creates a zone value.
     *
     * @param id the zone
     * @param restaurantId its restaurant
     * @param name its name, unique in the restaurant case-insensitively
     * @param sortOrder position in lists, ascending
     * @throws NullPointerException if a component is null
     */
    public Zone {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(restaurantId, "restaurantId");
        Objects.requireNonNull(name, "name");
    }
}
