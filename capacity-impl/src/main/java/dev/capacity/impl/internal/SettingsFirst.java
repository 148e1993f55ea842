package dev.capacity.impl.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.stream.IntStream;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.conf.Settings;
import org.jooq.conf.StatementType;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;

/**
 * A job's statement rendered once, sent after its transaction's {@code set_config} calls in the same round trip: the
 * two go as two statements of one prepared statement, the settings first, so their timeouts bound the job's statement.
 * Rendering a statement with jOOQ on every batch cost more client time than reading the rows it returns. Only a
 * timestamp's value changes between runs: the statement is rendered with {@link #MARK} in its place. Immutable and
 * thread-safe.
 */
final class SettingsFirst {

    /** Stands for the timestamp parameter while the statement is rendered; no other parameter may equal it. */
    static final Instant MARK = Instant.EPOCH;

    /** Reads the job statement's result. */
    @FunctionalInterface
    interface Reader<T> {
        T read(PreparedStatement ps) throws SQLException;
    }

    private final @Nullable String settingsSql;
    private final Object[] settingsBinds;
    private final String sql;
    private final Object[] binds;
    private final int[] markAt;
    private final String together;

    private SettingsFirst(@Nullable String settingsSql, List<Object> settingsBinds, String sql, List<Object> binds) {
        this.settingsSql = settingsSql;
        this.settingsBinds = settingsBinds.toArray();
        this.sql = sql;
        this.binds = binds.toArray();
        OffsetDateTime mark = Db.odt(MARK);
        this.markAt = IntStream.range(0, this.binds.length).filter(i -> mark.equals(this.binds[i])).toArray();
        this.together = settingsSql == null ? sql : settingsSql + ";\n" + sql;
    }

    /**
     * Renders a statement and its settings, with {@code ?} placeholders whatever the host's settings say (a host
     * configuration may ask jOOQ to inline values), since the values are bound here.
     *
     * @param library the library's context (schema mapping, dialect); no connection is used
     * @param settings the {@code set_config} calls, or none
     * @param query the job's statement, with {@link #MARK} for its timestamp
     * @param marks how many times the statement binds the timestamp
     * @return the rendered pair
     * @throws IllegalStateException if the statement binds the mark another number of times
     */
    static SettingsFirst render(DSLContext library, List<Field<String>> settings, Query query, int marks) {
        Settings prepared = ((Settings) library.settings().clone()).withStatementType(StatementType.PREPARED_STATEMENT);
        DSLContext dsl = DSL.using(library.configuration().derive(prepared));
        Query set = settings.isEmpty() ? null : dsl.select(settings);
        SettingsFirst s = new SettingsFirst(set == null ? null : dsl.render(set),
                set == null ? List.of() : dsl.extractBindValues(set), dsl.render(query), dsl.extractBindValues(query));
        if (s.markAt.length != marks) {
            throw new IllegalStateException("The statement should bind its timestamp " + marks + " times: " + s.sql);
        }
        return s;
    }

    /**
     * Runs the settings and the statement on the caller's connection, in its transaction.
     *
     * @param c the connection, in the job's transaction
     * @param at the timestamp to bind in place of the mark
     * @param reader reads the statement's result
     * @param <T> the result type
     * @return what the reader returned
     * @throws SQLException when the driver fails
     */
    <T> T run(Connection c, Instant at, Reader<T> reader) throws SQLException {
        Object[] values = binds.clone();
        OffsetDateTime bound = Db.odt(at);
        for (int i : markAt) {
            values[i] = bound;
        }
        if (settingsSql != null && forcesBinary(c)) {
            // With prepareThreshold=-1, pgjdbc (42.7) describes a statement before its first execution and then binds
            // the second statement's result formats to the first one, which the server refuses: the settings go on
            // their own there, for one round trip more.
            try (PreparedStatement set = c.prepareStatement(settingsSql)) {
                bind(set, 0, settingsBinds);
                set.execute();
            }
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, 0, values);
                ps.execute();
                return reader.read(ps);
            }
        }
        try (PreparedStatement ps = c.prepareStatement(together)) {
            bind(ps, 0, settingsBinds);
            bind(ps, settingsBinds.length, values);
            ps.execute();
            if (settingsSql != null && !ps.getMoreResults()) {
                throw new SQLException("The statement returned no result after its settings");
            }
            return reader.read(ps);
        }
    }

    private static void bind(PreparedStatement ps, int offset, Object[] values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            ps.setObject(offset + i + 1, values[i]);
        }
    }

    private static boolean forcesBinary(Connection c) {
        try {
            return c.isWrapperFor(PGConnection.class) && c.unwrap(PGConnection.class).getPrepareThreshold() < 0;
        } catch (SQLException e) {
            return false;
        }
    }

    /** @return the SQL sent per run, for diagnostics */
    @Override
    public String toString() {
        return together;
    }
}
