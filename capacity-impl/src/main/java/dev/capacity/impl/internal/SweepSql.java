package dev.capacity.impl.internal;

import static dev.capacity.impl.internal.Db.odt;
import static dev.capacity.impl.internal.db.Tables.HOLDS;

import dev.capacity.api.event.HoldExpiredEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.jooq.CommonTableExpression;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.Record1;
import org.jooq.conf.Settings;
import org.jooq.conf.StatementType;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;

/** The sweeper's SQL: one statement per batch, and the lag probe. */
public final class SweepSql {

    /**
     * Stands for the cutoff while the statement is rendered; {@link Batch#run} binds the real one in its places.
     * No other parameter of the statement is a timestamp.
     */
    private static final Instant CUTOFF_MARK = Instant.EPOCH;

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
        // Rendered with "?" placeholders whatever the host's settings say (a host configuration may ask jOOQ to
        // inline values), since the values are bound here.
        Settings prepared = ((Settings) library.settings().clone()).withStatementType(StatementType.PREPARED_STATEMENT);
        DSLContext dsl = DSL.using(library.configuration().derive(prepared));
        OffsetDateTime at = odt(CUTOFF_MARK);
        CommonTableExpression<Record1<UUID>> victims = DSL.name("victims").fields("id")
                .asMaterialized(DSL.select(HOLDS.ID).from(HOLDS)
                        .where(HOLDS.CONFIRMED_AT.isNull(), HOLDS.EXPIRES_AT.le(at))
                        .orderBy(HOLDS.EXPIRES_AT, HOLDS.ID)
                        .limit(limit)
                        .forUpdate().skipLocked());
        // "= ANY(ARRAY(...))" makes the delete look the claimed ids up by primary key; a join with the CTE lets
        // the planner hash-join against a sequential scan of all holds, which grows with the table.
        Query delete = dsl.with(victims)
                .delete(HOLDS)
                .where(HOLDS.ID.eq(DSL.any(DSL.array(DSL.select(victims.field("id", UUID.class)).from(victims)))),
                        HOLDS.CONFIRMED_AT.isNull(), HOLDS.EXPIRES_AT.le(at))
                // Only what the HoldExpiredEvent carries: metadata and the rest would be transferred for nothing.
                .returning(HOLDS.ID, HOLDS.RESTAURANT_ID, HOLDS.BOOKING_ID, HOLDS.TABLE_IDS, HOLDS.STARTS_AT,
                        HOLDS.ENDS_AT, HOLDS.EXPIRES_AT);
        if (settings.isEmpty()) {
            return new Batch(null, List.of(), dsl.render(delete), dsl.extractBindValues(delete), limit);
        }
        Query set = dsl.select(settings);
        return new Batch(dsl.render(set), dsl.extractBindValues(set), dsl.render(delete),
                dsl.extractBindValues(delete), limit);
    }

    /**
     * One sweeper's batch statement, rendered once: a batch runs several times a second on a busy sweeper, and
     * rendering it with jOOQ each time cost more client time than reading the rows it returns. The settings and the
     * batch go as two statements of one prepared statement, which the driver sends in one round trip; the settings
     * run first, so their timeouts bound the batch. Immutable and thread-safe.
     */
    public static final class Batch {

        private final @Nullable String settingsSql;
        private final Object[] settingsBinds;
        private final String deleteSql;
        private final Object[] deleteBinds;
        private final int[] cutoffAt;
        private final String together;
        private final int limit;

        private Batch(@Nullable String settingsSql, List<Object> settingsBinds, String deleteSql,
                List<Object> deleteBinds, int limit) {
            this.settingsSql = settingsSql;
            this.settingsBinds = settingsBinds.toArray();
            this.deleteSql = deleteSql;
            this.deleteBinds = deleteBinds.toArray();
            OffsetDateTime mark = odt(CUTOFF_MARK);
            this.cutoffAt = IntStream.range(0, this.deleteBinds.length).filter(i -> mark.equals(this.deleteBinds[i]))
                    .toArray();
            if (cutoffAt.length != 2) {
                throw new IllegalStateException("The sweep statement should bind its cutoff twice: " + deleteSql);
            }
            this.together = settingsSql == null ? deleteSql : settingsSql + ";\n" + deleteSql;
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
            Object[] values = deleteBinds.clone();
            OffsetDateTime at = odt(cutoff);
            for (int i : cutoffAt) {
                values[i] = at;
            }
            return tx.connectionResult(c -> {
                if (settingsSql != null && forcesBinary(c)) {
                    // With prepareThreshold=-1, pgjdbc (42.7) describes a statement before its first execution and
                    // then binds the batch's seven result formats to the settings' statement, which the server
                    // refuses: the settings go on their own there, for one round trip more.
                    try (PreparedStatement set = c.prepareStatement(settingsSql)) {
                        bind(set, 0, settingsBinds);
                        set.execute();
                    }
                    try (PreparedStatement ps = c.prepareStatement(deleteSql)) {
                        bind(ps, 0, values);
                        ps.execute();
                        return read(ps);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement(together)) {
                    bind(ps, 0, settingsBinds);
                    bind(ps, settingsBinds.length, values);
                    ps.execute();
                    if (settingsSql != null && !ps.getMoreResults()) {
                        throw new SQLException("The sweep batch returned no rows after its settings");
                    }
                    return read(ps);
                }
            });
        }

        private static void bind(PreparedStatement ps, int offset, Object[] values) throws SQLException {
            for (int i = 0; i < values.length; i++) {
                ps.setObject(offset + i + 1, values[i]);
            }
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

        private static boolean forcesBinary(Connection c) {
            try {
                return c.isWrapperFor(PGConnection.class) && c.unwrap(PGConnection.class).getPrepareThreshold() < 0;
            } catch (SQLException e) {
                return false;
            }
        }

        /** @return the SQL sent per batch, for diagnostics */
        @Override
        public String toString() {
            return together;
        }
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
