package dev.capacity.impl.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.zaxxer.hikari.HikariDataSource;
import dev.capacity.api.AssignRequest;
import dev.capacity.api.BookingId;
import dev.capacity.api.Hold;
import dev.capacity.api.MaintenanceRequest;
import dev.capacity.api.PlaceHoldRequest;
import dev.capacity.api.PrunerSettings;
import dev.capacity.api.RestaurantId;
import dev.capacity.api.SweepResult;
import dev.capacity.api.SweeperSettings;
import dev.capacity.api.TableId;
import dev.capacity.api.TimeWindow;
import dev.capacity.api.ValidationRequest;
import dev.capacity.api.error.CapacityError;
import dev.capacity.api.error.CapacityUnavailable;
import dev.capacity.api.error.ErrorCode;
import dev.capacity.impl.PostgresCapacity;
import dev.capacity.impl.internal.LedgerSql;
import dev.capacity.testkit.postgres.PostgresExtension;
import dev.capacity.testkit.postgres.TestDatabase;
import dev.capacity.testkit.time.MutableInstantSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Another transaction holds a lock the library needs: every call gives up after the configured lock timeout (or,
 * for plain reads, the statement timeout) with a retryable {@code BUSY}, changes nothing, and works once the lock
 * is gone. The bound of {@link #HANG_GUARD} only tells a hang from a wait; it is not a performance threshold.
 */
@Tag("faults")
@ExtendWith(PostgresExtension.class)
@DisplayName("Calls that meet a lock held by another transaction")
class LockTimeoutTest {

    private static final Duration LOCK_TIMEOUT = Duration.ofMillis(300);
    private static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration HANG_GUARD = Duration.ofSeconds(10);
    private static final Instant EVENING = Instant.parse("2030-01-01T19:00:00Z");

    private final TestDatabase db;
    private final MutableInstantSource clock = MutableInstantSource.fixed();
    private HikariDataSource pool;
    private PostgresCapacity capacity;
    private RestaurantId restaurant;
    private TableId heldTable;
    private TableId bookedTable;
    private TableId freeTable;
    private TableId otherZoneTable;
    private Hold held;
    private Hold expired;
    private BookingId booked;

    LockTimeoutTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void seed() {
        // Each test counts what the jobs find, so none may inherit an earlier test's rows.
        db.execute("TRUNCATE holds, allocations, allocations_archive");
        pool = Pools.open(db.jdbcUrl(), db.user(), db.password(), "capacity-lock-test", 3, Duration.ofSeconds(5));
        capacity = PostgresCapacity.builder().dataSource(pool).schema(db.schema()).clock(clock)
                .lockTimeout(LOCK_TIMEOUT).statementTimeout(STATEMENT_TIMEOUT)
                .sweeper(SweeperSettings.defaults().withTimeouts(STATEMENT_TIMEOUT, LOCK_TIMEOUT))
                .pruner(PrunerSettings.defaults().withRetention(Duration.ofHours(1))
                        .withTimeouts(STATEMENT_TIMEOUT, LOCK_TIMEOUT))
                .listenForChanges(false).build();
        Site.Restaurant r = Site.create(capacity.floorPlanStore(), 1).restaurants().get(0);
        restaurant = r.id();
        heldTable = r.table(0, 0).id();
        bookedTable = r.table(0, 1).id();
        freeTable = r.table(0, 2).id();
        otherZoneTable = r.table(1, 0).id();
        TimeWindow evening = TimeWindow.starting(EVENING, Duration.ofHours(2));
        expired = capacity.allocationStore().placeHold(PlaceHoldRequest.builder(restaurant, evening)
                .tables(freeTable).ttl(Duration.ofMinutes(1)).bookingId(BookingId.random()).build());
        clock.advance(Duration.ofMinutes(2));
        held = capacity.allocationStore().placeHold(PlaceHoldRequest.builder(restaurant, evening)
                .tables(heldTable).ttl(Duration.ofMinutes(10)).bookingId(BookingId.random()).build());
        booked = BookingId.random();
        capacity.allocationStore().assign(AssignRequest.of(restaurant, booked, List.of(bookedTable), evening));
        // Yesterday's booking, for the pruner to archive.
        capacity.allocationStore().assign(AssignRequest.of(restaurant, BookingId.random(), List.of(bookedTable),
                TimeWindow.starting(EVENING.minus(Duration.ofDays(1)), Duration.ofHours(2))));
    }

    @AfterEach
    void close() {
        capacity.close();
        pool.close();
    }

    @Test
    @DisplayName("a table's advisory lock makes every ledger write on that table fail with BUSY, and no other")
    void advisoryLockOfATable() throws Exception {
        List<String> before = Snapshot.of(db.dataSource());
        TimeWindow later = TimeWindow.starting(EVENING.plus(Duration.ofHours(3)), Duration.ofHours(1));
        try (Connection other = db.connection()) {
            other.setAutoCommit(false);
            // The library's own lock of the table, taken the way every ledger writer takes it.
            LedgerSql.lockTables(DSL.using(other, SQLDialect.POSTGRES), List.of(heldTable));

            Map<String, Runnable> calls = new LinkedHashMap<>();
            calls.put("placeHold", () -> capacity.allocationStore().placeHold(PlaceHoldRequest
                    .builder(restaurant, later).tables(heldTable).ttl(Duration.ofMinutes(5)).build()));
            calls.put("assign", () -> capacity.allocationStore().assign(
                    AssignRequest.of(restaurant, BookingId.random(), List.of(heldTable), later)));
            calls.put("confirmHold", () -> capacity.allocationStore().confirmHold(restaurant, held.id(),
                    held.bookingId()));
            calls.put("blockTable", () -> capacity.allocationStore().blockTable(
                    new MaintenanceRequest(restaurant, heldTable, later, "repair", null)));
            calls.put("moving a booking onto the table", () -> capacity.allocationStore().assign(
                    AssignRequest.of(restaurant, booked, List.of(heldTable, bookedTable), later)));
            assertAllBusy(calls);
            assertThat(Snapshot.of(db.dataSource())).as("rows after the refused writes").isEqualTo(before);

            // Other tables are not in the way.
            capacity.allocationStore().placeHold(PlaceHoldRequest.builder(restaurant, later)
                    .tables(otherZoneTable).ttl(Duration.ofMinutes(5)).build());
            other.rollback();
        }
        capacity.allocationStore().placeHold(PlaceHoldRequest.builder(restaurant, later).tables(heldTable)
                .ttl(Duration.ofMinutes(5)).build());
    }

    @Test
    @DisplayName("a hold's row lock makes release, extend and confirm fail with BUSY; the sweeper skips the row")
    void rowLockOfAHold() throws Exception {
        List<String> before = Snapshot.of(db.dataSource());
        try (Connection other = db.connection()) {
            other.setAutoCommit(false);
            try (PreparedStatement lock = other.prepareStatement(
                    "SELECT id FROM holds WHERE id = ANY(?) FOR UPDATE")) {
                lock.setArray(1, other.createArrayOf("uuid", new Object[] {held.id().value(), expired.id().value()}));
                lock.executeQuery().close();
            }
            Map<String, Runnable> calls = new LinkedHashMap<>();
            calls.put("releaseHold", () -> capacity.allocationStore().releaseHold(restaurant, held.id()));
            calls.put("extendHold", () -> capacity.allocationStore().extendHold(restaurant, held.id(),
                    Duration.ofMinutes(1)));
            calls.put("confirmHold", () -> capacity.allocationStore().confirmHold(restaurant, held.id(),
                    held.bookingId()));
            assertAllBusy(calls);

            SweepResult sweep = assertTimeoutPreemptively(HANG_GUARD, () -> capacity.holdSweeper().sweep());
            assertThat(sweep.swept()).as("holds swept past a locked expired hold").isZero();
            assertThat(sweep.backlogRemaining()).as("backlog reported").isTrue();
            assertThat(Snapshot.of(db.dataSource())).as("rows after the refused writes").isEqualTo(before);
            other.rollback();
        }
        assertThat(capacity.holdSweeper().sweep().swept()).isOne();
        capacity.allocationStore().extendHold(restaurant, held.id(), Duration.ofMinutes(1));
        capacity.allocationStore().releaseHold(restaurant, held.id());
    }

    @Test
    @DisplayName("an exclusive lock on every table makes every call fail with BUSY: writes, reads, caches, jobs")
    void exclusiveTableLocks() throws Exception {
        List<String> before = Snapshot.of(db.dataSource());
        TimeWindow later = TimeWindow.starting(EVENING.plus(Duration.ofHours(3)), Duration.ofHours(1));
        try (Connection other = db.connection()) {
            other.setAutoCommit(false);
            try (Statement s = other.createStatement()) {
                s.execute("LOCK TABLE zones, dining_tables, table_adjacency, floor_plan_versions, holds, "
                        + "allocations, allocations_archive IN ACCESS EXCLUSIVE MODE");
            }
            capacity.floorPlans().invalidateAll();
            Map<String, Runnable> calls = new LinkedHashMap<>();
            calls.put("placeHold", () -> capacity.allocationStore().placeHold(PlaceHoldRequest
                    .builder(restaurant, later).tables(freeTable).ttl(Duration.ofMinutes(5)).build()));
            calls.put("confirmHold", () -> capacity.allocationStore().confirmHold(restaurant, held.id(),
                    held.bookingId()));
            calls.put("releaseHold", () -> capacity.allocationStore().releaseHold(restaurant, held.id()));
            calls.put("extendHold", () -> capacity.allocationStore().extendHold(restaurant, held.id(),
                    Duration.ofMinutes(1)));
            calls.put("assign", () -> capacity.allocationStore().assign(
                    AssignRequest.of(restaurant, BookingId.random(), List.of(freeTable), later)));
            calls.put("unassign", () -> capacity.allocationStore().unassign(restaurant, booked));
            calls.put("findHold", () -> capacity.allocationStore().findHold(restaurant, held.id()));
            calls.put("activeHolds", () -> capacity.allocationStore().activeHolds(restaurant));
            calls.put("allocationsOfBooking", () -> capacity.allocationStore().allocationsOfBooking(restaurant,
                    booked));
            calls.put("allocationsOfTables", () -> capacity.allocationStore().allocationsOfTables(restaurant,
                    List.of(bookedTable), later));
            calls.put("floorPlans.get", () -> capacity.floorPlans().get(restaurant));
            calls.put("validate", () -> capacity.validator().validate(ValidationRequest.of(restaurant, null, 2,
                    later, List.of(freeTable))));
            calls.put("setTableActive", () -> capacity.floorPlanStore().setTableActive(restaurant, freeTable,
                    false));
            calls.put("floorPlanStore.load", () -> capacity.floorPlanStore().load(restaurant));
            calls.put("sweep", () -> capacity.holdSweeper().sweep());
            calls.put("prune", () -> capacity.allocationPruner().prune());
            calls.put("preview", () -> capacity.allocationPruner().preview());
            assertAllBusy(calls);
            other.rollback();
        }
        assertThat(Snapshot.of(db.dataSource())).as("rows after the refused calls").isEqualTo(before);
        assertThat(capacity.allocationPruner().prune().archived()).isOne();
        assertThat(capacity.holdSweeper().sweep().swept()).isOne();
    }

    /** Each call, on its own, fails with a retryable BUSY: never hangs, never succeeds, never anything else. */
    private static void assertAllBusy(Map<String, Runnable> calls) {
        calls.forEach((name, call) -> {
            Throwable thrown = assertTimeoutPreemptively(HANG_GUARD, () -> {
                try {
                    call.run();
                    return null;
                } catch (RuntimeException e) {
                    return e;
                }
            }, name + " did not return");
            assertThat(thrown).as(name).isInstanceOfSatisfying(CapacityUnavailable.class, e -> {
                assertThat(e.code()).as(name).isEqualTo(ErrorCode.BUSY);
                assertThat(e.isRetryable()).isTrue();
                assertThat(e.httpStatus()).isEqualTo(503);
            });
            assertThat((CapacityError) thrown).as(name).hasMessageNotContaining("55P03")
                    .hasMessageNotContaining("57014");
        });
    }

    private static void unused(SQLException e) {
    }
}
