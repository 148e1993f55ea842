package dev.capacity.impl.internal;

import static dev.capacity.impl.internal.Db.odt;
import static dev.capacity.impl.internal.db.Tables.ALLOCATIONS;
import static dev.capacity.impl.internal.db.Tables.HOLDS;

import dev.capacity.api.Allocation;
import dev.capacity.api.AllocationId;
import dev.capacity.api.AllocationKind;
import dev.capacity.api.Blocker;
import dev.capacity.api.BookingId;
import dev.capacity.api.HoldId;
import dev.capacity.api.RestaurantId;
import dev.capacity.api.SlackOverride;
import dev.capacity.api.TableId;
import dev.capacity.api.TimeWindow;
import dev.capacity.impl.internal.db.tables.records.AllocationsRecord;
import dev.capacity.impl.internal.db.tables.records.HoldsRecord;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jooq.CommonTableExpression;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.InsertValuesStepN;
import org.jooq.Record1;
import org.jooq.Select;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

/**
 * The ledger's SQL. Windows are written as {@code tstzrange(start, end, '[)')} and compared with {@code &&}, the
 * operator of the exclusion constraint, so the application and the database agree on what overlaps.
 */
public final class LedgerSql {

    private static final String HOLD = LedgerRows.kind(AllocationKind.HOLD);
    private static final String BOOKING = LedgerRows.kind(AllocationKind.BOOKING);

    private LedgerSql() {
    }

    /**
     * The half-open range of a window.
     *
     * @param w the window
     * @return {@code tstzrange(start, end, '[)')}
     */
    public static Field<Object> range(TimeWindow w) {
        return DSL.field("tstzrange({0}, {1}, '[)')", Object.class, DSL.val(odt(w.start())), DSL.val(odt(w.end())));
    }

    /**
     * Allocation window overlaps {@code w}.
     *
     * @param w the window
     * @return the condition
     */
    public static Condition overlaps(TimeWindow w) {
        return DSL.condition("{0} && {1}", ALLOCATIONS.DURING, range(w));
    }

    private static Condition sameWindow(TimeWindow w) {
        return DSL.condition("{0} = {1}", ALLOCATIONS.DURING, range(w));
    }

    private static Condition tableIn(Collection<TableId> tables) {
        return idIn(ALLOCATIONS.TABLE_ID, tables.stream().map(TableId::value).toList());
    }

    /**
     * {@code field} is one of {@code ids}. jOOQ binds a {@code uuid[]} as text cast to the array type, a cast
     * PostgreSQL does not fold, so {@code table_id = ANY(...)} cannot serve as an index condition of the exclusion
     * constraint's GiST index and is re-evaluated per row; single uuid parameters are folded into a constant array.
     * Every caller passes a selection, which {@link dev.capacity.api.AssignmentRules#requireWellFormed} has bounded
     * to {@link dev.capacity.api.AssignmentRules#MAX_TABLES} ids, so the list stays far within the protocol's limit
     * on parameters per statement.
     *
     * @param field a uuid column
     * @param ids the ids of a selection
     * @return the condition
     */
    public static Condition idIn(Field<UUID> field, Collection<UUID> ids) {
        return field.in(ids);
    }

    /** Class id of the library's advisory locks; the two-key space never meets the host's one-key locks. */
    private static final int TABLE_LOCK_CLASS = 0x43415041;

    /**
     * Serializes ledger writers per table for the rest of the transaction, taking transaction-level advisory locks
     * in one fixed order. Without it, two transactions inserting overlapping rows at once each find the other's
     * uncommitted row in the exclusion constraint and wait for each other: a deadlock that PostgreSQL only breaks
     * after {@code deadlock_timeout}, leaving the loser unable to name what beat it. With it, the later writer
     * waits, then sees the committed row and fails at once, naming it. Locks are per table, not per window, so
     * writes to different tables never wait for each other.
     *
     * @param tx the transaction
     * @param tables the tables about to be written
     */
    public static void lockTables(DSLContext tx, Collection<TableId> tables) {
        lockTables(tx, tables, List.of());
    }

