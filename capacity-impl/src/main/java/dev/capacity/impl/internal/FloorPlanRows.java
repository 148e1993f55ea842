package dev.capacity.impl.internal;

import static dev.capacity.impl.internal.db.Tables.ALLOCATIONS;
import static dev.capacity.impl.internal.db.Tables.DINING_TABLES;
import static dev.capacity.impl.internal.db.Tables.FLOOR_PLAN_VERSIONS;
import static dev.capacity.impl.internal.db.Tables.TABLE_ADJACENCY;
import static dev.capacity.impl.internal.db.Tables.ZONES;

import dev.capacity.api.Adjacency;
import dev.capacity.api.AllocationKind;
import dev.capacity.api.DiningTable;
import dev.capacity.api.FloorPlan;
import dev.capacity.api.RestaurantId;
import dev.capacity.api.TableId;
import dev.capacity.api.TableSpec;
import dev.capacity.api.Zone;
import dev.capacity.api.ZoneId;
import dev.capacity.api.error.CapacityError;
import dev.capacity.api.error.DuplicateName;
import dev.capacity.impl.internal.db.tables.records.DiningTablesRecord;
import dev.capacity.impl.internal.db.tables.records.ZonesRecord;
import java.time.Instant;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.Record1;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

/** Floor-plan rows: shape checks, uniqueness, mapping to API values, and the snapshot read. */
public final class FloorPlanRows {

    /** Longest zone name. */
    public static final int MAX_ZONE_NAME = 200;
    /** Longest table label. */
    public static final int MAX_LABEL = 100;

    private FloorPlanRows() {
    }

    /**
     * Checks a table spec before any database work.
     *
     * @param spec the spec
     */
    public static void check(TableSpec spec) {
        RequestChecks.requiredText(spec.label(), "label", MAX_LABEL);
        if (spec.capacity() < 1) {
            throw RequestChecks.invalid("capacity", "capacity must be at least 1; got " + spec.capacity() + ".");
        }
        if (spec.minPartySize() < 1) {
            throw RequestChecks.invalid("minPartySize",
                    "minPartySize must be at least 1; got " + spec.minPartySize() + ".");
        }
        if (spec.maxPartySize() != null && spec.maxPartySize() < spec.minPartySize()) {
            throw RequestChecks.invalid("maxPartySize", "maxPartySize must not be below minPartySize ("
                    + spec.minPartySize() + "); got " + spec.maxPartySize() + ".");
        }
    }

    /**
     * Copies a spec onto a row.
     *
     * @param spec the spec
     * @param row the row
     */
    public static void apply(TableSpec spec, DiningTablesRecord row) {
        row.setZoneId(spec.zoneId().value());
        row.setLabel(spec.label());
        row.setCapacity(spec.capacity());
        row.setMinPartySize(spec.minPartySize());
        row.setMaxPartySize(spec.maxPartySize());
        row.setMovable(spec.movable());
        row.setActive(spec.active());
    }

    /**
     * Fails with {@link DuplicateName} when another zone of the restaurant has the name (case-insensitively).
     *
     * @param tx the transaction
     * @param r the restaurant
     * @param name the name
     * @param self the zone being renamed, or null
     */
    public static void requireZoneNameFree(DSLContext tx, RestaurantId r, String name, @Nullable ZoneId self) {
        boolean taken = tx.fetchExists(DSL.selectOne().from(ZONES).where(ZONES.RESTAURANT_ID.eq(r.value()),
                DSL.lower(ZONES.NAME).eq(DSL.lower(DSL.val(name))),
                self == null ? DSL.trueCondition() : ZONES.ID.ne(self.value())));
        if (taken) {
            throw new DuplicateName("zone", name, null);
        }
    }

