package dev.capacity.benchmarks;

import dev.capacity.testkit.postgres.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Generates the benchmark data with set-based SQL, deterministically: the same call on the same anchor produces the
 * same rows (ids are {@code md5(...)::uuid} of the row number), so that the library and the baseline are measured on
 * identical data. Windows never overlap on a table, so the exclusion constraint accepts every row.
 */
final class Datasets {

    /** Restaurants in the sweep and prune data. */
    static final int RESTAURANTS = 50;
    /** Tables per restaurant in the sweep and prune data (the sweep pairs them). */
    static final int TABLES = 20;

    private Datasets() {
    }

    /** The restaurant id of restaurant {@code r} under a seed, as SQL. */
    private static String restaurant(String seed, String r) {
        return "md5('" + seed + "r' || " + r + ")::uuid";
    }

    private static String table(String seed, String r, String t) {
        return "md5('" + seed + "t' || " + r + " || '-' || " + t + ")::uuid";
    }

    /**
     * Creates {@code restaurants} restaurants with one zone and {@code tables} tables each (capacity 4, movable),
     * tables {@code 2k} and {@code 2k+1} adjacent.
     */
    static void floors(TestDatabase db, String seed, int restaurants, int tables) {
        Sql.exec(db,
                "INSERT INTO zones (id, restaurant_id, name) SELECT md5('" + seed + "z' || r)::uuid, "
                        + restaurant(seed, "r") + ", 'Main' FROM generate_series(0, " + (restaurants - 1) + ") r",
                "INSERT INTO dining_tables (id, restaurant_id, zone_id, label, capacity) SELECT "
                        + table(seed, "r", "t") + ", " + restaurant(seed, "r") + ", md5('" + seed
                        + "z' || r)::uuid, 'T' || t, 4 FROM generate_series(0, " + (restaurants - 1)
                        + ") r, generate_series(0, " + (tables - 1) + ") t",
                "INSERT INTO table_adjacency (restaurant_id, table_a, table_b) SELECT " + restaurant(seed, "r")
                        + ", least(a, b), greatest(a, b) FROM (SELECT r, " + table(seed, "r", "2 * p") + " a, "
                        + table(seed, "r", "2 * p + 1") + " b FROM generate_series(0, " + (restaurants - 1)
                        + ") r, generate_series(0, " + (tables / 2 - 1) + ") p) e");
    }

    /**
     * Replaces all holds and allocations by {@code n} expired, unconfirmed holds on two adjacent tables each (two
     * hold allocations per hold), windows from a day after the anchor, expired 1 s to 1 h before the anchor.
     */
    static void expiredHolds(TestDatabase db, String seed, int n, Instant anchor) {
        int pairs = TABLES / 2;
        String r = "(i % " + RESTAURANTS + ")";
        String p = "((i / " + RESTAURANTS + ") % " + pairs + ")";
        String slot = "(i / " + (RESTAURANTS * pairs) + ")";
        Sql.exec(db, "TRUNCATE allocations, holds");
        Sql.update(db, "INSERT INTO holds (id, restaurant_id, starts_at, ends_at, expires_at, table_ids, party_size, "
                + "created_by, created_at) SELECT md5('" + seed + "h' || i)::uuid, " + restaurant(seed, r) + ", s, "
                + "s + interval '2 hours', e, ARRAY[" + table(seed, r, "2 * " + p) + ", " + table(seed, r, "2 * " + p + " + 1")
                + "], 6, 'bench', e - interval '5 minutes' FROM (SELECT i, ?::timestamptz + " + slot
                + " * interval '2 hours' AS s, ?::timestamptz - (1 + i % 3600) * interval '1 second' AS e "
                + "FROM generate_series(0, " + (n - 1) + ") i) g",
                Sql.odt(anchor.plus(Duration.ofDays(1))), Sql.odt(anchor));
        // Each allocation's hold is the row it is made from: the foreign key need not be checked row by row.
        Sql.update(db, true, "INSERT INTO allocations (id, restaurant_id, table_id, kind, hold_id, during, "
                + "created_at, created_by) SELECT md5(h.id::text || k)::uuid, h.restaurant_id, h.table_ids[k], 'hold', "
                + "h.id, tstzrange(h.starts_at, h.ends_at, '[)'), h.created_at, h.created_by "
                + "FROM holds h, generate_series(1, 2) k");
        Sql.settle(db, "holds", "allocations", "allocations_archive");
    }