    /**
     * {@link #lockTables(DSLContext, Collection)} with the transaction's settings sent in the same statement. They
     * sit in a materialized CTE that every output row joins, so they are in force before the first lock is asked
     * for (and its lock timeout with them).
     *
     * @param tx the transaction
     * @param tables the tables about to be written
     * @param settings {@code set_config} calls to evaluate first, or none
     */
    public static void lockTables(DSLContext tx, Collection<TableId> tables, List<Field<String>> settings) {
        int[] keys = tables.stream().mapToInt(t -> t.value().hashCode()).distinct().sorted().toArray();
        Integer[] boxed = java.util.Arrays.stream(keys).boxed().toArray(Integer[]::new);
        // unnest keeps the array's order, so the locks are taken in ascending key order by every writer.
        Field<Object> lock = DSL.field("pg_advisory_xact_lock({0}, k)", Object.class, DSL.inline(TABLE_LOCK_CLASS));
        Table<?> keyTable = DSL.table("unnest({0}::int4[])", DSL.val(boxed)).as("t", "k");
        if (settings.isEmpty()) {
            tx.select(lock).from(keyTable).fetch();
            return;
        }
        CommonTableExpression<?> cfg = DSL.name("cfg").asMaterialized(DSL.select(settings));
        tx.with(cfg).select(lock).from(cfg, keyTable).fetch();
    }

    /**
     * Deletes, in one statement, the booking's unconfirmed holds (except {@code keep}) and every expired
     * unconfirmed hold with an allocation on the tables overlapping the window. Rows locked by a concurrent
     * remover are waited for and then skipped if gone, so each hold is removed, and reported, once.
     *
     * @param ctx the transaction
     * @param r the restaurant
     * @param booking the booking whose holds go, or null
     * @param keep a hold of that booking to keep, or null
     * @param tables the tables to clear
     * @param w the window to clear
     * @param now business time
     * @return the deleted holds
     */
    public static List<HoldsRecord> clearHolds(DSLContext ctx, RestaurantId r, @Nullable BookingId booking,
            @Nullable HoldId keep, Collection<TableId> tables, TimeWindow w, Instant now) {
        // Candidates come from two index look-ups (hold allocations on these tables in the window; the booking's
        // holds) and the delete finds them by primary key. A single "own OR stale" condition on holds would
        // leave only the restaurant prefix of an index usable and filter every unconfirmed hold of the restaurant.
        Select<Record1<UUID>> candidates = DSL.select(ALLOCATIONS.HOLD_ID).from(ALLOCATIONS)
                .where(ALLOCATIONS.RESTAURANT_ID.eq(r.value()), ALLOCATIONS.KIND.eq(HOLD), tableIn(tables),
                        overlaps(w));
        Condition own = DSL.falseCondition();
        if (booking != null) {
            own = HOLDS.BOOKING_ID.eq(booking.value());
            candidates = candidates.unionAll(DSL.select(HOLDS.ID).from(HOLDS)
                    .where(HOLDS.RESTAURANT_ID.eq(r.value()), own, HOLDS.CONFIRMED_AT.isNull()));
        }
        Condition kept = keep == null ? DSL.trueCondition() : HOLDS.ID.ne(keep.value());
        // The predicate is asserted again on the rows themselves: a candidate is deleted only if it is the
        // booking's or expired, and still unconfirmed.
        return ctx.deleteFrom(HOLDS)
                .where(HOLDS.ID.eq(DSL.any(DSL.array(candidates))), HOLDS.RESTAURANT_ID.eq(r.value()),
                        HOLDS.CONFIRMED_AT.isNull(), kept, own.or(HOLDS.EXPIRES_AT.le(odt(now))))
                .returning()
                .fetch();
    }

