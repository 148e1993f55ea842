package dev.capacity.impl;

import static dev.capacity.impl.internal.Db.odt;
import static dev.capacity.impl.internal.db.Tables.ALLOCATIONS;
import static dev.capacity.impl.internal.db.Tables.DINING_TABLES;
import static dev.capacity.impl.internal.db.Tables.HOLDS;
import static dev.capacity.impl.internal.db.Tables.TABLE_ADJACENCY;
import static dev.capacity.impl.internal.db.Tables.ZONES;

import dev.capacity.api.Adjacency;
import dev.capacity.api.AllocationKind;
import dev.capacity.api.DiningTable;
import dev.capacity.api.FloorPlan;
import dev.capacity.api.FloorPlanStore;
import dev.capacity.api.RestaurantId;
import dev.capacity.api.TableId;
import dev.capacity.api.TableSpec;
import dev.capacity.api.Zone;
import dev.capacity.api.ZoneId;
import dev.capacity.api.error.TableInUse;
import dev.capacity.api.error.TableNotFound;
import dev.capacity.api.error.ZoneInUse;
import dev.capacity.api.error.ZoneNotFound;
import dev.capacity.api.event.CapacityListener;
import dev.capacity.impl.internal.Db;
import dev.capacity.impl.internal.FloorPlanRows;
import dev.capacity.impl.internal.LedgerRows;
import dev.capacity.impl.internal.RequestChecks;
import dev.capacity.impl.internal.db.tables.records.DiningTablesRecord;
import dev.capacity.impl.internal.db.tables.records.ZonesRecord;
import java.time.Instant;
import java.util.function.Function;
import java.util.Objects;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * {@link FloorPlanStore} on PostgreSQL through jOOQ. The schema's triggers bump the floor-plan version and notify
 * listeners in the editing transaction, so edits made here and edits made by plain SQL look the same to caches.
 * Immutable and thread-safe.
 */
final class JooqFloorPlanStore implements FloorPlanStore {

    private static final String HOLD = LedgerRows.kind(AllocationKind.HOLD);

    private final Db db;
    private final LedgerWrites writes;
    private final CaffeineFloorPlans cache;

    JooqFloorPlanStore(Db db, CapacityListener listener, CaffeineFloorPlans cache) {
        this.db = db;
        this.writes = new LedgerWrites(db, listener);
        this.cache = cache;
    }

    /**
     * Runs an edit in one transaction and drops the restaurant's cached plan once it is over. Dropping after a
     * failed edit too is harmless and keeps the rule simple.
     */
    private <T> T edit(RestaurantId restaurantId, String operation, Function<DSLContext, T> work) {
        try {
            return db.transaction(restaurantId, operation, work);
        } finally {
            cache.edited(restaurantId);
        }
    }

    @Override
    public Zone createZone(RestaurantId restaurantId, String name, int sortOrder) {
        Objects.requireNonNull(restaurantId, "restaurantId");
        Objects.requireNonNull(name, "name");
        RequestChecks.requiredText(name, "name", FloorPlanRows.MAX_ZONE_NAME);
        return FloorPlanRows.uniqueName("zone", name, () -> edit(restaurantId, "createZone", tx -> {
            FloorPlanRows.requireZoneNameFree(tx, restaurantId, name, null);
            ZonesRecord row = tx.newRecord(ZONES);
            row.setId(ZoneId.random().value());
            row.setRestaurantId(restaurantId.value());
            row.setName(name);
            row.setSortOrder(sortOrder);
            row.insert();
            return FloorPlanRows.zone(row);
        }));
    }

    @Override
    public Zone updateZone(RestaurantId restaurantId, ZoneId zoneId, String name, int sortOrder) {
        Objects.requireNonNull(restaurantId, "restaurantId");
        Objects.requireNonNull(zoneId, "zoneId");
        Objects.requireNonNull(name, "name");
        RequestChecks.requiredText(name, "name", FloorPlanRows.MAX_ZONE_NAME);
        return FloorPlanRows.uniqueName("zone", name, () -> edit(restaurantId, "updateZone", tx -> {
            ZonesRecord row = zone(tx, restaurantId, zoneId);
            FloorPlanRows.requireZoneNameFree(tx, restaurantId, name, zoneId);
            row.setName(name);
            row.setSortOrder(sortOrder);
            row.update();
            return FloorPlanRows.zone(row);
        }));
    }

