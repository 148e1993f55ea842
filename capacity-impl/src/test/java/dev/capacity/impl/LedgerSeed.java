package dev.capacity.impl;

import dev.capacity.testkit.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Seeds and inspects the ledger with plain SQL, fast enough for tens of thousands of rows. Rows carry a tag in
 * {@code created_by} so that tests can tell seeded, concurrently written and archived rows apart.
 */
final class LedgerSeed {

    /** Label of the one table per restaurant that seeding leaves empty, for concurrent writers. */
    static final String WRITER_TABLE = "W";

    private final TestDatabase db;

    LedgerSeed(TestDatabase db) {
        this.db = db;
    }

    /** Empties every table of the schema (pruning is cross-tenant, so tests of one class must not see each other). */
    void clear() {
        db.execute("TRUNCATE allocations, allocations_archive, holds, table_adjacency, dining_tables, zones");
    }

    /** Creates restaurants, each with one zone, {@code tablesEach} tables and one empty writer table. */
    void tables(int restaurants, int tablesEach) {
        update("""
                WITH r AS (SELECT gen_random_uuid() AS restaurant_id FROM generate_series(1, ?)),
                     z AS (INSERT INTO zones (id, restaurant_id, name)
                           SELECT gen_random_uuid(), restaurant_id, 'Main' FROM r RETURNING id, restaurant_id)
                INSERT INTO dining_tables (id, restaurant_id, zone_id, label, capacity)
                SELECT gen_random_uuid(), z.restaurant_id, z.id, l.label, 4
                FROM z CROSS JOIN (SELECT 'T' || g AS label FROM generate_series(1, ?) g
                                   UNION ALL SELECT ?) l
                """, restaurants, tablesEach, WRITER_TABLE);
    }

    /**
     * Gives every non-writer table {@code perTable} allocations, 90 minutes each, two hours apart from
     * {@code from}: every tenth one a maintenance block, the others bookings.
     *
     * @return rows inserted
     */
    int allocations(Instant from, int perTable, String tag) {
        return update("""
                INSERT INTO allocations (id, restaurant_id, table_id, kind, booking_id, during, created_at, created_by)
                SELECT gen_random_uuid(), t.restaurant_id, t.id,
                       CASE WHEN g % 10 = 0 THEN 'maintenance' ELSE 'booking' END,
                       CASE WHEN g % 10 = 0 THEN NULL ELSE gen_random_uuid() END,
                       tstzrange(?::timestamptz + g * interval '2 hours',
                                 ?::timestamptz + g * interval '2 hours' + interval '90 minutes', '[)'),
                       ?::timestamptz, ?
                FROM dining_tables t CROSS JOIN generate_series(0, ? - 1) g
                WHERE t.label <> ?
                """, odt(from), odt(from), odt(from), tag, perTable, WRITER_TABLE);
    }

    /**
     * Gives every non-writer table one expired hold with its hold allocation, one hour from {@code at}.
     *
     * @return hold allocations inserted
     */
    int expiredHolds(Instant at, String tag) {
        return update("""
                WITH h AS (
                    INSERT INTO holds (id, restaurant_id, booking_id, starts_at, ends_at, expires_at, table_ids,
                                       created_at)
                    SELECT gen_random_uuid(), t.restaurant_id, gen_random_uuid(), ?::timestamptz,
                           ?::timestamptz + interval '1 hour', ?::timestamptz - interval '55 minutes', ARRAY[t.id],
                           ?::timestamptz - interval '1 hour'
                    FROM dining_tables t WHERE t.label <> ?
                    RETURNING id, restaurant_id, table_ids, starts_at, ends_at, created_at)
                INSERT INTO allocations (id, restaurant_id, table_id, kind, hold_id, during, created_at, created_by)
                SELECT gen_random_uuid(), restaurant_id, table_ids[1], 'hold', id, tstzrange(starts_at, ends_at, '[)'),
                       created_at, ?
                FROM h
                """, odt(at), odt(at), odt(at), odt(at), WRITER_TABLE, tag);
    }

    /** One consistent look at both tables: a single statement, so a single snapshot. */
    record Snapshot(long live, long archived, long inBoth, long taggedLive, long taggedArchived) {

        long total() {
            return live + archived;
        }
    }

    /** Counts both tables, the ids in both, and the rows with {@code tag} in each, in one statement. */
    Snapshot snapshot(Connection c, String tag) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT (SELECT count(*) FROM allocations),
                       (SELECT count(*) FROM allocations_archive),
                       (SELECT count(*) FROM allocations a JOIN allocations_archive x USING (id)),
                       (SELECT count(*) FROM allocations WHERE created_by = ?),
                       (SELECT count(*) FROM allocations_archive WHERE created_by = ?)
                """)) {
            s.setString(1, tag);
            s.setString(2, tag);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new Snapshot(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5));
            }
        }
    }

    Snapshot snapshot(String tag) {
        try (Connection c = db.connection()) {
            return snapshot(c, tag);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs a query returning one number. */
    long count(String sql, Object... args) {
        try (Connection c = db.connection(); PreparedStatement s = prepare(c, sql, args);
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    int update(String sql, Object... args) {
        try (Connection c = db.connection(); PreparedStatement s = prepare(c, sql, args)) {
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            s.setObject(i + 1, args[i]);
        }
        return s;
    }

    static OffsetDateTime odt(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