    /**
     * The selected tables on which the booking already has booking allocations overlapping the window.
     *
     * @param ctx the transaction
     * @param r the restaurant
     * @param booking the booking
     * @param tables the selection
     * @param w the window
     * @return those tables
     */
    public static Set<TableId> occupiedByBooking(DSLContext ctx, RestaurantId r, BookingId booking,
            Collection<TableId> tables, TimeWindow w) {
        return ctx.selectDistinct(ALLOCATIONS.TABLE_ID).from(ALLOCATIONS)
                .where(ALLOCATIONS.RESTAURANT_ID.eq(r.value()), ALLOCATIONS.BOOKING_ID.eq(booking.value()),
                        ALLOCATIONS.KIND.eq(BOOKING), tableIn(tables), overlaps(w))
                .fetchSet(ALLOCATIONS.TABLE_ID).stream().map(TableId::new).collect(Collectors.toSet());
    }

    /**
     * Live allocations on the tables overlapping the window that are not the booking's own (its booking
     * allocations and its holds' allocations). Allocations of expired holds are not live.
     *
     * @param ctx a connection
     * @param r the restaurant
     * @param tables the tables
     * @param w the window
     * @param now business time
     * @param own the booking whose rows never block, or null
     * @param ownHold a hold whose rows never block, or null
     * @return the blockers ordered by table id, then start
     */
    public static List<Blocker> blockers(DSLContext ctx, RestaurantId r, Collection<TableId> tables, TimeWindow w,
            Instant now, @Nullable BookingId own, @Nullable HoldId ownHold) {
        Condition live = ALLOCATIONS.KIND.ne(HOLD).or(HOLDS.EXPIRES_AT.gt(odt(now)));
        Condition notOwn = own == null ? DSL.trueCondition() : ALLOCATIONS.BOOKING_ID.isDistinctFrom(own.value());
        Condition notOwnHold = ownHold == null ? DSL.trueCondition()
                : ALLOCATIONS.HOLD_ID.isDistinctFrom(ownHold.value());
        return ctx.select(LedgerRows.ALLOCATION_FIELDS).select(HOLDS.EXPIRES_AT)
                .from(ALLOCATIONS).leftJoin(HOLDS).on(HOLDS.ID.eq(ALLOCATIONS.HOLD_ID))
                .where(ALLOCATIONS.RESTAURANT_ID.eq(r.value()), tableIn(tables), overlaps(w), live, notOwn,
                        notOwnHold)
                .orderBy(ALLOCATIONS.TABLE_ID, LedgerRows.START)
                .fetch(LedgerRows::blocker);
    }

    /**
     * Deletes the booking's booking allocations except those on {@code keepTables} with exactly {@code keepWindow}.
     *
     * @param ctx the transaction
     * @param r the restaurant
     * @param booking the booking
     * @param keepTables tables whose exact-window allocation stays
     * @param keepWindow the window that stays
     * @return how many rows were deleted
     */
    public static int deleteBookingAllocationsExcept(DSLContext ctx, RestaurantId r, BookingId booking,
            Collection<TableId> keepTables, TimeWindow keepWindow) {
        return ctx.deleteFrom(ALLOCATIONS)
                .where(ALLOCATIONS.RESTAURANT_ID.eq(r.value()), ALLOCATIONS.BOOKING_ID.eq(booking.value()),
                        ALLOCATIONS.KIND.eq(BOOKING), DSL.not(tableIn(keepTables).and(sameWindow(keepWindow))))
                .execute();
    }

    /**
     * Inserts allocations in one statement.
     *
     * @param ctx the transaction
     * @param rows the rows
     */
    public static void insertAllocations(DSLContext ctx, List<NewAllocation> rows) {
        if (rows.isEmpty()) {
            return;
        }
        values(ctx.insertInto(ALLOCATIONS, NEW_ALLOCATION_FIELDS), rows).execute();
    }

    /**
     * Inserts a hold and its allocations in one statement (one round trip): the hold in a data-modifying CTE,
     * which PostgreSQL runs to completion whether or not the main statement reads it, and the allocations as the
     * main statement; their foreign key to the hold is checked at its end, when the hold is there.
     *
     * @param ctx the transaction
     * @param hold the new hold row
     * @param rows its allocations
     */
    public static void insertHold(DSLContext ctx, HoldsRecord hold, List<NewAllocation> rows) {
        if (rows.isEmpty()) {
            ctx.executeInsert(hold);
            return;
        }
        CommonTableExpression<?> inserted = DSL.name("new_hold")
                .as(ctx.insertInto(HOLDS).set(hold).returningResult(HOLDS.ID));
        values(ctx.with(inserted).insertInto(ALLOCATIONS, NEW_ALLOCATION_FIELDS), rows).execute();
    }

