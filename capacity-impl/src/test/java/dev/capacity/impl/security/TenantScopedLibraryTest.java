package dev.capacity.impl.security;

import static dev.capacity.impl.security.TenantSeed.T0;
import static dev.capacity.impl.security.TenantSeed.TOMORROW;
import static dev.capacity.impl.security.TenantSeed.TONIGHT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capacity.api.Allocation;
import dev.capacity.api.AllocationStore;
import dev.capacity.api.AssignRequest;
import dev.capacity.api.BookingId;
import dev.capacity.api.DiningTable;
import dev.capacity.api.FloorPlanStore;
import dev.capacity.api.Hold;
import dev.capacity.api.MaintenanceRequest;
import dev.capacity.api.PlaceHoldRequest;
import dev.capacity.api.RestaurantId;
import dev.capacity.api.TableSpec;
import dev.capacity.api.TimeWindow;
import dev.capacity.api.ValidationRequest;
import dev.capacity.api.Zone;
import dev.capacity.api.error.AssignmentRejected;
import dev.capacity.api.error.ErrorCode;
import dev.capacity.api.error.HoldNotFound;
import dev.capacity.api.error.InternalFailure;
import dev.capacity.api.error.TableNotFound;
import dev.capacity.api.error.Violation;
import dev.capacity.api.error.ZoneNotFound;
import dev.capacity.impl.PostgresCapacity;
import dev.capacity.testkit.time.MutableInstantSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every tenant-scoped public method of the library, run as the application role with {@code tenantScope(true)}.
 * Under the policies that role sees no row unless its transaction carries a scope, so each call that reads or
 * writes restaurant A's rows proves that the library scoped that call's transaction; each call for A that names
 * restaurant B's ids behaves as for unknown ids; and B's rows, compared row by row by the owner, never change.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("The library as the application role, with tenantScope(true), under row-level security")
class TenantScopedLibraryTest {

    private static final TimeWindow LATER = TimeWindow.starting(T0.plus(Duration.ofDays(3)), Duration.ofHours(2));

    private final MutableInstantSource clock = MutableInstantSource.of(T0);
    private RlsDatabase rls;
    private PostgresCapacity owner;
    private PostgresCapacity app;
    private PostgresCapacity unscoped;

    @BeforeAll
    void libraries() {
        rls = new RlsDatabase();
        owner = PostgresCapacity.builder().dataSource(rls.db.dataSource()).schema(rls.db.schema()).clock(clock)
                .listenForChanges(false).build();
        app = PostgresCapacity.builder().dataSource(rls.appPool).schema(rls.db.schema()).clock(clock)
                .tenantScope(true).listenForChanges(false).build();
        unscoped = PostgresCapacity.builder().dataSource(rls.appPool).schema(rls.db.schema()).clock(clock)
                .listenForChanges(false).build();
    }

    @AfterAll
    void close() {
        app.close();
        unscoped.close();
        owner.close();
        rls.close();
    }

    /** Restaurant A and B, fresh for each test, with rows in every table. */
    private TenantSeed[] seed() {
        TenantSeed a = TenantSeed.of(owner, RestaurantId.random());
        TenantSeed b = TenantSeed.of(owner, RestaurantId.random());
        TenantSeed.archiveOld(owner);
        return new TenantSeed[] {a, b};
    }

