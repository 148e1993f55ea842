package dev.capacity.impl.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capacity.testkit.postgres.PostgresExtension;
import dev.capacity.testkit.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

@ExtendWith(PostgresExtension.class)
@DisplayName("The schema itself")
class SchemaConstraintsTest {

    private final TestDatabase db;
    private UUID restaurant;
    private UUID zone;
    private UUID table;

    SchemaConstraintsTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void floorPlan() throws SQLException {
        restaurant = UUID.randomUUID();
        zone = insertZone(restaurant, "Main");
        table = insertTable(restaurant, zone, "T1");
    }

    @Nested
    @DisplayName("allocations")
    class Allocations {

        @Test
        @DisplayName("PostgreSQL itself rejects two overlapping allocations on one table with 23P01")
        void overlapRejected() throws SQLException {
            insertBooking(table, "2030-01-01 18:00+00", "2030-01-01 20:00+00");
            assertThatThrownBy(() -> insertBooking(table, "2030-01-01 19:00+00", "2030-01-01 21:00+00"))
                    .isInstanceOfSatisfying(SQLException.class,
                            e -> assertThat(e.getSQLState()).isEqualTo("23P01"));
        }

        @Test
        @DisplayName("touching windows [18:00,20:00) and [20:00,22:00) are both accepted")
        void touchingAccepted() throws SQLException {
            insertBooking(table, "2030-01-01 18:00+00", "2030-01-01 20:00+00");
            insertBooking(table, "2030-01-01 20:00+00", "2030-01-01 22:00+00");
            assertThat(count("SELECT count(*) FROM allocations WHERE table_id = '" + table + "'")).isEqualTo(2);
        }

        @Test
        @DisplayName("overlapping windows on different tables are accepted")
        void otherTableAccepted() throws SQLException {
            UUID other = insertTable(restaurant, zone, "T2");
            insertBooking(table, "2030-01-01 18:00+00", "2030-01-01 20:00+00");
            insertBooking(other, "2030-01-01 18:00+00", "2030-01-01 20:00+00");
        }

        @Test
        @DisplayName("a hold allocation needs a hold id and a booking allocation a booking id")
        void kindChecks() {
            assertThatThrownBy(() -> db.execute("INSERT INTO allocations (id, restaurant_id, table_id, kind, during, "
                    + "created_at) VALUES (gen_random_uuid(), '" + restaurant + "', '" + table + "', 'hold', "
                    + "tstzrange('2030-01-01 18:00+00', '2030-01-01 20:00+00', '[)'), now())"))
                    .hasRootCauseInstanceOf(SQLException.class).hasMessageContaining("allocations_hold_iff_hold_id");
            assertThatThrownBy(() -> db.execute("INSERT INTO allocations (id, restaurant_id, table_id, kind, during, "
                    + "created_at) VALUES (gen_random_uuid(), '" + restaurant + "', '" + table + "', 'booking', "
                    + "tstzrange('2030-01-01 18:00+00', '2030-01-01 20:00+00', '[)'), now())"))
                    .hasMessageContaining("allocations_booking_has_booking_id");
        }

        @Test
        @DisplayName("deleting a hold deletes its allocations")
        void holdCascade() throws SQLException {
            UUID hold = UUID.randomUUID();
            db.execute("INSERT INTO holds (id, restaurant_id, starts_at, ends_at, expires_at, table_ids, created_at) "
                    + "VALUES ('" + hold + "', '" + restaurant + "', '2030-01-01 18:00+00', '2030-01-01 20:00+00', "
                    + "'2030-01-01 12:05+00', ARRAY['" + table + "']::uuid[], '2030-01-01 12:00+00')");
            db.execute("INSERT INTO allocations (id, restaurant_id, table_id, kind, hold_id, during, created_at) "
                    + "VALUES (gen_random_uuid(), '" + restaurant + "', '" + table + "', 'hold', '" + hold + "', "
                    + "tstzrange('2030-01-01 18:00+00', '2030-01-01 20:00+00', '[)'), now())");
            db.execute("DELETE FROM holds WHERE id = '" + hold + "'");
            assertThat(count("SELECT count(*) FROM allocations WHERE hold_id = '" + hold + "'")).isZero();
        }

