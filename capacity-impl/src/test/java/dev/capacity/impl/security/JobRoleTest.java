package dev.capacity.impl.security;

import static dev.capacity.impl.security.TenantSeed.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capacity.api.AssignRequest;
import dev.capacity.api.BookingId;
import dev.capacity.api.PrunerSettings;
import dev.capacity.api.RestaurantId;
import dev.capacity.api.TimeWindow;
import dev.capacity.impl.PostgresCapacity;
import dev.capacity.testkit.time.MutableInstantSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The cross-tenant jobs under row-level security: the application role cannot run them across restaurants (it sees
 * no row outside a scope, so it sweeps and archives nothing and leaves both restaurants as they were), while the
 * jobs role of docs/security.md (BYPASSRLS, and only the table privileges the jobs need) sweeps and prunes both.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("The sweeper and pruner across restaurants, by role")
class JobRoleTest {

    /** Archive after 30 days; purge the archive after ten years, so that the purge statement runs and finds none. */
    private static final PrunerSettings THIRTY_DAYS = PrunerSettings.defaults().withRetention(Duration.ofDays(30))
            .withArchiveRetention(Duration.ofDays(3650));

    private final MutableInstantSource clock = MutableInstantSource.of(T0);
    private RlsDatabase rls;
    private TenantSeed a;
    private TenantSeed b;

    /** In both restaurants: a hold that has expired, and a booking that ended 35 days ago (due for the archive). */
    @BeforeAll
    void expiredHoldsAndOldBookingsInTwoRestaurants() {
        rls = new RlsDatabase();
        try (PostgresCapacity owner = PostgresCapacity.builder().dataSource(rls.db.dataSource())
                .schema(rls.db.schema()).clock(clock).listenForChanges(false).build()) {
            a = TenantSeed.of(owner, RestaurantId.random());
            b = TenantSeed.of(owner, RestaurantId.random());
            TenantSeed.archiveOld(owner);
            TimeWindow old = TimeWindow.starting(T0.minus(Duration.ofDays(35)), Duration.ofHours(2));
            for (TenantSeed seed : List.of(a, b)) {
                owner.allocationStore().assign(AssignRequest.of(seed.restaurant(), BookingId.random(),
                        List.of(seed.t2().id()), old));
            }
        }
        clock.advance(Duration.ofMinutes(10));
    }

    @AfterAll
    void drop() {
        rls.close();
    }

    private PostgresCapacity library(javax.sql.DataSource pool, boolean tenantScope) {
        return PostgresCapacity.builder().dataSource(pool).schema(rls.db.schema()).clock(clock)
                .tenantScope(tenantScope).listenForChanges(false).pruner(THIRTY_DAYS).build();
    }

    @Test
    @Order(1)
    @DisplayName("the application role cannot sweep or prune across restaurants: it finds nothing and changes nothing")
    void applicationRoleCannot() {
        String digestOfA = rls.ownerDigest(a.restaurant());
        String digestOfB = rls.ownerDigest(b.restaurant());
        for (boolean scope : List.of(true, false)) {
            try (PostgresCapacity app = library(rls.appPool, scope)) {
                assertThat(app.holdSweeper().sweep().swept()).isZero();
                assertThat(app.allocationPruner().preview().eligible()).isZero();
                assertThat(app.allocationPruner().prune().archived()).isZero();
            }
        }
        assertThat(rls.ownerDigest(a.restaurant())).isEqualTo(digestOfA);
        assertThat(rls.ownerDigest(b.restaurant())).isEqualTo(digestOfB);
    }

    @Test
    @Order(2)
    @DisplayName("the jobs role sweeps the expired holds and archives the old bookings of both restaurants")
    void jobsRoleCan() throws SQLException {
        try (PostgresCapacity jobs = library(rls.jobsPool, false)) {
            assertThat(jobs.allocationPruner().preview().eligible()).isEqualTo(2);
            assertThat(jobs.holdSweeper().sweep().swept()).isEqualTo(2);
            assertThat(jobs.allocationPruner().prune().archived()).isEqualTo(2);
        }
        for (TenantSeed seed : List.of(a, b)) {
            try (Connection c = rls.db.connection(); Statement s = c.createStatement()) {
                assertThat(RowLevelSecurityTest.count(s, "SELECT count(*) FROM holds WHERE id = '"
                        + seed.expiring().id() + "'")).as("expired hold").isZero();
                assertThat(RowLevelSecurityTest.count(s, "SELECT count(*) FROM holds WHERE id = '"
                        + seed.hold().id() + "'")).as("active hold").isEqualTo(1);
                assertThat(RowLevelSecurityTest.count(s, "SELECT count(*) FROM allocations_archive WHERE "
                        + "restaurant_id = '" + seed.restaurant() + "'")).as("archived").isEqualTo(2);
            }
        }
    }

    @Test
    @Order(3)
    @DisplayName("the jobs role has no privilege beyond the jobs': it cannot read the floor plan or write a zone")
    void jobsRoleIsNarrow() throws SQLException {
        try (Connection c = rls.jobsPool.getConnection(); Statement s = c.createStatement()) {
            assertThat(RowLevelSecurityTest.count(s, "SELECT count(*) FROM pg_roles WHERE rolname = current_user "
                    + "AND rolbypassrls AND NOT rolsuper AND current_user = '" + rls.jobs + "'")).isEqualTo(1);
            for (String sql : List.of("SELECT count(*) FROM dining_tables",
                    "INSERT INTO zones (id, restaurant_id, name) VALUES (gen_random_uuid(), '" + a.restaurant()
                            + "', 'Sneaky')", "DELETE FROM zones")) {
                assertThatThrownBy(() -> s.execute(sql)).as(sql).isInstanceOfSatisfying(SQLException.class,
                        e -> assertThat(e.getSQLState()).isEqualTo("42501"));
            }
        }
    }
}
