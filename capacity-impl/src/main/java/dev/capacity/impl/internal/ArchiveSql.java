package dev.capacity.impl.internal;

import static dev.capacity.impl.internal.Db.odt;
import static dev.capacity.impl.internal.db.Tables.ALLOCATIONS;
import static dev.capacity.impl.internal.db.Tables.ALLOCATIONS_ARCHIVE;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jooq.CommonTableExpression;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SelectField;
import org.jooq.TableField;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

/**
 * Moves allocations to {@code allocations_archive} in one statement: {@code DELETE … RETURNING} feeds the insert,
 * so a row is either live or archived, never both and never neither. An id that is already archived (restored and
 * archived again, say) is overwritten by the live row, which is the newer truth; it is never left live.
 */
public final class ArchiveSql {

    /** The columns both tables share, in the archive's order. */
    private static final List<TableField<?, ?>> LIVE = List.of(ALLOCATIONS.ID, ALLOCATIONS.RESTAURANT_ID,
            ALLOCATIONS.TABLE_ID, ALLOCATIONS.KIND, ALLOCATIONS.BOOKING_ID, ALLOCATIONS.HOLD_ID, ALLOCATIONS.DURING,
            ALLOCATIONS.CREATED_AT, ALLOCATIONS.CREATED_BY, ALLOCATIONS.NOTE, ALLOCATIONS.SLACK_OVERRIDE_REASON,
            ALLOCATIONS.SLACK_OVERRIDE_ACTOR);

    private static final List<TableField<?, ?>> ARCHIVED = List.of(ALLOCATIONS_ARCHIVE.ID,
            ALLOCATIONS_ARCHIVE.RESTAURANT_ID, ALLOCATIONS_ARCHIVE.TABLE_ID, ALLOCATIONS_ARCHIVE.KIND,
            ALLOCATIONS_ARCHIVE.BOOKING_ID, ALLOCATIONS_ARCHIVE.HOLD_ID, ALLOCATIONS_ARCHIVE.DURING,
            ALLOCATIONS_ARCHIVE.CREATED_AT, ALLOCATIONS_ARCHIVE.CREATED_BY, ALLOCATIONS_ARCHIVE.NOTE,
            ALLOCATIONS_ARCHIVE.SLACK_OVERRIDE_REASON, ALLOCATIONS_ARCHIVE.SLACK_OVERRIDE_ACTOR,
            ALLOCATIONS_ARCHIVE.ARCHIVED_AT);

    private ArchiveSql() {
    }

    /**
     * Moves the live allocations matching {@code which} to the archive.
     *
     * @param tx the transaction
     * @param which the rows to move (on {@code allocations})
     * @param archivedAt the archive time to record
     * @return how many rows moved
     */
    public static int move(DSLContext tx, Condition which, Instant archivedAt) {
        return move(tx, null, which, archivedAt);
    }

    /**
     * Moves the live allocations matching {@code which} to the archive, with a leading CTE (the pruner's locked
     * candidates) that {@code which} may refer to.
     *
     * @param tx the transaction
     * @param first a CTE to put before the move, or null
     * @param which the rows to move (on {@code allocations})
     * @param archivedAt the archive time to record
     * @return how many rows moved
     */
    public static int move(DSLContext tx, @Nullable CommonTableExpression<?> first, Condition which,
            Instant archivedAt) {
        CommonTableExpression<?> moved = DSL.name("moved").as(
                tx.deleteFrom(ALLOCATIONS).where(which).returningResult(LIVE));
        List<SelectField<?>> select = new ArrayList<>();
        for (TableField<?, ?> f : LIVE) {
            select.add(moved.field(f));
        }
        select.add(DSL.val(odt(archivedAt)));
        List<Field<?>> into = new ArrayList<>(ARCHIVED);
        var with = first == null ? tx.with(moved) : tx.with(first).with(moved);
        return with
                .insertInto(ALLOCATIONS_ARCHIVE, into)
                .select(DSL.select(select).from(moved))
                .onConflict(ALLOCATIONS_ARCHIVE.ID).doUpdate().setAllToExcluded()
                .execute();
    }
}