    private static final List<Field<?>> NEW_ALLOCATION_FIELDS = List.of(ALLOCATIONS.ID, ALLOCATIONS.RESTAURANT_ID,
            ALLOCATIONS.TABLE_ID, ALLOCATIONS.KIND, ALLOCATIONS.BOOKING_ID, ALLOCATIONS.HOLD_ID,
            ALLOCATIONS.DURING, ALLOCATIONS.CREATED_AT, ALLOCATIONS.CREATED_BY, ALLOCATIONS.NOTE,
            ALLOCATIONS.SLACK_OVERRIDE_REASON, ALLOCATIONS.SLACK_OVERRIDE_ACTOR);

    private static InsertValuesStepN<AllocationsRecord> values(InsertValuesStepN<AllocationsRecord> insert,
            List<NewAllocation> rows) {
        for (NewAllocation a : rows) {
            insert = insert.values(DSL.val(a.id().value()), DSL.val(a.restaurantId().value()),
                    DSL.val(a.tableId().value()), DSL.val(LedgerRows.kind(a.kind())),
                    DSL.val(a.bookingId() == null ? null : a.bookingId().value(), UUID.class),
                    DSL.val(a.holdId() == null ? null : a.holdId().value(), UUID.class),
                    range(a.window()), DSL.val(odt(a.createdAt())), DSL.val(a.createdBy(), String.class),
                    DSL.val(a.note(), String.class),
                    DSL.val(a.slackOverride() == null ? null : a.slackOverride().reason(), String.class),
                    DSL.val(a.slackOverride() == null ? null : a.slackOverride().actor(), String.class));
        }
        return insert;
    }

    /**
     * An allocation to insert.
     *
     * @param id new id
     * @param restaurantId restaurant
     * @param tableId table
     * @param kind kind
     * @param bookingId booking or null
     * @param holdId hold or null
     * @param window window
     * @param createdAt business time of the write
     * @param createdBy author or null
     * @param note maintenance reason or null
     * @param slackOverride override or null
     */
    public record NewAllocation(AllocationId id, RestaurantId restaurantId, TableId tableId, AllocationKind kind,
            @Nullable BookingId bookingId, @Nullable HoldId holdId, TimeWindow window, Instant createdAt,
            @Nullable String createdBy, @Nullable String note, @Nullable SlackOverride slackOverride) {
    }

    /**
     * The booking's booking allocations, ordered by table id then start.
     *
     * @param ctx a connection
     * @param r the restaurant
     * @param booking the booking
     * @return the allocations
     */
    public static List<Allocation> bookingAllocations(DSLContext ctx, RestaurantId r, BookingId booking) {
        return ctx.select(LedgerRows.ALLOCATION_FIELDS).from(ALLOCATIONS)
                .where(ALLOCATIONS.RESTAURANT_ID.eq(r.value()), ALLOCATIONS.BOOKING_ID.eq(booking.value()),
                        ALLOCATIONS.KIND.eq(BOOKING))
                .orderBy(ALLOCATIONS.TABLE_ID, LedgerRows.START)
                .fetch(LedgerRows::allocation);
    }

    /**
     * Reads a hold, optionally locking it.
     *
     * @param ctx a connection
     * @param r the restaurant
     * @param id the hold
     * @param lock whether to take a row lock ({@code FOR UPDATE})
     * @return the row or null
     */
    public static @Nullable HoldsRecord hold(DSLContext ctx, RestaurantId r, HoldId id, boolean lock) {
        var query = ctx.selectFrom(HOLDS).where(HOLDS.RESTAURANT_ID.eq(r.value()), HOLDS.ID.eq(id.value()));
        return lock ? query.forUpdate().fetchOne() : query.fetchOne();
    }
}