    @Override
    public void deleteZone(RestaurantId restaurantId, ZoneId zoneId) {
        Objects.requireNonNull(restaurantId, "restaurantId");
        Objects.requireNonNull(zoneId, "zoneId");
        edit(restaurantId, "deleteZone", tx -> {
            ZonesRecord row = zone(tx, restaurantId, zoneId);
            int tables = tx.fetchCount(DINING_TABLES, DINING_TABLES.RESTAURANT_ID.eq(restaurantId.value()),
                    DINING_TABLES.ZONE_ID.eq(zoneId.value()));
            if (tables > 0) {
                throw new ZoneInUse(zoneId, tables);
            }
            row.delete();
            return null;
        });
    }

    @Override
    public DiningTable createTable(RestaurantId restaurantId, TableSpec spec) {
        Objects.requireNonNull(restaurantId, "restaurantId");
        Objects.requireNonNull(spec, "spec");
        FloorPlanRows.check(spec);
        return FloorPlanRows.uniqueName("table", spec.label(), () -> edit(restaurantId, "createTable", tx -> {
            zone(tx, restaurantId, spec.zoneId());
            FloorPlanRows.requireLabelFree(tx, restaurantId, spec.label(), null);
            DiningTablesRecord row = tx.newRecord(DINING_TABLES);
            row.setId(TableId.random().value());
            row.setRestaurantId(restaurantId.value());
            FloorPlanRows.apply(spec, row);
            row.insert();
            return FloorPlanRows.table(row);
        }));
    }

    @Override
    public DiningTable updateTable(RestaurantId restaurantId, TableId tableId, TableSpec spec) {
        Objects.requireNonNull(restaurantId, "restaurantId");
        Objects.requireNonNull(tableId, "tableId");
        Objects.requireNonNull(spec, "spec");
        FloorPlanRows.check(spec);
        return FloorPlanRows.uniqueName("table", spec.label(), () -> edit(restaurantId, "updateTable", tx -> {
            DiningTablesRecord row = table(tx, restaurantId, tableId);
            zone(tx, restaurantId, spec.zoneId());
            FloorPlanRows.requireLabelFree(tx, restaurantId, spec.label(), tableId);
            FloorPlanRows.apply(spec, row);
            row.update();
            return FloorPlanRows.table(row);
        }));
    }

    @Override
    public DiningTable setTableActive(RestaurantId restaurantId, TableId tableId, boolean active) {
        Objects.requireNonNull(restaurantId, "restaurantId");
        Objects.requireNonNull(tableId, "tableId");
        return edit(restaurantId, "setTableActive", tx -> {
            DiningTablesRecord row = table(tx, restaurantId, tableId);
            if (row.getActive() != active) {
                row.setActive(active);
                row.update();
            }
            return FloorPlanRows.table(row);
        });
    }

    @Override
    public void deleteTable(RestaurantId restaurantId, TableId tableId) {
        Objects.requireNonNull(restaurantId, "restaurantId");
        Objects.requireNonNull(tableId, "tableId");
        try {
            deleteTable(restaurantId, tableId, writes);
        } finally {
            cache.edited(restaurantId);
        }
    }