    /** Rows rounded up so that every table gets the same, even number of windows. */
    static int pruneRows(int n) {
        int perSlot = RESTAURANTS * TABLES;
        int slots = Math.max(2, (n + perSlot - 1) / perSlot);
        if (slots % 2 == 1) {
            slots++;
        }
        return slots * perSlot;
    }

    /**
     * Replaces all allocations by {@link #pruneRows(int) pruneRows(n)} booking allocations of 2 hours, spread over
     * the tables: the first half ended more than 31 days before the anchor (older than a 30-day retention), the
     * second half starts 29 days before the anchor or later (younger).
     *
     * @return the number of rows
     */
    static int allocations(TestDatabase db, String seed, int n, Instant anchor) {
        int rows = pruneRows(n);
        int perSlot = RESTAURANTS * TABLES;
        int half = rows / perSlot / 2;
        String r = "(i % " + RESTAURANTS + ")";
        String t = "((i / " + RESTAURANTS + ") % " + TABLES + ")";
        String slot = "(i / " + perSlot + ")";
        Sql.exec(db, "TRUNCATE allocations, holds, allocations_archive");
        Sql.update(db, true, "INSERT INTO allocations (id, restaurant_id, table_id, kind, booking_id, during, created_at, "
                + "created_by) SELECT md5('" + seed + "a' || i)::uuid, " + restaurant(seed, r) + ", "
                + table(seed, r, t) + ", 'booking', md5('" + seed + "b' || i)::uuid, tstzrange(s, s + interval "
                + "'2 hours', '[)'), s - interval '7 days', 'bench' FROM (SELECT i, CASE WHEN " + slot + " < " + half
                + " THEN ?::timestamptz - (" + half + " - " + slot + ") * interval '2 hours' ELSE ?::timestamptz + ("
                + slot + " - " + half + ") * interval '2 hours' END AS s FROM generate_series(0, " + (rows - 1)
                + ") i) g",
                Sql.odt(anchor.minus(Duration.ofDays(31))), Sql.odt(anchor.minus(Duration.ofDays(29))));
        Sql.settle(db, "allocations", "allocations_archive");
        return rows;
    }

    /**
     * Puts archived rows back into the live table and empties the archive: the prune data as before (the rows came
     * from the table, so the foreign keys are not checked again).
     */
    static void unarchive(TestDatabase db) {
        Sql.exec(db, "VACUUM allocations");
        Sql.update(db, true, "INSERT INTO allocations (id, restaurant_id, table_id, kind, booking_id, hold_id, during, "
                + "created_at, created_by, note, slack_override_reason, slack_override_actor) SELECT id, "
                + "restaurant_id, table_id, kind, booking_id, hold_id, during, created_at, created_by, note, "
                + "slack_override_reason, slack_override_actor FROM allocations_archive");
        Sql.exec(db, "TRUNCATE allocations_archive");
        Sql.settle(db, "allocations", "allocations_archive");
    }

    /**
     * A restaurant of 200 tables (capacity 4, movable) in 4 zones of 50, each zone's tables adjacent in a chain
     * (T0–T1–…–T49), with an evening booking on every table and day from {@code firstDay} to {@code lastDay} (days
     * relative to the anchor's, 19:00 to 21:00 UTC).
     *
     * @return the restaurant id
     */
    static UUID bigRestaurant(TestDatabase db, String seed, Instant anchor, int firstDay, int lastDay) {
        return restaurantWithHistory(db, seed, 0, 200, 4, anchor, firstDay, lastDay);
    }

