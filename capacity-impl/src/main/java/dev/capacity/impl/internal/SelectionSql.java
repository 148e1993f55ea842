package dev.capacity.impl.internal;

import static dev.capacity.impl.internal.db.Tables.DINING_TABLES;
import static dev.capacity.impl.internal.db.Tables.FLOOR_PLAN_VERSIONS;
import static dev.capacity.impl.internal.db.Tables.TABLE_ADJACENCY;

import dev.capacity.api.Adjacency;
import dev.capacity.api.DiningTable;
import dev.capacity.api.FloorPlan;
import dev.capacity.api.RestaurantId;
import dev.capacity.api.TableId;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Reads the part of a floor plan that validating a selection needs: the selected tables, the edges between them
 * and the restaurant's version. Reading only the selection keeps a write's validation cheap without a cache, and
 * exact inside the write's transaction.
 */
public final class SelectionSql {

    private SelectionSql() {
    }

    /**
     * Reads the selection's tables and edges.
     *
     * @param ctx a connection or transaction
     * @param r the restaurant
     * @param tables the selection
     * @return a partial plan: only the selected tables that exist, and the edges among them; no zones
     */
    public static FloorPlan snapshot(DSLContext ctx, RestaurantId r, Collection<TableId> tables) {
        List<UUID> ids = tables.stream().map(TableId::value).toList();
        Field<Long> version = DSL.field(DSL.select(DSL.coalesce(DSL.max(FLOOR_PLAN_VERSIONS.VERSION), 0L))
                .from(FLOOR_PLAN_VERSIONS).where(FLOOR_PLAN_VERSIONS.RESTAURANT_ID.eq(r.value())));
        // Each table row carries its selected neighbours with a higher id (edges are stored once, a < b), so the
        // tables and the edges among them come back in one round trip.
        Field<UUID[]> neighbours = ids.size() < 2 ? DSL.inline(null, SQLDataType.UUID.array())
                : DSL.array(DSL.select(TABLE_ADJACENCY.TABLE_B).from(TABLE_ADJACENCY)
                        .where(TABLE_ADJACENCY.RESTAURANT_ID.eq(r.value()),
                                TABLE_ADJACENCY.TABLE_A.eq(DINING_TABLES.ID),
                                LedgerSql.idIn(TABLE_ADJACENCY.TABLE_B, ids)));
        var rows = ctx.select(DINING_TABLES.fields()).select(version, neighbours).from(DINING_TABLES)
                .where(DINING_TABLES.RESTAURANT_ID.eq(r.value()), LedgerSql.idIn(DINING_TABLES.ID, ids))
                .fetch();
        long v = rows.isEmpty() ? version(ctx, r) : rows.get(0).get(version);
        List<DiningTable> found = rows.map(row -> FloorPlanRows.table(row.into(DINING_TABLES)));
        Set<Adjacency> edges = new HashSet<>();
        for (var row : rows) {
            UUID[] higher = row.get(neighbours);
            if (higher != null) {
                TableId a = new TableId(row.get(DINING_TABLES.ID));
                for (UUID b : higher) {
                    edges.add(new Adjacency(a, new TableId(b)));
                }
            }
        }
        return new FloorPlan(r, v, List.of(), found, edges);
    }

    /**
     * The restaurant's floor-plan version, 0 when never edited.
     *
     * @param ctx a connection or transaction
     * @param r the restaurant
     * @return the version
     */
    public static long version(DSLContext ctx, RestaurantId r) {
        Long v = ctx.select(FLOOR_PLAN_VERSIONS.VERSION).from(FLOOR_PLAN_VERSIONS)
                .where(FLOOR_PLAN_VERSIONS.RESTAURANT_ID.eq(r.value())).fetchOne(FLOOR_PLAN_VERSIONS.VERSION);
        return v == null ? 0L : v;
    }
}
