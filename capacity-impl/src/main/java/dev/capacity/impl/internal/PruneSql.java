package dev.capacity.impl.internal;

import static dev.capacity.impl.internal.Db.odt;
import static dev.capacity.impl.internal.db.Tables.ALLOCATIONS;
import static dev.capacity.impl.internal.db.Tables.ALLOCATIONS_ARCHIVE;
import static dev.capacity.impl.internal.db.Tables.HOLDS;

import dev.capacity.api.AllocationKind;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.jooq.CommonTableExpression;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record1;
import org.jooq.Record2;
import org.jooq.impl.DSL;

/** The pruner's SQL: one statement per archive batch, the dry-run count and the archive purge. */
public final class PruneSql {

    private static final String HOLD = LedgerRows.kind(AllocationKind.HOLD);

    private PruneSql() {
    }

    /** Eligible rows: finished before the cutoff, never a hold's (those go with their hold). */
    private static Condition eligible(Instant cutoff) {
        return LedgerRows.END.lt(odt(cutoff)).and(ALLOCATIONS.KIND.ne(HOLD));
    }

    /**
     * Archives one batch in one statement: candidates in {@code upper(during)} order (served by its index, so a
     * batch costs the same however large the table is), locked {@code FOR UPDATE SKIP LOCKED} in a materialized
     * CTE, then moved by {@link ArchiveSql#move}, which re-asserts the predicate.
     *
     * @param tx the batch's transaction
     * @param cutoff rows whose window ended before it are eligible
     * @param limit batch size
     * @param archivedAt the archive time to record
     * @return rows moved
     */
    public static int archiveBatch(DSLContext tx, Instant cutoff, int limit, Instant archivedAt) {
        CommonTableExpression<Record1<UUID>> candidates = DSL.name("candidates").fields("id")
                .asMaterialized(DSL.select(ALLOCATIONS.ID).from(ALLOCATIONS)
                        .where(eligible(cutoff))
                        .orderBy(LedgerRows.END, ALLOCATIONS.ID)
                        .limit(limit)
                        .forUpdate().skipLocked());
        return ArchiveSql.move(tx, candidates,
                // By primary key: a semi-join with the CTE may hash-join against a scan of the whole table.
                ALLOCATIONS.ID.eq(DSL.any(DSL.array(DSL.select(candidates.field("id", UUID.class)).from(candidates))))
                        .and(eligible(cutoff)), archivedAt);
    }

    /**
     * Counts eligible rows and finds the earliest end among them.
     *
     * @param ctx a connection
     * @param cutoff the cutoff
     * @return count and earliest end (null when none)
     */
    public static Record2<Integer, OffsetDateTime> eligibleStats(DSLContext ctx, Instant cutoff) {
        return ctx.select(DSL.count(), DSL.min(LedgerRows.END)).from(ALLOCATIONS).where(eligible(cutoff)).fetchOne();
    }

    /**
     * Whether any eligible row is left (cheap: stops at the first index entry).
     *
     * @param ctx a connection
     * @param cutoff the cutoff
     * @return true if one is left
     */
    public static boolean anyEligible(DSLContext ctx, Instant cutoff) {
        return ctx.fetchExists(DSL.selectOne().from(ALLOCATIONS).where(eligible(cutoff)));
    }

    /**
     * Deletes one batch of archive rows archived before {@code before}.
     *
     * @param tx the batch's transaction
     * @param before archive time cutoff
     * @param limit batch size
     * @return rows deleted
     */
    public static int purgeBatch(DSLContext tx, Instant before, int limit) {
        return tx.deleteFrom(ALLOCATIONS_ARCHIVE)
                .where(ALLOCATIONS_ARCHIVE.ID.in(DSL.select(ALLOCATIONS_ARCHIVE.ID).from(ALLOCATIONS_ARCHIVE)
                        .where(ALLOCATIONS_ARCHIVE.ARCHIVED_AT.lt(odt(before)))
                        .orderBy(ALLOCATIONS_ARCHIVE.ARCHIVED_AT)
                        .limit(limit)
                        .forUpdate().skipLocked()))
                .execute();
    }

    /**
     * Deletes one batch of confirmed hold rows whose window ended before the cutoff. They only exist so that
     * confirming a hold twice returns the same result; once the window is history they would grow the table for
     * ever. Their allocations are already booking allocations and are not touched.
     *
     * @param tx the batch's transaction
     * @param cutoff window end cutoff
     * @param limit batch size
     * @return rows deleted
     */
    public static int purgeConfirmedHolds(DSLContext tx, Instant cutoff, int limit) {
        return tx.deleteFrom(HOLDS)
                .where(HOLDS.ID.in(DSL.select(HOLDS.ID).from(HOLDS)
                        .where(HOLDS.CONFIRMED_AT.isNotNull(), HOLDS.ENDS_AT.lt(odt(cutoff)))
                        .orderBy(HOLDS.ENDS_AT, HOLDS.ID)
                        .limit(limit)
                        .forUpdate().skipLocked()))
                .execute();
    }

    /**
     * Counts the archive.
     *
     * @param ctx a connection
     * @return rows archived
     */
    public static long archived(DSLContext ctx) {
        return ctx.fetchCount(ALLOCATIONS_ARCHIVE);
    }
}