        @Test
        @DisplayName("a hold may expire long before its window (abandonment deadline, not the window end)")
        void expiryIndependentOfWindow() throws SQLException {
            db.execute("INSERT INTO holds (id, restaurant_id, starts_at, ends_at, expires_at, table_ids, created_at) "
                    + "VALUES (gen_random_uuid(), '" + restaurant + "', '2030-01-01 20:00+00', '2030-01-01 22:00+00', "
                    + "'2030-01-01 12:05+00', ARRAY['" + table + "']::uuid[], '2030-01-01 12:00+00')");
            assertThat(count("SELECT count(*) FROM holds WHERE restaurant_id = '" + restaurant + "'")).isEqualTo(1);
        }
    }

    @Nested
    @DisplayName("floor plan")
    class FloorPlan {

        @Test
        @DisplayName("a table in another restaurant's zone is rejected")
        void tableInForeignZone() {
            UUID otherRestaurant = UUID.randomUUID();
            assertThatThrownBy(() -> insertTable(otherRestaurant, zone, "X1"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("23503"));
        }

        @Test
        @DisplayName("an adjacency edge across restaurants is rejected")
        void adjacencyAcrossRestaurants() throws SQLException {
            UUID otherRestaurant = UUID.randomUUID();
            UUID otherZone = insertZone(otherRestaurant, "Main");
            UUID foreign = insertTable(otherRestaurant, otherZone, "X1");
            UUID a = table.compareTo(foreign) < 0 ? table : foreign;
            UUID b = a.equals(table) ? foreign : table;
            for (UUID r : new UUID[] {restaurant, otherRestaurant}) {
                assertThatThrownBy(() -> db.execute("INSERT INTO table_adjacency (restaurant_id, table_a, table_b) "
                        + "VALUES ('" + r + "', '" + a + "', '" + b + "')"))
                        .hasMessageContaining("table_adjacency_");
            }
        }

        @Test
        @DisplayName("an adjacency edge is stored once, lower id first")
        void adjacencyOrdered() throws SQLException {
            UUID other = insertTable(restaurant, zone, "T2");
            String lo = (table.toString().compareTo(other.toString()) < 0 ? table : other).toString();
            String hi = lo.equals(table.toString()) ? other.toString() : table.toString();
            assertThatThrownBy(() -> db.execute("INSERT INTO table_adjacency (restaurant_id, table_a, table_b) "
                    + "VALUES ('" + restaurant + "', '" + hi + "', '" + lo + "')"))
                    .hasMessageContaining("table_adjacency_ordered");
            db.execute("INSERT INTO table_adjacency (restaurant_id, table_a, table_b) "
                    + "VALUES ('" + restaurant + "', '" + lo + "', '" + hi + "')");
            db.execute("DELETE FROM dining_tables WHERE id = '" + other + "'");
            assertThat(count("SELECT count(*) FROM table_adjacency WHERE restaurant_id = '" + restaurant + "'"))
                    .isZero();
        }

        @Test
        @DisplayName("zone names are unique per restaurant case-insensitively, table labels exactly")
        void uniqueNames() {
            assertThatThrownBy(() -> insertZone(restaurant, "MAIN"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("23505"));
            assertThatThrownBy(() -> insertTable(restaurant, zone, "T1"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("23505"));
        }

        @Test
        @DisplayName("capacity, party sizes and labels are checked")
        void checks() {
            assertThatThrownBy(() -> db.execute("INSERT INTO dining_tables (id, restaurant_id, zone_id, label, "
                    + "capacity) VALUES (gen_random_uuid(), '" + restaurant + "', '" + zone + "', 'T9', 0)"))
                    .hasMessageContaining("dining_tables_capacity_positive");
            assertThatThrownBy(() -> db.execute("INSERT INTO dining_tables (id, restaurant_id, zone_id, label, "
                    + "capacity, min_party_size, max_party_size) VALUES (gen_random_uuid(), '" + restaurant + "', '"
                    + zone + "', 'T9', 4, 3, 2)"))
                    .hasMessageContaining("dining_tables_max_party_valid");
            assertThatThrownBy(() -> db.execute("INSERT INTO dining_tables (id, restaurant_id, zone_id, label, "
                    + "capacity) VALUES (gen_random_uuid(), '" + restaurant + "', '" + zone + "', '  ', 2)"))
                    .hasMessageContaining("dining_tables_label_not_blank");
        }

        @Test
        @DisplayName("editing a table bumps floor_plan_versions and notifies the restaurant id on commit")
        void versionBumpAndNotify() throws SQLException {
            long before = version(restaurant);
            try (Connection listener = db.connection(); Statement s = listener.createStatement()) {
                s.execute("LISTEN capacity_floor_plan");
                db.execute("UPDATE dining_tables SET capacity = 6 WHERE id = '" + table + "'");
                assertThat(version(restaurant)).isEqualTo(before + 1);
                PGNotification[] notes = listener.unwrap(PGConnection.class).getNotifications(5_000);
                assertThat(notes).isNotNull();
                assertThat(notes).extracting(PGNotification::getParameter).contains(restaurant.toString());
            }
        }

        @Test
        @DisplayName("zone and adjacency edits bump the version too, and a rolled-back edit does not")
        void otherEditsBump() throws SQLException {
            long v0 = version(restaurant);
            db.execute("UPDATE zones SET sort_order = 3 WHERE id = '" + zone + "'");
            UUID other = insertTable(restaurant, zone, "T2");
            assertThat(version(restaurant)).isEqualTo(v0 + 2);
            String lo = (table.toString().compareTo(other.toString()) < 0 ? table : other).toString();
            String hi = lo.equals(table.toString()) ? other.toString() : table.toString();
            db.execute("INSERT INTO table_adjacency (restaurant_id, table_a, table_b) VALUES ('" + restaurant + "', '"
                    + lo + "', '" + hi + "')");
            assertThat(version(restaurant)).isEqualTo(v0 + 3);
            try (Connection c = db.connection(); Statement s = c.createStatement()) {
                c.setAutoCommit(false);
                s.execute("UPDATE zones SET sort_order = 4 WHERE id = '" + zone + "'");
                c.rollback();
            }
            assertThat(version(restaurant)).isEqualTo(v0 + 3);
        }
    }

    private UUID insertZone(UUID r, String name) throws SQLException {
        UUID id = UUID.randomUUID();
        try (Connection c = db.connection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO zones (id, restaurant_id, name) VALUES (?, ?, ?)")) {
            ps.setObject(1, id);
            ps.setObject(2, r);
            ps.setString(3, name);
            ps.executeUpdate();
        }
        return id;
    }

    private UUID insertTable(UUID r, UUID z, String label) throws SQLException {
        UUID id = UUID.randomUUID();
        try (Connection c = db.connection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO dining_tables (id, restaurant_id, zone_id, "
                        + "label, capacity) VALUES (?, ?, ?, ?, 4)")) {
            ps.setObject(1, id);
            ps.setObject(2, r);
            ps.setObject(3, z);
            ps.setString(4, label);
            ps.executeUpdate();
        }
        return id;
    }

    private void insertBooking(UUID t, String from, String to) throws SQLException {
        try (Connection c = db.connection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO allocations (id, restaurant_id, table_id, kind, "
                        + "booking_id, during, created_at) VALUES (gen_random_uuid(), ?, ?, 'booking', "
                        + "gen_random_uuid(), tstzrange(?::timestamptz, ?::timestamptz, '[)'), now())")) {
            ps.setObject(1, restaurant);
            ps.setObject(2, t);
            ps.setString(3, from);
            ps.setString(4, to);
            ps.executeUpdate();
        }
    }

    private long version(UUID r) throws SQLException {
        return count("SELECT coalesce(max(version), 0) FROM floor_plan_versions WHERE restaurant_id = '" + r + "'");
    }

    private long count(String sql) throws SQLException {
        try (Connection c = db.connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
