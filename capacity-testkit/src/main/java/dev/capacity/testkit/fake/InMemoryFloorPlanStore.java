package dev.capacity.testkit.fake;

import dev.capacity.api.Adjacency;
import dev.capacity.api.Allocation;
import dev.capacity.api.AllocationKind;
import dev.capacity.api.DiningTable;
import dev.capacity.api.FloorPlan;
import dev.capacity.api.FloorPlanStore;
import dev.capacity.api.RestaurantId;
import dev.capacity.api.TableId;
import dev.capacity.api.TableSpec;
import dev.capacity.api.Zone;
import dev.capacity.api.ZoneId;
import dev.capacity.api.error.DuplicateName;
import dev.capacity.api.error.ErrorCode;
import dev.capacity.api.error.InvalidRequest;
import dev.capacity.api.error.TableInUse;
import dev.capacity.api.error.TableNotFound;
import dev.capacity.api.error.ZoneInUse;
import dev.capacity.api.error.ZoneNotFound;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The in-memory floor-plan editor. It shares its {@link InMemoryState} with the ledger, so tables created here
 * are what the ledger checks selections against, and deleting a table consults the ledger. Every edit that
 * changes a row bumps the restaurant's version once per row, like the PostgreSQL triggers. Thread-safe through
 * the state's lock.
 */
final class InMemoryFloorPlanStore implements FloorPlanStore {

    private final InMemoryState state;

    InMemoryFloorPlanStore(InMemoryState state) {
        this.state = Objects.requireNonNull(state, "state");
    }

    @Override
    public Zone createZone(RestaurantId restaurantId, String name, int sortOrder) {
        Objects.requireNonNull(restaurantId, "restaurantId");
        Objects.requireNonNull(name, "name");
        Checks.throwIfPresent(Checks.zoneName(name));
        return state.write(tx -> {
            RestaurantData data = tx.restaurant(restaurantId);
            requireZoneNameFree(data, name, null);
            Zone zone = new Zone(ZoneId.random(), restaurantId, name, sortOrder);
            data.zones.put(zone.id(), zone);
            data.bumpVersion();
            return zone;
        });
    }

    @Override
    public Zone updateZone(RestaurantId restaurantId, ZoneId zoneId, String name, int sortOrder) {
        Objects.requireNonNull(restaurantId, "restaurantId");
        Objects.requireNonNull(zoneId, "zoneId");
        Objects.requireNonNull(name, "name");
        Checks.throwIfPresent(Checks.zoneName(name));
        return state.write(tx -> {
            RestaurantData data = tx.restaurant(restaurantId);
            requireZone(data, zoneId);
            requireZoneNameFree(data, name, zoneId);
            Zone zone = new Zone(zoneId, restaurantId, name, sortOrder);
            data.zones.put(zoneId, zone);
            data.bumpVersion();
            return zone;
        });
    }

    @Override
    public void deleteZone(RestaurantId restaurantId, ZoneId zoneId) {
        Objects.requireNonNull(restaurantId, "restaurantId");
        Objects.requireNonNull(zoneId, "zoneId");
        state.write(tx -> {
            RestaurantData data = tx.restaurant(restaurantId);
            requireZone(data, zoneId);
            int tables = (int) data.tables.values().stream().filter(t -> t.zoneId().equals(zoneId)).count();
            if (tables > 0) {
                throw new ZoneInUse(zoneId, tables);
            }
            data.zones.remove(zoneId);
            data.bumpVersion();
            return null;
        });
    }

    @Override
    public DiningTable createTable(RestaurantId restaurantId, TableSpec spec) {
        Objects.requireNonNull(restaurantId, "restaurantId");
        Objects.requireNonNull(spec, "spec");
        Checks.throwIfPresent(Checks.tableSpec(spec));
        return state.write(tx -> {
            RestaurantData data = tx.restaurant(restaurantId);
            requireZone(data, spec.zoneId());
            requireLabelFree(data, spec.label(), null);
            DiningTable table = toTable(TableId.random(), restaurantId, spec);
            data.tables.put(table.id(), table);
            data.bumpVersion();
            return table;
        });
    }

    @Override
    public DiningTable updateTable(RestaurantId restaurantId, TableId tableId, TableSpec spec) {
        Objects.requireNonNull(restaurantId, "restaurantId");
        Objects.requireNonNull(tableId, "tableId");
        Objects.requireNonNull(spec, "spec");
        Checks.throwIfPresent(Checks.tableSpec(spec));
        return state.write(tx -> {
            RestaurantData data = tx.restaurant(restaurantId);
            requireTable(data, tableId);
            requireZone(data, spec.zoneId());
            requireLabelFree(data, spec.label(), tableId);
            DiningTable table = toTable(tableId, restaurantId, spec);
            data.tables.put(tableId, table);
            data.bumpVersion();
            return table;
        });
    }