    @Test
    @DisplayName("every AllocationStore method works on A's rows and treats B's ids as unknown")
    void allocationStore() {
        TenantSeed[] seeds = seed();
        TenantSeed sa = seeds[0];
        TenantSeed sb = seeds[1];
        RestaurantId a = sa.restaurant();
        Allocation blockOfB = owner.allocationStore().blockTable(new MaintenanceRequest(sb.restaurant(), sb.t2().id(),
                LATER, "paint", "ops"));
        String digestOfB = rls.ownerDigest(sb.restaurant());
        AllocationStore store = app.allocationStore();

        assertThat(store.activeHolds(a)).extracting(Hold::id)
                .containsExactlyInAnyOrder(sa.hold().id(), sa.expiring().id());
        assertThat(store.findHold(a, sa.hold().id())).isPresent();
        assertThat(store.allocationsOfBooking(a, sa.booking())).hasSize(1);
        assertThat(store.allocationsOfTables(a, List.of(sa.t1().id(), sa.t2().id()), TONIGHT)).hasSize(2);
        Hold extended = store.extendHold(a, sa.hold().id(), Duration.ofMinutes(5));
        assertThat(extended.expiresAt()).isEqualTo(sa.hold().expiresAt().plus(Duration.ofMinutes(5)));
        assertThat(store.confirmHold(a, sa.hold().id(), BookingId.random()).allocations()).hasSize(1);
        Hold placed = store.placeHold(PlaceHoldRequest.builder(a, TOMORROW).tables(sa.t2().id())
                .ttl(Duration.ofMinutes(5)).build());
        store.releaseHold(a, placed.id());
        BookingId seated = BookingId.random();
        assertThat(store.assign(AssignRequest.of(a, seated, List.of(sa.t2().id()), LATER))).hasSize(1);
        assertThat(store.unassign(a, seated)).isEqualTo(1);
        Allocation block = store.blockTable(new MaintenanceRequest(a, sa.t2().id(), LATER, "paint", "ops"));
        assertThat(store.unblockTable(a, block.id())).isTrue();

        assertThat(store.findHold(a, sb.hold().id())).isEmpty();
        assertThat(store.allocationsOfBooking(a, sb.booking())).isEmpty();
        assertThat(store.allocationsOfTables(a, List.of(sb.t1().id(), sb.t2().id()), TONIGHT)).isEmpty();
        assertThatThrownBy(() -> store.releaseHold(a, sb.hold().id())).isInstanceOf(HoldNotFound.class);
        assertThatThrownBy(() -> store.extendHold(a, sb.hold().id(), Duration.ofMinutes(1)))
                .isInstanceOf(HoldNotFound.class);
        assertThatThrownBy(() -> store.confirmHold(a, sb.hold().id(), BookingId.random()))
                .isInstanceOf(HoldNotFound.class);
        assertThat(store.unassign(a, sb.booking())).isZero();
        assertThat(store.unblockTable(a, blockOfB.id())).isFalse();
        assertThatThrownBy(() -> store.placeHold(PlaceHoldRequest.builder(a, LATER).tables(sb.t1().id())
                .ttl(Duration.ofMinutes(5)).build())).satisfies(TenantScopedLibraryTest::tableNotFound);
        assertThatThrownBy(() -> store.assign(AssignRequest.of(a, BookingId.random(), List.of(sb.t1().id()), LATER)))
                .satisfies(TenantScopedLibraryTest::tableNotFound);
        assertThatThrownBy(() -> store.blockTable(new MaintenanceRequest(a, sb.t1().id(), LATER, null, null)))
                .isInstanceOf(TableNotFound.class);

        assertThat(rls.ownerDigest(sb.restaurant())).as("B's rows").isEqualTo(digestOfB);
    }

    @Test
    @DisplayName("every FloorPlanStore and FloorPlans method works on A's plan and treats B's ids as unknown")
    void floorPlans() {
        TenantSeed[] seeds = seed();
        TenantSeed sa = seeds[0];
        TenantSeed sb = seeds[1];
        RestaurantId a = sa.restaurant();
        String digestOfB = rls.ownerDigest(sb.restaurant());
        FloorPlanStore plans = app.floorPlanStore();

        assertThat(plans.load(a).tables()).extracting(DiningTable::id)
                .containsExactlyInAnyOrder(sa.t1().id(), sa.t2().id());
        assertThat(app.floorPlans().get(a).tables()).hasSize(2);
        app.floorPlans().invalidate(a);
        app.floorPlans().invalidateAll();
        Zone zone = plans.createZone(a, "Terrace", 1);
        assertThat(plans.updateZone(a, zone.id(), "Patio", 2).name()).isEqualTo("Patio");
        DiningTable table = plans.createTable(a, TableSpec.of(zone.id(), "P1", 2));
        assertThat(plans.updateTable(a, table.id(), TableSpec.of(zone.id(), "P1", 3)).capacity()).isEqualTo(3);
        assertThat(plans.setTableActive(a, table.id(), false).active()).isFalse();
        assertThat(plans.linkTables(a, sa.t2().id(), table.id())).isTrue();
        assertThat(plans.unlinkTables(a, sa.t2().id(), table.id())).isTrue();
        plans.deleteTable(a, table.id());
        plans.deleteZone(a, zone.id());
        assertThat(app.floorPlans().get(a).tables()).hasSize(2);

        assertThatThrownBy(() -> plans.updateZone(a, sb.zone().id(), "Stolen", 0)).isInstanceOf(ZoneNotFound.class);
        assertThatThrownBy(() -> plans.deleteZone(a, sb.zone().id())).isInstanceOf(ZoneNotFound.class);
        assertThatThrownBy(() -> plans.createTable(a, TableSpec.of(sb.zone().id(), "X", 2)))
                .isInstanceOf(ZoneNotFound.class);
        assertThatThrownBy(() -> plans.updateTable(a, sb.t1().id(), TableSpec.of(sa.zone().id(), "X", 2)))
                .isInstanceOf(TableNotFound.class);
        assertThatThrownBy(() -> plans.setTableActive(a, sb.t1().id(), false)).isInstanceOf(TableNotFound.class);
        assertThatThrownBy(() -> plans.deleteTable(a, sb.t1().id())).isInstanceOf(TableNotFound.class);
        assertThatThrownBy(() -> plans.linkTables(a, sa.t1().id(), sb.t1().id())).isInstanceOf(TableNotFound.class);
        assertThat(plans.unlinkTables(a, sb.t1().id(), sb.t2().id())).isFalse();

        assertThat(rls.ownerDigest(sb.restaurant())).as("B's rows").isEqualTo(digestOfB);
    }

