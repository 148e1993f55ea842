package dev.capacity.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * An immutable snapshot of a restaurant's floor plan: zones, tables, adjacency and the version it was read at.
 * Safe to share between threads and to cache; nothing reachable from it can be modified.
 *
 * @param restaurantId the restaurant
 * @param version the floor-plan version (0 for a restaurant never edited); it grows with every edit
 * @param zones zones ordered by sort order, then name
 * @param tables tables ordered by label
 * @param adjacency undirected edges, each once
 */
public record FloorPlan(
        RestaurantId restaurantId, long version, List<Zone> zones, List<DiningTable> tables, Set<Adjacency> adjacency) {

    /**
     * Creates a snapshot; collections are copied.
     *
     * @param restaurantId the restaurant
     * @param version the floor-plan version (0 for a restaurant never edited); it grows with every edit
     * @param zones zones ordered by sort order, then name
     * @param tables tables ordered by label
     * @param adjacency undirected edges, each once
     * @throws NullPointerException if a component is null
     */
    public FloorPlan {
        Objects.requireNonNull(restaurantId, "restaurantId");
        zones = List.copyOf(Objects.requireNonNull(zones, "zones"));
        tables = List.copyOf(Objects.requireNonNull(tables, "tables"));
        adjacency = Set.copyOf(Objects.requireNonNull(adjacency, "adjacency"));
    }

    /**
     * Finds a table.
     *
     * @param id the table
     * @return the table, or empty if it is not in this plan
     */
    public Optional<DiningTable> table(TableId id) {
        Objects.requireNonNull(id, "id");
        return tables.stream().filter(t -> t.id().equals(id)).findFirst();
    }

    /**
     * Returns the tables by id.
     *
     * @return an unmodifiable map
     */
    public Map<TableId, DiningTable> tablesById() {
        return tables.stream().collect(Collectors.toUnmodifiableMap(DiningTable::id, Function.identity()));
    }

    /**
     * Tells whether two tables are adjacent.
     *
     * @param x one table
     * @param y the other
     * @return {@code true} if an edge joins them
     */
    public boolean adjacent(TableId x, TableId y) {
        return !x.equals(y) && adjacency.contains(Adjacency.of(x, y));
    }
}