    /**
     * Restaurant {@code r} of a seed with {@code tables} tables (capacity 4, movable) in {@code zones} equal zones,
     * each zone's tables adjacent in a chain, and an evening booking on every table and day from {@code firstDay} to
     * {@code lastDay} (days relative to the anchor's, 19:00 to 21:00 UTC). Analyzed afterwards.
     *
     * @return the restaurant id
     */
    static UUID restaurantWithHistory(TestDatabase db, String seed, int restaurant, int tables, int zones,
            Instant anchor, int firstDay, int lastDay) {
        String ri = Integer.toString(restaurant);
        String r = restaurant(seed, ri);
        int perZone = tables / zones;
        String zone = "md5('" + seed + "z' || " + ri + " || '-' || ";
        Sql.exec(db,
                "INSERT INTO zones (id, restaurant_id, name, sort_order) SELECT " + zone + "z)::uuid, " + r
                        + ", 'Zone ' || z, z FROM generate_series(0, " + (zones - 1) + ") z",
                "INSERT INTO dining_tables (id, restaurant_id, zone_id, label, capacity) SELECT "
                        + table(seed, ri, "t") + ", " + r + ", " + zone + "(t / " + perZone + "))::uuid, 'T' || t, 4 "
                        + "FROM generate_series(0, " + (tables - 1) + ") t",
                "INSERT INTO table_adjacency (restaurant_id, table_a, table_b) SELECT " + r + ", least(a, b), "
                        + "greatest(a, b) FROM (SELECT " + table(seed, ri, "t") + " a, " + table(seed, ri, "t + 1")
                        + " b FROM generate_series(0, " + (tables - 2) + ") t WHERE t % " + perZone + " <> "
                        + (perZone - 1) + ") e");
        Instant day = anchor.truncatedTo(java.time.temporal.ChronoUnit.DAYS);
        Sql.update(db, "INSERT INTO allocations (id, restaurant_id, table_id, kind, booking_id, during, created_at) "
                + "SELECT md5('" + seed + "a' || " + ri + " || '-' || t || '-' || d)::uuid, " + r + ", "
                + table(seed, ri, "t") + ", 'booking', md5('" + seed + "b' || " + ri + " || '-' || t || '-' || d)::uuid, "
                + "tstzrange(?::timestamptz + d * interval '1 day' + interval '19 hours', ?::timestamptz + d * "
                + "interval '1 day' + interval '21 hours', '[)'), ?::timestamptz FROM generate_series(0, "
                + (tables - 1) + ") t, generate_series(" + firstDay + ", " + lastDay + ") d",
                Sql.odt(day), Sql.odt(day), Sql.odt(anchor.minus(Duration.ofDays(40))));
        Sql.settle(db, "zones", "dining_tables", "table_adjacency", "allocations", "holds");
        return Sql.uuids(db, "SELECT " + r).get(0);
    }

    /** Table {@code t} of {@link #bigRestaurant}. */
    static UUID bigRestaurantTable(TestDatabase db, String seed, int t) {
        return restaurantTable(db, seed, 0, t);
    }

    /** Table {@code t} of restaurant {@code r} of {@link #restaurantWithHistory}. */
    static UUID restaurantTable(TestDatabase db, String seed, int restaurant, int t) {
        return Sql.uuids(db, "SELECT " + table(seed, Integer.toString(restaurant), Integer.toString(t))).get(0);
    }

    /** The restaurant ids of a seed's floors, in restaurant order. */
    static List<UUID> restaurants(TestDatabase db, String seed, int restaurants) {
        return Sql.uuids(db, "SELECT " + restaurant(seed, "r") + " FROM generate_series(0, " + (restaurants - 1)
                + ") r ORDER BY r");
    }
}
