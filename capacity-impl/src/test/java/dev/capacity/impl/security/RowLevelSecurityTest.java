package dev.capacity.impl.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.capacity.api.DiningTable;
import dev.capacity.api.Hold;
import dev.capacity.api.PlaceHoldRequest;
import dev.capacity.api.RestaurantId;
import dev.capacity.api.TableSpec;
import dev.capacity.api.TimeWindow;
import dev.capacity.api.Zone;
import dev.capacity.impl.PostgresCapacity;
import dev.capacity.testkit.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("The optional row-level-security migration")
class RowLevelSecurityTest {

    private final String role = "capacity_app_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private TestDatabase db;
    private HikariDataSource appPool;
    private RestaurantId a;
    private RestaurantId b;
    private DiningTable tableOfA;
    private Hold holdOfB;

    @BeforeAll
    void schemaWithPoliciesAndAnAppRole() {
        db = TestDatabase.create(TestDatabase.Options.withRowLevelSecurity());
        db.execute("CREATE ROLE " + role + " NOLOGIN",
                "GRANT USAGE ON SCHEMA " + db.schema() + " TO " + role,
                "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA " + db.schema() + " TO " + role);
        // The owner (migration user) bypasses the policies and seeds two restaurants.
        try (PostgresCapacity owner = PostgresCapacity.builder().dataSource(db.dataSource()).schema(db.schema())
                .listenForChanges(false).build()) {
            a = RestaurantId.random();
            b = RestaurantId.random();
            Zone zoneA = owner.floorPlanStore().createZone(a, "Main", 0);
            tableOfA = owner.floorPlanStore().createTable(a, TableSpec.of(zoneA.id(), "A1", 4));
            Zone zoneB = owner.floorPlanStore().createZone(b, "Main", 0);
            DiningTable tableOfB = owner.floorPlanStore().createTable(b, TableSpec.of(zoneB.id(), "B1", 4));
            holdOfB = owner.allocationStore().placeHold(PlaceHoldRequest.builder(b, evening())
                    .tables(tableOfB.id()).ttl(Duration.ofMinutes(10)).build());
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.jdbcUrl());
        config.setUsername(db.user());
        config.setPassword(db.password());
        config.setMaximumPoolSize(3);
        config.setConnectionInitSql("SET ROLE " + role);
        appPool = new HikariDataSource(config);
    }

    @AfterAll
    void dropEverything() {
        appPool.close();
        db.close();
        try (Connection c = db.server().connect(); Statement s = c.createStatement()) {
            s.execute("DROP ROLE IF EXISTS " + role);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TimeWindow evening() {
        return TimeWindow.starting(Instant.now().plus(Duration.ofDays(1)), Duration.ofHours(2));
    }

    @Test
    @DisplayName("raw SQL scoped to restaurant A sees only A's rows and cannot write B's")
    void rawSqlIsolation() throws SQLException {
        try (Connection c = appPool.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("SELECT set_config('capacity.restaurant_id', '" + a + "', true)");
            assertThat(count(s, "SELECT count(*) FROM dining_tables")).isEqualTo(1);
            assertThat(count(s, "SELECT count(*) FROM holds WHERE restaurant_id <> '" + a + "'")).isZero();
            assertThat(count(s, "SELECT count(*) FROM dining_tables WHERE restaurant_id = '" + b + "'")).isZero();
            assertThat(s.executeUpdate("DELETE FROM holds WHERE id = '" + holdOfB.id() + "'")).isZero();
            assertThatThrownBy(() -> s.execute("INSERT INTO zones (id, restaurant_id, name) VALUES "
                    + "(gen_random_uuid(), '" + b + "', 'Sneaky')"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
            c.rollback();
        }
    }

    @Test
    @DisplayName("without a scope the app role sees nothing at all")
    void noScopeNoRows() throws SQLException {
        try (Connection c = appPool.getConnection(); Statement s = c.createStatement()) {
            assertThat(count(s, "SELECT count(*) FROM dining_tables")).isZero();
            assertThat(count(s, "SELECT count(*) FROM holds")).isZero();
        }
    }

    @Test
    @DisplayName("the library with tenantScope(true) sets the scope of each call's restaurant in its transaction")
    void libraryScopesEveryTransaction() {
        try (PostgresCapacity app = PostgresCapacity.builder().dataSource(appPool).schema(db.schema())
                .tenantScope(true).listenForChanges(false).build()) {
            Hold hold = app.allocationStore().placeHold(PlaceHoldRequest.builder(a, evening())
                    .tables(tableOfA.id()).ttl(Duration.ofMinutes(5)).build());
            assertThat(app.allocationStore().activeHolds(a)).extracting(Hold::id).contains(hold.id())
                    .doesNotContain(holdOfB.id());
            assertThat(app.allocationStore().activeHolds(b)).extracting(Hold::id).containsExactly(holdOfB.id());
            assertThat(app.floorPlanStore().load(a).tables()).extracting(DiningTable::id)
                    .containsExactly(tableOfA.id());
        }
    }

    @Test
    @DisplayName("without tenantScope the app role's library sees nothing, so the policies cannot be bypassed")
    void libraryWithoutScopeSeesNothing() {
        try (PostgresCapacity app = PostgresCapacity.builder().dataSource(appPool).schema(db.schema())
                .listenForChanges(false).build()) {
            assertThat(app.allocationStore().activeHolds(b)).isEmpty();
            assertThat(app.allocationStore().findHold(b, holdOfB.id())).isEmpty();
            assertThat(app.floorPlanStore().load(a).tables()).isEmpty();
        }
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
