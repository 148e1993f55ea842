package dev.capacity.impl.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.capacity.impl.internal.FloorPlanNotifications.ConnectionSource;
import dev.capacity.testkit.postgres.PostgresExtension;
import dev.capacity.testkit.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
@DisplayName("Floor-plan notifications")
class FloorPlanNotificationsTest {

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final TestDatabase db;
    private final Recorder recorder = new Recorder();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    FloorPlanNotificationsTest(TestDatabase db) {
        this.db = db;
    }

    @AfterEach
    void closeAll() throws Exception {
        // Listeners before the pools they borrow from.
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    @Test
    @DisplayName("an insert and an update of a dining table by plain SQL reach changed(restaurant)")
    void plainSqlEditsAreDelivered() {
        UUID r = UUID.randomUUID();
        UUID zone = createZone(r);
        FloorPlanNotifications listener = startConnected(db.dataSource()::getConnection, Duration.ofMillis(250));

        UUID table = insertTable(r, zone, "T1");
        await("the insert is delivered", () -> recorder.changed.contains(r));

        recorder.changed.clear();
        db.execute("UPDATE dining_tables SET capacity = 6 WHERE id = '" + table + "'");
        await("the update is delivered", () -> recorder.changed.contains(r));
        assertThat(listener.notificationsReceived()).isGreaterThanOrEqualTo(2);
        assertThat(listener.reconnects()).isZero();
    }

    @Test
    @DisplayName("after its backend is terminated it reconnects on a new backend, resets, and delivers again")
    void reconnectsAfterTermination() {
        UUID r = UUID.randomUUID();
        UUID zone = createZone(r);
        FloorPlanNotifications listener = startConnected(db.dataSource()::getConnection, Duration.ofMillis(250));
        await("the first connect resets", () -> recorder.resets.get() == 1);
        int first = listener.backendPid().orElseThrow();

        terminate(first);

        await("a new backend listens", () -> listener.connected() && listener.backendPid().isPresent()
                && listener.backendPid().getAsInt() != first);
        assertThat(listener.reconnects()).isEqualTo(1);
        await("the reconnect resets", () -> recorder.resets.get() == 2);
        insertTable(r, zone, "T1");
        await("a later edit is delivered", () -> recorder.changed.contains(r));
    }

    @Test
    @DisplayName("through a HikariCP pool it unwraps the proxy, survives termination and returns nothing to the pool")
    void worksThroughHikari() throws SQLException {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.jdbcUrl());
        config.setUsername(db.user());
        config.setPassword(db.password());
        config.setMaximumPoolSize(2);
        HikariDataSource pool = new HikariDataSource(config);
        toClose.add(pool);
        UUID r = UUID.randomUUID();
        UUID zone = createZone(r);
        FloorPlanNotifications listener = startConnected(pool::getConnection, Duration.ofMillis(250));
        int first = listener.backendPid().orElseThrow();

        terminate(first);

        await("a new backend listens", () -> listener.connected()
                && listener.backendPid().orElse(first) != first);
        insertTable(r, zone, "T1");
        await("a later edit is delivered", () -> recorder.changed.contains(r));
        assertThat(listener.reconnects()).isEqualTo(1);

        // Neither the dead session nor the listening one went back to the pool.
        listener.close();
        try (Connection a = pool.getConnection(); Connection b = pool.getConnection()) {
            assertThat(listeningChannels(a) + listeningChannels(b)).isZero();
        }
    }

    @Test
    @DisplayName("the first successful connect after failed attempts counts as a reconnect and resets")
    void failedFirstAttempts() {
        AtomicInteger attempts = new AtomicInteger();
        ConnectionSource flaky = () -> {
            if (attempts.incrementAndGet() <= 3) {
                throw new SQLTransientConnectionException("database not up yet (attempt " + attempts + ")");
            }
            return db.connection();
        };

        FloorPlanNotifications listener = startConnected(flaky, Duration.ofMillis(250));

        assertThat(attempts.get()).isEqualTo(4);
        assertThat(listener.reconnects()).isEqualTo(1);
        await("the connect resets", () -> recorder.resets.get() == 1);
    }