    /**
     * Fails with {@link DuplicateName} when another table of the restaurant has the label.
     *
     * @param tx the transaction
     * @param r the restaurant
     * @param label the label
     * @param self the table being changed, or null
     */
    public static void requireLabelFree(DSLContext tx, RestaurantId r, String label, @Nullable TableId self) {
        boolean taken = tx.fetchExists(DSL.selectOne().from(DINING_TABLES).where(
                DINING_TABLES.RESTAURANT_ID.eq(r.value()), DINING_TABLES.LABEL.eq(label),
                self == null ? DSL.trueCondition() : DINING_TABLES.ID.ne(self.value())));
        if (taken) {
            throw new DuplicateName("table", label, null);
        }
    }

    /**
     * Runs an edit and reports a unique-key race lost to a concurrent edit as {@link DuplicateName}.
     *
     * @param entity {@code zone} or {@code table}
     * @param name the name or label written
     * @param edit the edit
     * @param <T> the result
     * @return the edit's result
     */
    public static <T> T uniqueName(String entity, String name, Supplier<T> edit) {
        try {
            return edit.get();
        } catch (CapacityError e) {
            if (e.getCause() != null && SqlStates.classify(e.getCause()) == SqlStates.Kind.UNIQUE_VIOLATION) {
                throw new DuplicateName(entity, name, e.getCause());
            }
            throw e;
        }
    }

    /**
     * Moves a table's finished booking and maintenance allocations to the archive before the table goes, so
     * deleting a table never loses history.
     *
     * @param tx the transaction
     * @param r the restaurant
     * @param table the table
     * @param now business time
     */
    public static void archivePastAllocations(DSLContext tx, RestaurantId r, TableId table, Instant now) {
        ArchiveSql.move(tx, ALLOCATIONS.RESTAURANT_ID.eq(r.value()).and(ALLOCATIONS.TABLE_ID.eq(table.value()))
                .and(ALLOCATIONS.KIND.ne(LedgerRows.kind(AllocationKind.HOLD))), now);
    }

    /**
     * Reads a consistent snapshot of a restaurant's floor plan.
     *
     * @param tx a transaction
     * @param r the restaurant
     * @return the snapshot
     */
    public static FloorPlan load(DSLContext tx, RestaurantId r) {
        Record1<Long> version = tx.select(FLOOR_PLAN_VERSIONS.VERSION).from(FLOOR_PLAN_VERSIONS)
                .where(FLOOR_PLAN_VERSIONS.RESTAURANT_ID.eq(r.value())).fetchOne();
        var zones = tx.selectFrom(ZONES).where(ZONES.RESTAURANT_ID.eq(r.value()))
                .orderBy(ZONES.SORT_ORDER, ZONES.NAME).fetch(FloorPlanRows::zone);
        var tables = tx.selectFrom(DINING_TABLES).where(DINING_TABLES.RESTAURANT_ID.eq(r.value()))
                .orderBy(DINING_TABLES.LABEL).fetch(FloorPlanRows::table);
        Set<Adjacency> edges = tx.selectFrom(TABLE_ADJACENCY).where(TABLE_ADJACENCY.RESTAURANT_ID.eq(r.value()))
                .fetch(e -> new Adjacency(new TableId(e.getTableA()), new TableId(e.getTableB())))
                .stream().collect(Collectors.toSet());
        return new FloorPlan(r, version == null ? 0L : version.value1(), zones, tables, edges);
    }

    /**
     * Maps a zone row.
     *
     * @param row the row
     * @return the zone
     */
    public static Zone zone(ZonesRecord row) {
        return new Zone(new ZoneId(row.getId()), new RestaurantId(row.getRestaurantId()), row.getName(),
                row.getSortOrder());
    }

    /**
     * Maps a table row.
     *
     * @param row the row
     * @return the table
     */
    public static DiningTable table(DiningTablesRecord row) {
        return new DiningTable(new TableId(row.getId()), new RestaurantId(row.getRestaurantId()),
                new ZoneId(row.getZoneId()), row.getLabel(), row.getCapacity(), row.getMinPartySize(),
                row.getMaxPartySize(), row.getMovable(), row.getActive());
    }
}
