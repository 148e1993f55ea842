package dev.capacity.impl.internal;

import static dev.capacity.impl.internal.Db.odt;
import static dev.capacity.impl.internal.db.Tables.HOLDS;

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

/** The sweeper's SQL: one statement per batch, and the lag probe, each rendered once per sweeper. */
public final class SweepSql {

    private SweepSql() {
    }

    /**
     * Builds a sweeper's batch statement: claims and deletes one batch of expired holds in one statement, candidates
     * in {@code (expires_at, id)} order, locked {@code FOR UPDATE SKIP LOCKED} inside a materialized CTE (so the
     * planner cannot apply the lock after the limit on a different row set), then deleted by primary key with the
     * predicate re-asserted, returning what was deleted. Allocations go by the foreign key's cascade.
     *
     * @param library the library's context (for the schema mapping and the dialect); no connection is used
     * @param settings the transaction's {@code set_config} calls, sent in the same round trip, before the batch
     * @param limit batch size
     * @return the statement, rendered once, to be run per batch
     */
    public static Batch batch(DSLContext library, List<Field<String>> settings, int limit) {
        OffsetDateTime at = odt(SettingsFirst.MARK);
        CommonTableExpression<Record1<UUID>> victims = DSL.name("victims").fields("id")
                .asMaterialized(DSL.select(HOLDS.ID).from(HOLDS)
                        .where(HOLDS.CONFIRMED_AT.isNull(), HOLDS.EXPIRES_AT.le(at))
                        .orderBy(HOLDS.EXPIRES_AT, HOLDS.ID)
                        .limit(limit)
                        .forUpdate().skipLocked());
        // "= ANY(ARRAY(...))" makes the delete look the claimed ids up by primary key; a join with the CTE lets
        // the planner hash-join against a sequential scan of all holds, which grows with the table.
        Query delete = DSL.with(victims)
                .delete(HOLDS)
                .where(HOLDS.ID.eq(DSL.any(DSL.array(DSL.select(victims.field("id", UUID.class)).from(victims)))),
                        HOLDS.CONFIRMED_AT.isNull(), HOLDS.EXPIRES_AT.le(at))
                // Only what the HoldExpiredEvent carries: metadata and the rest would be transferred for nothing.
                .returning(HOLDS.ID, HOLDS.RESTAURANT_ID, HOLDS.BOOKING_ID, HOLDS.TABLE_IDS, HOLDS.STARTS_AT,
                        HOLDS.ENDS_AT, HOLDS.EXPIRES_AT);
        return new Batch(SettingsFirst.render(library, settings, delete, 2), limit);
    }

    /**
     * Builds the lag probe: the expiry of the oldest unconfirmed hold with {@code expires_at <= now}, served by the
     * sweep index.
     *
     * @param library the library's context; no connection is used
     * @param settings the transaction's {@code set_config} calls, sent in the same round trip, before the probe
     * @return the probe, rendered once
     */
    public static Probe probe(DSLContext library, List<Field<String>> settings) {
        Query oldest = DSL.select(DSL.min(HOLDS.EXPIRES_AT)).from(HOLDS)
                .where(HOLDS.CONFIRMED_AT.isNull(), HOLDS.EXPIRES_AT.le(odt(SettingsFirst.MARK)));
        return new Probe(SettingsFirst.render(library, settings, oldest, 1));
    }

    /** One sweeper's batch statement. Immutable and thread-safe. */
    public static final class Batch {

        private final SettingsFirst statement;
        private final int limit;

        private Batch(SettingsFirst statement, int limit) {
            this.statement = statement;
            this.limit = limit;
        }

        /**
         * Runs the batch in the caller's transaction.
         *
         * @param tx the batch's transaction
         * @param cutoff holds with {@code expires_at <= cutoff} are eligible
         * @return one event per deleted hold
         */
        public List<HoldExpiredEvent> run(DSLContext tx, Instant cutoff) {
            return tx.connectionResult(c -> statement.run(c, cutoff, this::read));
        }

        private List<HoldExpiredEvent> read(PreparedStatement ps) throws SQLException {
            // The rows are read straight from the driver into events, without jOOQ records in between: a batch
            // returns up to thousands of rows, on cores the database shares (docs/performance.md).
            List<HoldExpiredEvent> events = new ArrayList<>(limit);
            try (ResultSet rs = ps.getResultSet()) {
                ExpiredHoldRows rows = ExpiredHoldRows.of(rs);
                while (rs.next()) {
                    events.add(rows.read(rs));
                }
            }
            return events;
        }

        /** @return the SQL sent per batch, for diagnostics */
        @Override
        public String toString() {
            return statement.toString();
        }
    }

    /** One sweeper's lag probe. Immutable and thread-safe. */
    public static final class Probe {

        private final SettingsFirst statement;

        private Probe(SettingsFirst statement) {
            this.statement = statement;
        }

        /**
         * Runs the probe in the caller's transaction.
         *
         * @param tx a transaction
         * @param now business time
         * @return the expiry of the oldest expired hold left, or null when there is none
         */
        public @Nullable Instant run(DSLContext tx, Instant now) {
            return tx.connectionResult(c -> statement.run(c, now, ps -> {
                try (ResultSet rs = ps.getResultSet()) {
                    java.sql.Timestamp oldest = rs.next() ? rs.getTimestamp(1) : null;
                    return oldest == null ? null : oldest.toInstant();
                }
            }));
        }
    }
}
