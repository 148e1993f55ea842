package dev.capacity.impl.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.capacity.api.TableId;
import dev.capacity.api.error.CapacityUnavailable;
import dev.capacity.api.error.ErrorCode;
import dev.capacity.api.event.FloorPlanInvalidatedEvent.Reason;
import dev.capacity.impl.PostgresCapacity;
import dev.capacity.testkit.postgres.TestDatabase;
import dev.capacity.testkit.time.MutableInstantSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * PostgreSQL stops in the middle of a run and comes back on the same data directory and port. It needs a server of
 * its own, so it starts a dedicated embedded PostgreSQL and is skipped when the tests are pointed at an external
 * server. While the server is down every call fails with a retryable {@code UNAVAILABLE} (the pool's connection
 * timeout bounds each attempt); afterwards the writers carry on, the floor-plan listener reconnects and hears edits
 * again, and the {@link Invariants} hold.
 */
@Tag("faults")
@DisplayName("Faults: a PostgreSQL restart in the middle of a run")
class PostgresRestartTest {

    private static final String NAME = "capacity-restart";
    private static final String SCHEMA = "capacity";
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final Duration HANG_GUARD = Duration.ofSeconds(10);

    @Test
    @DisplayName("fails calls with a retryable UNAVAILABLE while it is down, then works again, the listener "
            + "reconnects, and nothing is lost or duplicated")
    void restart(@TempDir Path data) throws Exception {
        assumeTrue(externalServer() == null,
                "needs a server of its own; CAPACITY_TEST_JDBC_URL points the tests to an external one");
        int port = freePort();
        EmbeddedPostgres pg = start(data, port);
        String url = "jdbc:postgresql://localhost:" + port + "/postgres";
        PGSimpleDataSource admin = new PGSimpleDataSource();
        admin.setURL(url + "?currentSchema=" + SCHEMA + ",public");
        admin.setUser("postgres");
        migrate(admin, url);
        Control control = new Control(MutableInstantSource.fixed(), DEADLINE);
        try (HikariDataSource pool = Pools.open(url, "postgres", "", NAME, 5, Duration.ofSeconds(1));
                PostgresCapacity capacity = Jobs.configure(PostgresCapacity.builder().dataSource(pool)
                        .schema(SCHEMA), control).listenForChanges(true).build()) {
            Site site = Site.create(capacity.floorPlanStore(), 2);
            Load load = new Load(control)
                    .add("restart-writer-0", new Writer("restart-writer-0", capacity.allocationStore(), site,
                            control, 11L))
                    .add("restart-writer-1", new Writer("restart-writer-1", capacity.allocationStore(), site,
                            control, 12L))
                    .add("restart-sweeper", Jobs.sweeper(capacity.holdSweeper(), control, Duration.ofSeconds(60)))
                    .start();
            await(control, () -> control.tally.get("op place OK") >= 20, "writers under way");
            long resets = control.events.invalidations(Reason.RECONNECT);

            pg.close();
            control.tally.add("fault server stopped");
            await(control, () -> control.tally.get("code UNAVAILABLE") >= 2, "writers see the outage");
            assertUnavailable(capacity, site);

            pg = start(data, port);
            control.tally.add("fault server started");
            long ok = control.tally.sum("op place OK") + control.tally.sum("op assign OK");
            await(control, () -> control.tally.sum("op place OK") + control.tally.sum("op assign OK") >= ok + 20,
                    "writers succeed again");
            load.stop();

            // The listener's reconnection dropped every cached plan; one loaded after it goes only by a notification.
            await(control, () -> control.events.invalidations(Reason.RECONNECT) > resets, "the listener reconnects");
            Site.Restaurant r = site.restaurants().get(0);
            TableId table = r.table(0, 0).id();
            assertThat(capacity.floorPlans().get(r.id()).table(table).orElseThrow().label()).isEqualTo("Z0T0");
            long notifications = control.events.invalidations(Reason.NOTIFICATION);
            try (Connection c = admin.getConnection();
                    PreparedStatement s = c.prepareStatement("UPDATE dining_tables SET label = ? WHERE id = ?")) {
                s.setString(1, "Renamed by SQL");
                s.setObject(2, table.value());
                assertThat(s.executeUpdate()).isOne();
            }
            await(control, () -> capacity.floorPlans().get(r.id()).table(table).orElseThrow().label()
                    .equals("Renamed by SQL"), "the cache hears the edit");
            // The cache is dropped before the event goes out, on the listener's thread: the new label can be seen
            // a moment before the event is counted.
            await(control, () -> control.events.invalidations(Reason.NOTIFICATION) > notifications,
                    "the edit's invalidation is published as a notification");

            Invariants invariants = new Invariants(admin, control, true);
            invariants.checkAfterRun();
            invariants.drainAndCheck(capacity.holdSweeper());
            System.out.printf("%nrestart:%n%s%s%n", control.tally.table(), invariants.figures());
            assertThat(control.unexpected()).as("unexpected outcomes (%d in all)", control.unexpectedCount())
                    .isEmpty();
            invariants.assertHeld();
        } finally {
            pg.close();
        }
    }

    /** Reads, a write, the cache and a job, each on its own, while the server is down. */
    private static void assertUnavailable(PostgresCapacity capacity, Site site) {
        Site.Restaurant r = site.restaurants().get(1);
        capacity.floorPlans().invalidate(r.id());
        Map<String, Runnable> calls = new LinkedHashMap<>();
        calls.put("activeHolds", () -> capacity.allocationStore().activeHolds(r.id()));
        calls.put("unassign", () -> capacity.allocationStore().unassign(r.id(), dev.capacity.api.BookingId.random()));
        calls.put("floorPlans.get", () -> capacity.floorPlans().get(r.id()));
        calls.put("sweep", () -> capacity.holdSweeper().sweep());
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
                assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                assertThat(e.isRetryable()).isTrue();
            });
        });
    }

    private static EmbeddedPostgres start(Path data, int port) throws IOException {
        return EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setRegisterShutdownHook(true)
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .start();
    }

    private static void migrate(PGSimpleDataSource admin, String url) throws Exception {
        try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS btree_gist SCHEMA public");
        }
        Flyway.configure().dataSource(url, "postgres", "").schemas(SCHEMA).locations(TestDatabase.MIGRATIONS)
                .load().migrate();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The fixture's setting for an external server, as {@code PostgresServer} reads it. */
    private static String externalServer() {
        String url = System.getProperty("capacity.test.jdbcUrl");
        if (url == null || url.isBlank()) {
            url = System.getenv("CAPACITY_TEST_JDBC_URL");
        }
        return url == null || url.isBlank() ? null : url;
    }

    /** Polls until the condition holds; the deadline only tells a hang from a wait. */
    private static void await(Control control, BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline || control.unexpectedCount() > 0) {
                throw new AssertionError(what + ": not within " + DEADLINE + "; unexpected outcomes: "
                        + control.unexpected());
            }
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
    }
}
