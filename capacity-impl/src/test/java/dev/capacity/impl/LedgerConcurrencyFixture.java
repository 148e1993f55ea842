package dev.capacity.impl;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.capacity.api.RestaurantId;
import dev.capacity.api.TableId;
import dev.capacity.api.TableSpec;
import dev.capacity.api.TimeWindow;
import dev.capacity.api.Zone;
import dev.capacity.api.event.CapacityListener;
import dev.capacity.testkit.postgres.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * What {@link LedgerConcurrencyTest} races with: library instances on their own pools, restaurants to race in,
 * a runner that starts workers on their own threads with a deadline, and a plain-SQL view of the ledger.
 */
final class LedgerConcurrencyFixture {

    /** Upper bound for one race; a run far beyond it means a hang, not slowness. */
    static final long DEADLINE_SECONDS = 60;

    private LedgerConcurrencyFixture() {
    }

    /** A restaurant with one zone and some tables, and the evening its windows start from. */
    record Floor(RestaurantId restaurant, List<TableId> tables, Instant evening) {
        static Floor create(PostgresCapacity library, int tables, Instant evening) {
            RestaurantId r = RestaurantId.random();
            Zone zone = library.floorPlanStore().createZone(r, "Main", 0);
            List<TableId> ids = new ArrayList<>();
            for (int i = 1; i <= tables; i++) {
                ids.add(library.floorPlanStore().createTable(r, TableSpec.of(zone.id(), "T" + i, 4)).id());
            }
            // Every pair adjacent, so any subset passes the merge rules and only the ledger decides.
            for (int i = 0; i < ids.size(); i++) {
                for (int j = i + 1; j < ids.size(); j++) {
                    library.floorPlanStore().linkTables(r, ids.get(i), ids.get(j));
                }
            }
            return new Floor(r, List.copyOf(ids), evening);
        }
    }

    /** Library instances, each on its own connection pool, sharing one clock and listener. */
    static final class Libraries implements AutoCloseable {
        private final List<HikariDataSource> pools = new ArrayList<>();
        private final List<PostgresCapacity> instances = new ArrayList<>();

        static Libraries open(TestDatabase db, int count, int poolSize, InstantSource clock,
                CapacityListener listener) {
            Libraries libs = new Libraries();
            for (int i = 0; i < count; i++) {
                HikariConfig config = new HikariConfig();
                config.setJdbcUrl(db.jdbcUrl());
                config.setUsername(db.user());
                config.setPassword(db.password());
                config.setMaximumPoolSize(poolSize);
                config.setMinimumIdle(poolSize);
                config.setPoolName("ledger-concurrency-" + i);
                HikariDataSource pool = new HikariDataSource(config);
                libs.pools.add(pool);
                libs.instances.add(PostgresCapacity.builder().dataSource(pool).schema(db.schema()).clock(clock)
                        .listener(listener).listenForChanges(false).build());
            }
            return libs;
        }

        PostgresCapacity get(int i) {
            return instances.get(i);
        }

        @Override
        public void close() {
            pools.forEach(HikariDataSource::close);
        }
    }

    /** Starts all workers at once on their own threads and waits for them within the deadline. */
    static void runAll(List<Callable<Void>> workers) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(workers.size());
        try {
            List<Future<Void>> futures = workers.stream().map(executor::submit).toList();
            executor.shutdown();
            assertThat(executor.awaitTermination(DEADLINE_SECONDS, TimeUnit.SECONDS))
                    .as("workers finished within %d s", DEADLINE_SECONDS).isTrue();
            for (Future<Void> f : futures) {
                f.get();
            }
        } finally {
            executor.shutdownNow();
        }
    }

    static List<UUID> ids(List<TableId> tables) {
        return tables.stream().map(TableId::value).toList();
    }

    static String stackTrace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    record HoldRow(UUID id, List<UUID> tables, TimeWindow window, Instant confirmedAt,
            UUID confirmedBooking) {
    }

    record AllocationRow(UUID id, UUID tableId, String kind, UUID bookingId, UUID holdId, TimeWindow window) {
    }

    /** What the database holds for some restaurants, read with plain SQL behind the library's back. */
    record Ledger(List<HoldRow> holds, List<AllocationRow> allocations, long overlappingPairs,
            long holdsWithoutRow) {

        static Ledger read(TestDatabase db, Set<UUID> restaurants) throws SQLException {
            try (Connection c = db.connection()) {
                Object[] ids = restaurants.toArray();
                List<HoldRow> holds = query(c, "SELECT id, table_ids, starts_at, ends_at, confirmed_at, "
                        + "confirmed_booking_id FROM holds WHERE restaurant_id = ANY(?)", ids, rs -> new HoldRow(
                        rs.getObject(1, UUID.class), Arrays.asList((UUID[]) rs.getArray(2).getArray()),
                        window(rs, 3), instant(rs, 5), rs.getObject(6, UUID.class)));
                List<AllocationRow> allocations = query(c, "SELECT id, table_id, kind, booking_id, hold_id, "
                        + "lower(during), upper(during) FROM allocations WHERE restaurant_id = ANY(?)", ids,
                        rs -> new AllocationRow(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                                rs.getString(3), rs.getObject(4, UUID.class), rs.getObject(5, UUID.class),
                                window(rs, 6)));
                long overlapping = query(c, "SELECT count(*) FROM allocations a1 JOIN allocations a2 "
                        + "ON a1.table_id = a2.table_id AND a1.id < a2.id AND a1.during && a2.during "
                        + "WHERE a1.restaurant_id = ANY(?)", ids, rs -> rs.getLong(1)).get(0);
                long orphans = query(c, "SELECT count(*) FROM allocations a LEFT JOIN holds h ON h.id = a.hold_id "
                        + "WHERE a.restaurant_id = ANY(?) AND a.kind = 'hold' AND h.id IS NULL", ids,
                        rs -> rs.getLong(1)).get(0);
                return new Ledger(holds, allocations, overlapping, orphans);
            }
        }

        private interface Row<T> {
            T map(ResultSet rs) throws SQLException;
        }

        private static <T> List<T> query(Connection c, String sql, Object[] restaurants, Row<T> row)
                throws SQLException {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setArray(1, c.createArrayOf("uuid", restaurants));
                List<T> out = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.add(row.map(rs));
                    }
                }
                return out;
            }
        }

        private static TimeWindow window(ResultSet rs, int column) throws SQLException {
            return TimeWindow.of(instant(rs, column), instant(rs, column + 1));
        }

        private static Instant instant(ResultSet rs, int column) throws SQLException {
            OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
            return t == null ? null : t.toInstant();
        }
    }
}