    @Test
    @DisplayName("close() stops the thread and the backend at once, even mid-poll, and is idempotent")
    void closeIsPromptAndIdempotent() {
        // A 30 s poll: close() must not wait for getNotifications to time out.
        FloorPlanNotifications listener = startConnected(db.dataSource()::getConnection, Duration.ofSeconds(30));
        int pid = listener.backendPid().orElseThrow();
        Thread thread = listenerThread();

        long started = System.nanoTime();
        listener.close();
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertThat(tookMillis).as("close() took %d ms", tookMillis).isLessThan(2_000);
        assertThat(thread.isAlive()).isFalse();
        assertThat(listener.connected()).isFalse();
        assertThat(listener.backendPid()).isEmpty();
        await("the backend is gone", () -> !backendExists(pid));

        long again = System.nanoTime();
        listener.close();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - again)).isLessThan(100);
        assertThatThrownBy(listener::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("a callback that throws, in changed() or reset(), does not stop later deliveries")
    void throwingCallbacks() {
        recorder.failing = true;
        UUID r1 = UUID.randomUUID();
        UUID r2 = UUID.randomUUID();
        UUID zone1 = createZone(r1);
        UUID zone2 = createZone(r2);
        FloorPlanNotifications listener = startConnected(db.dataSource()::getConnection, Duration.ofMillis(250));
        await("reset() was called and threw", () -> recorder.resets.get() == 1);

        insertTable(r1, zone1, "T1");
        await("the first change is delivered and throws", () -> recorder.changed.contains(r1));
        insertTable(r2, zone2, "T1");
        await("a later change is still delivered", () -> recorder.changed.contains(r2));

        assertThat(listener.connected()).isTrue();
        assertThat(listener.reconnects()).as("a callback failure is not a connection failure").isZero();
        assertThat(recorder.resets.get()).isEqualTo(1);
    }

    @Test
    @DisplayName("a payload that is not a UUID is ignored and the listener carries on")
    void garbagePayloadIsIgnored() {
        UUID r = UUID.randomUUID();
        UUID zone = createZone(r);
        FloorPlanNotifications listener = startConnected(db.dataSource()::getConnection, Duration.ofMillis(250));
        long before = listener.notificationsReceived();

        db.execute("SELECT pg_notify('" + FloorPlanNotifications.DEFAULT_CHANNEL + "', 'garbage')",
                "SELECT pg_notify('" + FloorPlanNotifications.DEFAULT_CHANNEL + "', '')");
        insertTable(r, zone, "T1");

        // Commits are delivered in order, so once r arrives both bad payloads were handled before it.
        await("the valid change after the garbage is delivered", () -> recorder.changed.contains(r));
        assertThat(listener.notificationsReceived()).isGreaterThanOrEqualTo(before + 3);
        assertThat(listener.connected()).isTrue();
        assertThat(listener.reconnects()).isZero();
    }

    @Test
    @DisplayName("bad settings are rejected by name before any thread starts")
    void validatesArguments() {
        ConnectionSource source = db.dataSource()::getConnection;
        Duration ms = Duration.ofMillis(100);
        assertThatThrownBy(() -> new FloorPlanNotifications(source, "", recorder, ms, ms, ms, "t"))
                .hasMessageContaining("channel");
        assertThatThrownBy(() -> new FloorPlanNotifications(source, "x".repeat(64), recorder, ms, ms, ms, "t"))
                .hasMessageContaining("channel");
        assertThatThrownBy(() -> new FloorPlanNotifications(source, "c", recorder, Duration.ZERO, ms, ms, "t"))
                .hasMessageContaining("pollInterval");
        assertThatThrownBy(() -> new FloorPlanNotifications(source, "c", recorder, ms, ms, Duration.ofMillis(99),
                "t")).hasMessageContaining("maxBackoff");
        assertThatThrownBy(() -> new FloorPlanNotifications(source, "c", recorder, ms, ms, Duration.ofDays(2), "t"))
                .hasMessageContaining("maxBackoff");
    }

    private FloorPlanNotifications startConnected(ConnectionSource source, Duration poll) {
        String name = "floor-plan-listener-test-" + THREADS.incrementAndGet();
        FloorPlanNotifications listener = new FloorPlanNotifications(source, FloorPlanNotifications.DEFAULT_CHANNEL,
                recorder, poll, Duration.ofMillis(50), Duration.ofMillis(500), name);
        toClose.add(listener);
        listener.start();
        await("the listener is connected", () -> listener.connected() && listener.backendPid().isPresent());
        return listener;
    }

    private Thread listenerThread() {
        String prefix = "floor-plan-listener-test-" + THREADS.get();
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(prefix))
                .findFirst().orElseThrow();
    }

    private UUID createZone(UUID restaurant) {
        UUID zone = UUID.randomUUID();
        db.execute("INSERT INTO zones (id, restaurant_id, name) VALUES ('" + zone + "', '" + restaurant + "', 'Main')");
        return zone;
    }

    private UUID insertTable(UUID restaurant, UUID zone, String label) {
        UUID table = UUID.randomUUID();
        db.execute("INSERT INTO dining_tables (id, restaurant_id, zone_id, label, capacity) VALUES ('" + table
                + "', '" + restaurant + "', '" + zone + "', '" + label + "', 4)");
        return table;
    }

    private void terminate(int pid) {
        try (Connection c = db.connection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_terminate_backend(" + pid + ")")) {
            assertThat(rs.next() && rs.getBoolean(1)).as("terminated backend %d", pid).isTrue();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int listeningChannels(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_listening_channels()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private boolean backendExists(int pid) {
        try (Connection c = db.connection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE pid = " + pid)) {
            rs.next();
            return rs.getInt(1) > 0;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Polls with short parks until the condition holds; fails after 5 s. */
    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out after 5 s waiting until " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    /** Records callbacks; with {@code failing} set, every callback throws after recording. */
    private static final class Recorder implements FloorPlanNotifications.Callbacks {
        final Queue<UUID> changed = new ConcurrentLinkedQueue<>();
        final AtomicInteger resets = new AtomicInteger();
        volatile boolean failing;

        @Override
        public void changed(UUID restaurantId) {
            changed.add(restaurantId);
            if (failing) {
                throw new IllegalStateException("test callback fails on " + restaurantId);
            }
        }

        @Override
        public void reset() {
            resets.incrementAndGet();
            if (failing) {
                throw new IllegalStateException("test reset fails");
            }
        }
    }
}
