package dev.capacity.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capacity.api.DiningTable;
import dev.capacity.api.PlaceHoldRequest;
import dev.capacity.api.RestaurantId;
import dev.capacity.api.TableSpec;
import dev.capacity.api.TimeWindow;
import dev.capacity.api.Zone;
import dev.capacity.api.error.CapacityUnavailable;
import dev.capacity.api.error.ErrorCode;
import dev.capacity.testkit.postgres.PostgresExtension;
import dev.capacity.testkit.postgres.TestDatabase;
import dev.capacity.testkit.time.MutableInstantSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A ledger write sends its settings and takes its table locks in one statement; the lock timeout must already be
 * in force when it waits for a table that another transaction is writing.
 */
@ExtendWith(PostgresExtension.class)
@DisplayName("A ledger write queued behind another writer of its table")
class LedgerLockTimeoutTest {

    /** The class id the library's table locks use (LedgerSql). */
    private static final int TABLE_LOCK_CLASS = 0x43415041;

    private final TestDatabase db;
    private final PostgresCapacity capacity;

    LedgerLockTimeoutTest(TestDatabase db) {
        this.db = db;
        capacity = PostgresCapacity.builder().dataSource(db.dataSource()).schema(db.schema())
                .clock(MutableInstantSource.fixed()).listenForChanges(false)
                .lockTimeout(Duration.ofMillis(200)).build();
    }

    @Test
    @DisplayName("gives up after the lock timeout with a retryable BUSY error and writes nothing")
    void lockTimeout() throws Exception {
        RestaurantId r = RestaurantId.random();
        Zone zone = capacity.floorPlanStore().createZone(r, "Main", 0);
        DiningTable table = capacity.floorPlanStore().createTable(r, TableSpec.of(zone.id(), "T1", 4));
        TimeWindow evening = TimeWindow.starting(Instant.parse("2030-01-01T19:00:00Z"), Duration.ofHours(2));
        try (Connection other = db.connection()) {
            other.setAutoCommit(false);
            try (Statement s = other.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(" + TABLE_LOCK_CLASS + ", " + table.id().value().hashCode()
                        + ")");
                assertThatThrownBy(() -> capacity.allocationStore().placeHold(PlaceHoldRequest.builder(r, evening)
                        .tables(table.id()).ttl(Duration.ofMinutes(5)).build()))
                        .isInstanceOfSatisfying(CapacityUnavailable.class,
                                e -> assertThat(e.code()).isEqualTo(ErrorCode.BUSY));
            } finally {
                other.rollback();
            }
        }
        try (Connection c = db.connection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM holds) + (SELECT count(*) FROM allocations)")) {
            rs.next();
            assertThat(rs.getLong(1)).isZero();
        }
        assertThat(capacity.allocationStore().placeHold(PlaceHoldRequest.builder(r, evening).tables(table.id())
                .ttl(Duration.ofMinutes(5)).build()).tableIds()).containsExactly(table.id());
    }
}