    private static void deleteTable(RestaurantId restaurantId, TableId tableId, LedgerWrites writes) {
        writes.simple(restaurantId, "deleteTable", (tx, now, removed) -> {
            DiningTablesRecord row = table(tx, restaurantId, tableId);
            // Expired holds on the table are cleaned first (and reported), so they never keep a table alive.
            removed.addAll(tx.deleteFrom(HOLDS)
                    .where(HOLDS.RESTAURANT_ID.eq(restaurantId.value()), HOLDS.CONFIRMED_AT.isNull(),
                            HOLDS.EXPIRES_AT.le(odt(now)),
                            HOLDS.ID.in(DSL.select(ALLOCATIONS.HOLD_ID).from(ALLOCATIONS)
                                    .where(ALLOCATIONS.TABLE_ID.eq(tableId.value()))))
                    .returning().fetch());
            int inUse = inUse(tx, restaurantId, tableId, now);
            if (inUse > 0) {
                throw new TableInUse(tableId, inUse);
            }
            FloorPlanRows.archivePastAllocations(tx, restaurantId, tableId, now);
            row.delete();
            return null;
        });
    }

    /** Allocations that keep a table: bookings and maintenance not yet over, and every active hold's. */
    private static int inUse(DSLContext tx, RestaurantId restaurantId, TableId tableId, Instant now) {
        return tx.fetchCount(DSL.selectOne().from(ALLOCATIONS)
                .where(ALLOCATIONS.RESTAURANT_ID.eq(restaurantId.value()), ALLOCATIONS.TABLE_ID.eq(tableId.value()),
                        ALLOCATIONS.KIND.eq(HOLD).or(LedgerRows.END.gt(odt(now)))));
    }

    @Override
    public boolean linkTables(RestaurantId restaurantId, TableId x, TableId y) {
        Objects.requireNonNull(restaurantId, "restaurantId");
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        if (x.equals(y)) {
            throw RequestChecks.invalid("tables", "A table cannot be adjacent to itself: " + x + ".");
        }
        Adjacency edge = Adjacency.of(x, y);
        return edit(restaurantId, "linkTables", tx -> {
            table(tx, restaurantId, x);
            table(tx, restaurantId, y);
            return tx.insertInto(TABLE_ADJACENCY, TABLE_ADJACENCY.RESTAURANT_ID, TABLE_ADJACENCY.TABLE_A,
                            TABLE_ADJACENCY.TABLE_B)
                    .values(restaurantId.value(), edge.a().value(), edge.b().value())
                    .onConflictDoNothing()
                    .execute() > 0;
        });
    }

    @Override
    public boolean unlinkTables(RestaurantId restaurantId, TableId x, TableId y) {
        Objects.requireNonNull(restaurantId, "restaurantId");
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        if (x.equals(y)) {
            return false;
        }
        Adjacency edge = Adjacency.of(x, y);
        return edit(restaurantId, "unlinkTables", tx -> tx.deleteFrom(TABLE_ADJACENCY)
                .where(TABLE_ADJACENCY.RESTAURANT_ID.eq(restaurantId.value()),
                        TABLE_ADJACENCY.TABLE_A.eq(edge.a().value()), TABLE_ADJACENCY.TABLE_B.eq(edge.b().value()))
                .execute() > 0);
    }

    @Override
    public FloorPlan load(RestaurantId restaurantId) {
        Objects.requireNonNull(restaurantId, "restaurantId");
        // One transaction so zones, tables, edges and version are one consistent snapshot.
        return db.transaction(restaurantId, "loadFloorPlan", tx -> FloorPlanRows.load(tx, restaurantId));
    }

    private static ZonesRecord zone(DSLContext tx, RestaurantId restaurantId, ZoneId zoneId) {
        ZonesRecord row = tx.selectFrom(ZONES)
                .where(ZONES.RESTAURANT_ID.eq(restaurantId.value()), ZONES.ID.eq(zoneId.value()))
                .forUpdate().fetchOne();
        if (row == null) {
            throw new ZoneNotFound(zoneId);
        }
        return row;
    }

    private static DiningTablesRecord table(DSLContext tx, RestaurantId restaurantId, TableId tableId) {
        DiningTablesRecord row = tx.selectFrom(DINING_TABLES)
                .where(DINING_TABLES.RESTAURANT_ID.eq(restaurantId.value()), DINING_TABLES.ID.eq(tableId.value()))
                .forUpdate().fetchOne();
        if (row == null) {
            throw new TableNotFound(tableId);
        }
        return row;
    }
}
