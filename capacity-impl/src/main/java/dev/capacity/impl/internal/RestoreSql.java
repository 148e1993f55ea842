package dev.capacity.impl.internal;

import static dev.capacity.impl.internal.Db.odt;
import static dev.capacity.impl.internal.db.Tables.ALLOCATIONS;
import static dev.capacity.impl.internal.db.Tables.ALLOCATIONS_ARCHIVE;
import static dev.capacity.impl.internal.db.Tables.DINING_TABLES;
import static dev.capacity.impl.internal.db.Tables.HOLDS;

import dev.capacity.api.AllocationKind;
import dev.capacity.api.Blocker;
import dev.capacity.api.RestaurantId;
import dev.capacity.api.TableId;
import dev.capacity.impl.internal.db.tables.records.HoldsRecord;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jooq.CommonTableExpression;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.TableField;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

/** Moves archived allocations back to the live ledger: the reverse of {@link ArchiveSql}, in one statement. */
public final class RestoreSql {

    private static final List<TableField<?, ?>> ARCHIVED = List.of(ALLOCATIONS_ARCHIVE.ID,
            ALLOCATIONS_ARCHIVE.RESTAURANT_ID, ALLOCATIONS_ARCHIVE.TABLE_ID, ALLOCATIONS_ARCHIVE.KIND,
            ALLOCATIONS_ARCHIVE.BOOKING_ID, ALLOCATIONS_ARCHIVE.HOLD_ID, ALLOCATIONS_ARCHIVE.DURING,
            ALLOCATIONS_ARCHIVE.CREATED_AT, ALLOCATIONS_ARCHIVE.CREATED_BY, ALLOCATIONS_ARCHIVE.NOTE,
            ALLOCATIONS_ARCHIVE.SLACK_OVERRIDE_REASON, ALLOCATIONS_ARCHIVE.SLACK_OVERRIDE_ACTOR);

    private static final List<Field<?>> LIVE = List.of(ALLOCATIONS.ID, ALLOCATIONS.RESTAURANT_ID,
            ALLOCATIONS.TABLE_ID, ALLOCATIONS.KIND, ALLOCATIONS.BOOKING_ID, ALLOCATIONS.HOLD_ID, ALLOCATIONS.DURING,
            ALLOCATIONS.CREATED_AT, ALLOCATIONS.CREATED_BY, ALLOCATIONS.NOTE, ALLOCATIONS.SLACK_OVERRIDE_REASON,
            ALLOCATIONS.SLACK_OVERRIDE_ACTOR);

    private RestoreSql() {
    }

    /**
     * Archived rows of a restaurant matching {@code which}.
     *
     * @param r the restaurant
     * @param which further condition on {@code allocations_archive}
     * @return the condition
     */
    public static Condition archived(RestaurantId r, Condition which) {
        return ALLOCATIONS_ARCHIVE.RESTAURANT_ID.eq(r.value()).and(which);
    }

    /**
     * Deletes expired, unconfirmed holds whose allocations overlap rows about to be restored: expired holds never
     * block anyone, a restore included.
     *
     * @param tx the transaction
     * @param archived the rows to restore
     * @param now business time
     * @return the deleted holds
     */
    public static List<HoldsRecord> clearExpiredHolds(DSLContext tx, Condition archived, Instant now) {
        return tx.deleteFrom(HOLDS)
                .where(HOLDS.CONFIRMED_AT.isNull(), HOLDS.EXPIRES_AT.le(odt(now)),
                        HOLDS.ID.in(DSL.select(ALLOCATIONS.HOLD_ID).from(ALLOCATIONS).join(ALLOCATIONS_ARCHIVE)
                                .on(overlapping())
                                .where(archived, ALLOCATIONS.KIND.eq(LedgerRows.kind(AllocationKind.HOLD)))))
                .returning().fetch();
    }

    /**
     * Moves the archived rows back in one statement. An overlap with a live row raises the exclusion violation
     * and moves nothing.
     *
     * @param tx the transaction
     * @param archived the rows to restore
     * @return rows restored
     */
    public static int restore(DSLContext tx, Condition archived) {
        CommonTableExpression<?> back = DSL.name("back").as(
                tx.deleteFrom(ALLOCATIONS_ARCHIVE).where(archived).returningResult(ARCHIVED));
        List<org.jooq.SelectField<?>> select = ARCHIVED.stream().<org.jooq.SelectField<?>>map(back::field).toList();
        return tx.with(back).insertInto(ALLOCATIONS, LIVE).select(DSL.select(select).from(back)).execute();
    }

    /**
     * The tables of the rows to restore.
     *
     * @param ctx the transaction
     * @param archived the rows to restore
     * @return their table ids
     */
    public static List<TableId> tables(DSLContext ctx, Condition archived) {
        return ctx.selectDistinct(ALLOCATIONS_ARCHIVE.TABLE_ID).from(ALLOCATIONS_ARCHIVE).where(archived)
                .fetch(ALLOCATIONS_ARCHIVE.TABLE_ID).stream().map(TableId::new).toList();
    }

    /**
     * Live allocations overlapping the rows to restore (allocations of expired holds excluded).
     *
     * @param ctx a connection
     * @param archived the rows to restore
     * @param now business time
     * @return the blockers
     */
    public static List<Blocker> blockers(DSLContext ctx, Condition archived, Instant now) {
        return ctx.selectDistinct(LedgerRows.ALLOCATION_FIELDS).select(HOLDS.EXPIRES_AT)
                .from(ALLOCATIONS).join(ALLOCATIONS_ARCHIVE).on(overlapping())
                .leftJoin(HOLDS).on(HOLDS.ID.eq(ALLOCATIONS.HOLD_ID))
                .where(archived, ALLOCATIONS.KIND.ne(LedgerRows.kind(AllocationKind.HOLD))
                        .or(HOLDS.EXPIRES_AT.gt(odt(now))))
                .orderBy(ALLOCATIONS.TABLE_ID, LedgerRows.START)
                .fetch(LedgerRows::blocker);
    }

    /**
     * A table of the rows to restore that no longer exists.
     *
     * @param ctx a connection
     * @param archived the rows to restore
     * @return the table, or null when all exist
     */
    public static @Nullable TableId missingTable(DSLContext ctx, Condition archived) {
        UUID id = ctx.select(ALLOCATIONS_ARCHIVE.TABLE_ID).from(ALLOCATIONS_ARCHIVE)
                .where(archived, DSL.notExists(DSL.selectOne().from(DINING_TABLES)
                        .where(DINING_TABLES.RESTAURANT_ID.eq(ALLOCATIONS_ARCHIVE.RESTAURANT_ID),
                                DINING_TABLES.ID.eq(ALLOCATIONS_ARCHIVE.TABLE_ID))))
                .limit(1).fetchOne(ALLOCATIONS_ARCHIVE.TABLE_ID);
        return id == null ? null : new TableId(id);
    }

    private static Condition overlapping() {
        return ALLOCATIONS.RESTAURANT_ID.eq(ALLOCATIONS_ARCHIVE.RESTAURANT_ID)
                .and(ALLOCATIONS.TABLE_ID.eq(ALLOCATIONS_ARCHIVE.TABLE_ID))
                .and(DSL.condition("{0} && {1}", ALLOCATIONS.DURING, ALLOCATIONS_ARCHIVE.DURING));
    }
}
