package dev.capacity.api;

import dev.capacity.api.error.CapacityUnavailable;
import dev.capacity.api.error.DuplicateName;
import dev.capacity.api.error.InternalFailure;
import dev.capacity.api.error.InvalidRequest;
import dev.capacity.api.error.TableInUse;
import dev.capacity.api.error.TableNotFound;
import dev.capacity.api.error.ZoneInUse;
import dev.capacity.api.error.ZoneNotFound;

/**
 * Edits a restaurant's floor plan: zones, tables and adjacency. Every edit bumps the restaurant's floor-plan
 * version in the same transaction.
 *
 * <p>Every operation is scoped to one restaurant; ids of another restaurant are treated as unknown. Each edit is
 * one transaction: on any error nothing is written. Every method may also throw {@link CapacityUnavailable} (503)
 * and {@link InternalFailure} (500); a null argument throws {@link NullPointerException} naming it.
 *
 * <p>Implementations are thread-safe.
 */
public interface FloorPlanStore {

    /**
     * Creates a zone.
     *
     * @param restaurantId the restaurant
     * @param name non-blank, at most 200 characters, unique in the restaurant case-insensitively
     * @param sortOrder position in lists
     * @return the zone
     * @throws InvalidRequest (400) {@code INVALID_REQUEST} for a blank or over-long name, or one with NUL or an
     *     unpaired surrogate
     * @throws DuplicateName (409) when the name is taken
     */
    Zone createZone(RestaurantId restaurantId, String name, int sortOrder);

    /**
     * Renames or re-sorts a zone.
     *
     * @param restaurantId the restaurant
     * @param zoneId the zone
     * @param name the new name
     * @param sortOrder the new position
     * @return the zone after the change
     * @throws InvalidRequest (400) for a blank or over-long name, or one with NUL or an unpaired surrogate
     * @throws ZoneNotFound (404) when the zone does not exist in this restaurant
     * @throws DuplicateName (409) when another zone has the name
     */
    Zone updateZone(RestaurantId restaurantId, ZoneId zoneId, String name, int sortOrder);

    /**
     * Deletes an empty zone.
     *
     * @param restaurantId the restaurant
     * @param zoneId the zone
     * @throws ZoneNotFound (404) when the zone does not exist in this restaurant
     * @throws ZoneInUse (409) when the zone still has tables
     */
    void deleteZone(RestaurantId restaurantId, ZoneId zoneId);

    /**
     * Creates a table.
     *
     * @param restaurantId the restaurant
     * @param spec its attributes
     * @return the table
     * @throws InvalidRequest (400) for a capacity below 1, a minimum party size below 1, a maximum below the minimum,
     *     or a blank or over-long label, or one with NUL or an unpaired surrogate
     * @throws ZoneNotFound (404) when the zone does not exist in this restaurant
     * @throws DuplicateName (409) when the label is taken
     */
    DiningTable createTable(RestaurantId restaurantId, TableSpec spec);

    /**
     * Replaces a table's attributes.
     *
     * @param restaurantId the restaurant
     * @param tableId the table
     * @param spec its new attributes
     * @return the table after the change
     * @throws InvalidRequest (400) as for {@link #createTable}
     * @throws TableNotFound (404) when the table does not exist in this restaurant
     * @throws ZoneNotFound (404) when the new zone does not exist in this restaurant
     * @throws DuplicateName (409) when another table has the label
     */
    DiningTable updateTable(RestaurantId restaurantId, TableId tableId, TableSpec spec);

    /**
     * Activates or deactivates a table. Inactive tables keep their allocations but cannot be assigned.
     *
     * @param restaurantId the restaurant
     * @param tableId the table
     * @param active the new state
     * @return the table after the change
     * @throws TableNotFound (404) when the table does not exist in this restaurant
     */
    DiningTable setTableActive(RestaurantId restaurantId, TableId tableId, boolean active);

    /**
     * Deletes a table and its adjacency edges. Expired holds on it are cleaned first (and reported); its finished
     * booking and maintenance allocations are moved to the allocation archive in the same transaction, so no
     * history is lost (they cannot be restored while the table is gone).
     *
     * @param restaurantId the restaurant
     * @param tableId the table
     * @throws TableNotFound (404) when the table does not exist in this restaurant
     * @throws TableInUse (409) when the table has current or future allocations (active holds, bookings,
     *     maintenance); deactivate it instead
     */
    void deleteTable(RestaurantId restaurantId, TableId tableId);

    /**
     * Marks two tables as adjacent (undirected). Linking an already linked pair changes nothing.
     *
     * @param restaurantId the restaurant
     * @param x one table
     * @param y the other table
     * @return {@code true} if the edge was added, {@code false} if it existed
     * @throws InvalidRequest (400) when {@code x} and {@code y} are the same table
     * @throws TableNotFound (404) when either table does not exist in this restaurant
     */
    boolean linkTables(RestaurantId restaurantId, TableId x, TableId y);

    /**
     * Removes the adjacency between two tables, in either order.
     *
     * @param restaurantId the restaurant
     * @param x one table
     * @param y the other table
     * @return {@code true} if an edge was removed
     */
    boolean unlinkTables(RestaurantId restaurantId, TableId x, TableId y);

    /**
     * Reads the current floor plan directly from the store (no cache).
     *
     * @param restaurantId the restaurant
     * @return the snapshot; empty with version 0 for a restaurant without a plan
     */
    FloorPlan load(RestaurantId restaurantId);
}