    @Override
    public DiningTable setTableActive(RestaurantId restaurantId, TableId tableId, boolean active) {
        Objects.requireNonNull(restaurantId, "restaurantId");
        Objects.requireNonNull(tableId, "tableId");
        return state.write(tx -> {
            RestaurantData data = tx.restaurant(restaurantId);
            DiningTable t = requireTable(data, tableId);
            DiningTable updated = new DiningTable(t.id(), t.restaurantId(), t.zoneId(), t.label(), t.capacity(),
                    t.minPartySize(), t.maxPartySize(), t.movable(), active);
            data.tables.put(tableId, updated);
            // The PostgreSQL trigger fires on every updated row, even one set to its current value.
            data.bumpVersion();
            return updated;
        });
    }

    @Override
    public void deleteTable(RestaurantId restaurantId, TableId tableId) {
        Objects.requireNonNull(restaurantId, "restaurantId");
        Objects.requireNonNull(tableId, "tableId");
        state.write(tx -> {
            RestaurantData data = tx.restaurant(restaurantId);
            requireTable(data, tableId);
            tx.clearExpiredHolds(data, List.of(tableId), null);
            List<Allocation> onTable = data.allocations.values().stream()
                    .filter(a -> a.tableId().equals(tableId))
                    .toList();
            // Current or future: a booking or block that has not ended yet, or any allocation of an active hold.
            int inUse = (int) onTable.stream()
                    .filter(a -> a.kind() == AllocationKind.HOLD
                            ? data.isLive(a, tx.now)
                            : a.window().end().isAfter(tx.now))
                    .count();
            if (inUse > 0) {
                throw new TableInUse(tableId, inUse);
            }
            // What is left is history: keep it in the archive, as the PostgreSQL implementation does.
            for (Allocation a : onTable) {
                data.archive(a, tx.now);
            }
            // The edges go with the table (ON DELETE CASCADE); one bump per deleted row, like the triggers.
            List<Adjacency> edges = data.edges.stream().filter(e -> e.touches(tableId)).toList();
            edges.forEach(data.edges::remove);
            data.tables.remove(tableId);
            for (int row = 0; row <= edges.size(); row++) {
                data.bumpVersion();
            }
            return null;
        });
    }

    @Override
    public boolean linkTables(RestaurantId restaurantId, TableId x, TableId y) {
        Objects.requireNonNull(restaurantId, "restaurantId");
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        if (x.equals(y)) {
            throw new InvalidRequest(ErrorCode.INVALID_REQUEST, "tables",
                    "A table cannot be adjacent to itself: " + x);
        }
        return state.write(tx -> {
            RestaurantData data = tx.restaurant(restaurantId);
            requireTable(data, x);
            requireTable(data, y);
            boolean added = data.edges.add(Adjacency.of(x, y));
            if (added) {
                data.bumpVersion();
            }
            return added;
        });
    }

    @Override
    public boolean unlinkTables(RestaurantId restaurantId, TableId x, TableId y) {
        Objects.requireNonNull(restaurantId, "restaurantId");
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        if (x.equals(y)) {
            return false; // no such edge can exist; Adjacency would reject the pair
        }
        return state.write(tx -> {
            RestaurantData data = tx.restaurant(restaurantId);
            boolean removed = data.edges.remove(Adjacency.of(x, y));
            if (removed) {
                data.bumpVersion();
            }
            return removed;
        });
    }

    @Override
    public FloorPlan load(RestaurantId restaurantId) {
        Objects.requireNonNull(restaurantId, "restaurantId");
        return state.read(restaurantId, (data, now) -> data.floorPlan());
    }

    private static void requireZone(RestaurantData data, ZoneId zoneId) {
        if (!data.zones.containsKey(zoneId)) {
            throw new ZoneNotFound(zoneId);
        }
    }

    private static DiningTable requireTable(RestaurantData data, TableId tableId) {
        DiningTable table = data.tables.get(tableId);
        if (table == null) {
            throw new TableNotFound(tableId);
        }
        return table;
    }

    /** Zone names are unique per restaurant case-insensitively, like the unique index on {@code lower(name)}. */
    private static void requireZoneNameFree(RestaurantData data, String name, @Nullable ZoneId self) {
        String wanted = name.toLowerCase(Locale.ROOT);
        boolean taken = data.zones.values().stream()
                .anyMatch(z -> !z.id().equals(self) && z.name().toLowerCase(Locale.ROOT).equals(wanted));
        if (taken) {
            throw new DuplicateName("zone", name, null);
        }
    }

    /** Labels are unique per restaurant exactly (case-sensitive), like the unique constraint. */
    private static void requireLabelFree(RestaurantData data, String label, @Nullable TableId self) {
        boolean taken = data.tables.values().stream()
                .anyMatch(t -> !t.id().equals(self) && t.label().equals(label));
        if (taken) {
            throw new DuplicateName("table", label, null);
        }
    }

    private static DiningTable toTable(TableId id, RestaurantId restaurantId, TableSpec spec) {
        return new DiningTable(id, restaurantId, spec.zoneId(), spec.label(), spec.capacity(), spec.minPartySize(),
                spec.maxPartySize(), spec.movable(), spec.active());
    }
}
