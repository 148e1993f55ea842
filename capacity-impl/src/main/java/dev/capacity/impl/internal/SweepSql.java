package dev.capacity.impl.internal;

import static dev.capacity.impl.internal.Db.odt;
import static dev.capacity.impl.internal.db.Tables.HOLDS;

import dev.capacity.impl.internal.db.tables.records.HoldsRecord;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.jooq.CommonTableExpression;
import org.jooq.DSLContext;
import org.jooq.Record1;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

/** The sweeper's SQL: one statement per batch, and the lag probe. */
public final class SweepSql {

    private SweepSql() {
    }

    /**
     * Claims and deletes one batch of expired holds in one statement: candidates in {@code (expires_at, id)} order,
     * locked {@code FOR UPDATE SKIP LOCKED} inside a materialized CTE (so the planner cannot apply the lock after
     * the limit on a different row set), then deleted by primary key with the predicate re-asserted, returning what
     * was deleted.
     * Allocations go by the foreign key's cascade.
     *
     * @param tx the batch's transaction
     * @param cutoff holds with {@code expires_at <= cutoff} are eligible
     * @param limit batch size
     * @return the deleted holds, with the columns of {@link LedgerRows#expired} only
     */
    public static List<HoldsRecord> sweepBatch(DSLContext tx, Instant cutoff, int limit) {
        OffsetDateTime at = odt(cutoff);
        CommonTableExpression<Record1<java.util.UUID>> victims = DSL.name("victims").fields("id")
                .asMaterialized(DSL.select(HOLDS.ID).from(HOLDS)
                        .where(HOLDS.CONFIRMED_AT.isNull(), HOLDS.EXPIRES_AT.le(at))
                        .orderBy(HOLDS.EXPIRES_AT, HOLDS.ID)
                        .limit(limit)
                        .forUpdate().skipLocked());
        // "= ANY(ARRAY(...))" makes the delete look the claimed ids up by primary key; a join with the CTE lets
        // the planner hash-join against a sequential scan of all holds, which grows with the table.
        return tx.with(victims)
                .delete(HOLDS)
                .where(HOLDS.ID.eq(DSL.any(DSL.array(
                                DSL.select(victims.field("id", java.util.UUID.class)).from(victims)))),
                        HOLDS.CONFIRMED_AT.isNull(), HOLDS.EXPIRES_AT.le(at))
                // Only what the HoldExpiredEvent carries: metadata and the rest would be transferred and parsed
                // for nothing.
                .returning(HOLDS.ID, HOLDS.RESTAURANT_ID, HOLDS.BOOKING_ID, HOLDS.TABLE_IDS, HOLDS.STARTS_AT,
                        HOLDS.ENDS_AT, HOLDS.EXPIRES_AT)
                .fetch();
    }

    /**
     * The expiry of the oldest unconfirmed hold with {@code expires_at <= now}, served by the sweep index.
     *
     * @param ctx a connection
     * @param now business time
     * @return the expiry, or null when no expired hold is left
     */
    public static @Nullable Instant oldestExpired(DSLContext ctx, Instant now) {
        OffsetDateTime oldest = ctx.select(DSL.min(HOLDS.EXPIRES_AT)).from(HOLDS)
                .where(HOLDS.CONFIRMED_AT.isNull(), HOLDS.EXPIRES_AT.le(odt(now)))
                .fetchOne(0, OffsetDateTime.class);
        return oldest == null ? null : oldest.toInstant();
    }
}
