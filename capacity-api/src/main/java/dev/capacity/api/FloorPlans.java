package dev.capacity.api;

import dev.capacity.api.error.CapacityUnavailable;

/**
 * Cached, immutable floor-plan snapshots per restaurant, for reads that may be a moment stale (availability
 * screens, validation previews). Writes never rely on it: every write validates against the floor plan read in its
 * own transaction.
 *
 * <p>Entries are invalidated after every edit made through the library, and — through the database triggers and a
 * notification listener — after every edit made anywhere else, by another instance or by plain SQL. A time-to-live
 * is only a backstop. Invalidation never throws.
 *
 * <p>Implementations are thread-safe.
 */
public interface FloorPlans {

    /**
     * Returns the restaurant's floor plan, from the cache when present.
     *
     * @param restaurantId the restaurant
     * @return an immutable snapshot; empty with version 0 for a restaurant without a plan
     * @throws CapacityUnavailable (503) when it is not cached and the database cannot be reached
     */
    FloorPlan get(RestaurantId restaurantId);

    /**
     * Drops the restaurant's cached plan, for hosts that change floor-plan data by means the library cannot see.
     * Never throws.
     *
     * @param restaurantId the restaurant
     */
    void invalidate(RestaurantId restaurantId);

    /** Drops every cached plan. Never throws. */
    void invalidateAll();
}