    @Test
    @DisplayName("the validator and the pruner's restores work on A's rows and treat B's as unknown")
    void validatorAndRestores() {
        TenantSeed[] seeds = seed();
        TenantSeed sa = seeds[0];
        TenantSeed sb = seeds[1];
        RestaurantId a = sa.restaurant();
        String digestOfB = rls.ownerDigest(sb.restaurant());

        assertThat(app.validator().validate(ValidationRequest.of(a, null, 2, LATER, List.of(sa.t2().id()))).ok())
                .isTrue();
        assertThat(app.validator().validate(ValidationRequest.of(a, null, 2, LATER, List.of(sb.t2().id()))).checks())
                .extracting(Violation::code).containsExactly(ErrorCode.TABLE_NOT_FOUND);
        assertThat(app.allocationPruner().restore(a, List.of(sb.oldAllocation()))).isZero();
        assertThat(app.allocationPruner().restoreBooking(a, sb.oldBooking())).isZero();
        assertThat(app.allocationPruner().restoreBooking(a, sa.oldBooking())).isEqualTo(1);
        assertThat(app.allocationStore().allocationsOfBooking(a, sa.oldBooking())).hasSize(1);

        assertThat(rls.ownerDigest(sb.restaurant())).as("B's rows").isEqualTo(digestOfB);
    }

    @Test
    @DisplayName("without tenantScope the same role sees nothing of A and cannot write, so the scope is what works")
    void withoutTheScopeNothingWorks() {
        TenantSeed sa = seed()[0];
        RestaurantId a = sa.restaurant();
        String digestOfA = rls.ownerDigest(a);
        assertThat(unscoped.floorPlanStore().load(a).tables()).isEmpty();
        assertThat(unscoped.allocationStore().activeHolds(a)).isEmpty();
        assertThat(unscoped.allocationStore().findHold(a, sa.hold().id())).isEmpty();
        assertThat(unscoped.validator().validate(ValidationRequest.of(a, null, 2, LATER, List.of(sa.t2().id())))
                .checks()).extracting(Violation::code).containsExactly(ErrorCode.TABLE_NOT_FOUND);
        assertThatThrownBy(() -> unscoped.allocationStore().releaseHold(a, sa.hold().id()))
                .isInstanceOf(HoldNotFound.class);
        assertThatThrownBy(() -> unscoped.floorPlanStore().createZone(a, "Nowhere", 0))
                .isInstanceOf(InternalFailure.class).hasMessageNotContaining("42501");
        assertThat(rls.ownerDigest(a)).isEqualTo(digestOfA);
    }

    @Test
    @DisplayName("no scope is left on the pool's connections after the library's calls")
    void scopeDoesNotOutliveTheTransaction() throws SQLException {
        TenantSeed sa = seed()[0];
        app.allocationStore().activeHolds(sa.restaurant());
        app.floorPlanStore().load(sa.restaurant());
        try (Connection c1 = rls.appPool.getConnection(); Connection c2 = rls.appPool.getConnection()) {
            for (Connection c : List.of(c1, c2)) {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                        "SELECT coalesce(current_setting('capacity.restaurant_id', true), '')")) {
                    rs.next();
                    assertThat(rs.getString(1)).isEmpty();
                }
            }
        }
    }

    private static void tableNotFound(Throwable e) {
        assertThat(e).isInstanceOfSatisfying(AssignmentRejected.class, r -> assertThat(r.violations())
                .extracting(Violation::code).containsExactly(ErrorCode.TABLE_NOT_FOUND));
    }
}
