package dev.capacity.impl.internal;

import static dev.capacity.impl.internal.Db.odt;
import static dev.capacity.impl.internal.db.Tables.HOLDS;

import dev.capacity.api.BookingId;
import dev.capacity.api.HoldId;
import dev.capacity.api.RestaurantId;
import dev.capacity.api.TableId;
import dev.capacity.api.TimeWindow;
import dev.capacity.api.event.HoldExpiredEvent;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jooq.CommonTableExpression;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Query;
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
     * @param settings the transaction's {@code set_config} calls, sent in the same round trip, before the batch
     * @param cutoff holds with {@code expires_at <= cutoff} are eligible
     * @param limit batch size
     * @return one event per deleted hold
     */
    public static List<HoldExpiredEvent> sweepBatch(DSLContext tx, List<Field<String>> settings, Instant cutoff,
            int limit) {
        OffsetDateTime at = odt(cutoff);
        CommonTableExpression<Record1<UUID>> victims = DSL.name("victims").fields("id")
                .asMaterialized(DSL.select(HOLDS.ID).from(HOLDS)
                        .where(HOLDS.CONFIRMED_AT.isNull(), HOLDS.EXPIRES_AT.le(at))
                        .orderBy(HOLDS.EXPIRES_AT, HOLDS.ID)
                        .limit(limit)
                        .forUpdate().skipLocked());
        // "= ANY(ARRAY(...))" makes the delete look the claimed ids up by primary key; a join with the CTE lets
        // the planner hash-join against a sequential scan of all holds, which grows with the table.
        Query delete = tx.with(victims)
                .delete(HOLDS)
                .where(HOLDS.ID.eq(DSL.any(DSL.array(DSL.select(victims.field("id", UUID.class)).from(victims)))),
                        HOLDS.CONFIRMED_AT.isNull(), HOLDS.EXPIRES_AT.le(at))
                // Only what the HoldExpiredEvent carries: metadata and the rest would be transferred for nothing.
                .returning(HOLDS.ID, HOLDS.RESTAURANT_ID, HOLDS.BOOKING_ID, HOLDS.TABLE_IDS, HOLDS.STARTS_AT,
                        HOLDS.ENDS_AT, HOLDS.EXPIRES_AT);
        // The settings and the batch go as two statements of one prepared statement, which the driver sends in one
        // round trip; the settings run first, so their timeouts bound the batch. The rows are read straight from
        // the driver into events, without jOOQ records in between: a batch returns up to thousands of rows, on
        // cores the database shares (docs/performance.md).
        List<Object> binds = new ArrayList<>();
        StringBuilder sql = new StringBuilder();
        if (!settings.isEmpty()) {
            Query set = tx.select(settings);
            sql.append(tx.render(set)).append(";\n");
            binds.addAll(tx.extractBindValues(set));
        }
        sql.append(tx.render(delete));
        binds.addAll(tx.extractBindValues(delete));
        return tx.connectionResult(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < binds.size(); i++) {
                    ps.setObject(i + 1, binds.get(i));
                }
                ps.execute();
                if (!settings.isEmpty() && !ps.getMoreResults()) {
                    throw new SQLException("The sweep batch returned no rows after its settings");
                }
                List<HoldExpiredEvent> events = new ArrayList<>(limit);
                try (ResultSet rs = ps.getResultSet()) {
                    while (rs.next()) {
                        events.add(expired(rs));
                    }
                }
                return events;
            }
        });
    }

    private static HoldExpiredEvent expired(ResultSet rs) throws SQLException {
        UUID booking = rs.getObject(3, UUID.class);
        // A uuid[] in text form is "{id,id,...}": uuids need no quoting, so splitting it is exact and far cheaper
        // than the driver's general array decoding, which this loop runs a thousand times per batch.
        String tables = rs.getString(4);
        List<TableId> tableIds = new ArrayList<>(4);
        for (int from = 1; from < tables.length() - 1; ) {
            int comma = tables.indexOf(',', from);
            int to = comma < 0 ? tables.length() - 1 : comma;
            tableIds.add(new TableId(UUID.fromString(tables.substring(from, to))));
            from = to + 1;
        }
        return new HoldExpiredEvent(new HoldId(rs.getObject(1, UUID.class)),
                new RestaurantId(rs.getObject(2, UUID.class)), booking == null ? null : new BookingId(booking),
                tableIds, new TimeWindow(rs.getObject(5, OffsetDateTime.class).toInstant(),
                        rs.getObject(6, OffsetDateTime.class).toInstant()),
                rs.getObject(7, OffsetDateTime.class).toInstant());
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
