package dev.capacity.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capacity.api.DiningTable;
import dev.capacity.api.FloorPlan;
import dev.capacity.api.RestaurantId;
import dev.capacity.api.TableSpec;
import dev.capacity.api.Zone;
import dev.capacity.api.event.FloorPlanInvalidatedEvent;
import dev.capacity.api.event.CapacityListener;
import dev.capacity.testkit.postgres.PostgresExtension;
import dev.capacity.testkit.postgres.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
@DisplayName("Floor-plan caches across instances")
class FloorPlanCacheTest {

    private static final Duration DEADLINE = Duration.ofSeconds(1);

    private final TestDatabase db;
    private final List<FloorPlanInvalidatedEvent> seenByB = new CopyOnWriteArrayList<>();
    private PostgresCapacity a;
    private PostgresCapacity b;
    private RestaurantId restaurant;
    private Zone zone;
    private DiningTable table;

    FloorPlanCacheTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void twoInstances() {
        a = PostgresCapacity.builder().dataSource(db.dataSource()).schema(db.schema()).build();
        b = PostgresCapacity.builder().dataSource(db.dataSource()).schema(db.schema())
                .listener(new CapacityListener() {
                    @Override
                    public void onFloorPlanInvalidated(FloorPlanInvalidatedEvent event) {
                        seenByB.add(event);
                    }
                }).build();
        restaurant = RestaurantId.random();
        zone = a.floorPlanStore().createZone(restaurant, "Main", 0);
        table = a.floorPlanStore().createTable(restaurant, TableSpec.of(zone.id(), "T1", 4));
        // B starts listening asynchronously and drops its caches (RECONNECT) right after LISTEN: from then on no
        // edit can slip by unnoticed. Before it, an edit would be seen only through that drop, not a notification.
        awaitTrue(() -> seenByB.stream().anyMatch(e -> e.reason() == FloorPlanInvalidatedEvent.Reason.RECONNECT),
                Duration.ofSeconds(5));
        awaitTrue(() -> b.floorPlans().get(restaurant).tables().size() == 1, Duration.ofSeconds(5));
    }

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    @Test
    @DisplayName("an edit through instance A is seen by instance B within a second")
    void editThroughOtherInstance() {
        FloorPlan cached = b.floorPlans().get(restaurant);
        assertThat(b.floorPlans().get(restaurant)).isSameAs(cached);
        a.floorPlanStore().updateTable(restaurant, table.id(), TableSpec.of(zone.id(), "T1", 6));
        awaitTrue(() -> b.floorPlans().get(restaurant).tables().get(0).capacity() == 6, DEADLINE);
        assertThat(b.floorPlans().get(restaurant).version()).isGreaterThan(cached.version());
    }

    @Test
    @DisplayName("an edit by plain SQL is seen by instance B within a second")
    void plainSqlEdit() {
        b.floorPlans().get(restaurant);
        db.execute("UPDATE dining_tables SET label = 'Window' WHERE id = '" + table.id() + "'");
        awaitTrue(() -> b.floorPlans().get(restaurant).tables().get(0).label().equals("Window"), DEADLINE);
        assertThat(seenByB).anyMatch(e -> restaurant.equals(e.restaurantId())
                && e.reason() == FloorPlanInvalidatedEvent.Reason.NOTIFICATION);
    }

    @Test
    @DisplayName("an adjacency edit is seen too")
    void adjacencyEdit() {
        DiningTable t2 = a.floorPlanStore().createTable(restaurant, TableSpec.of(zone.id(), "T2", 2));
        awaitTrue(() -> b.floorPlans().get(restaurant).tables().size() == 2, DEADLINE);
        a.floorPlanStore().linkTables(restaurant, table.id(), t2.id());
        awaitTrue(() -> b.floorPlans().get(restaurant).adjacent(table.id(), t2.id()), DEADLINE);
    }

    @Test
    @DisplayName("after its connection is terminated the listener reconnects, drops everything and hears edits again")
    void recoversAfterTermination() throws Exception {
        b.floorPlans().get(restaurant);
        int pid = b.listenerBackendPid().orElseThrow();
        long resetsBefore = resets();
        db.execute("SELECT pg_terminate_backend(" + pid + ")");
        awaitTrue(() -> resets() > resetsBefore && b.listenerBackendPid().orElse(pid) != pid, Duration.ofSeconds(10));
        a.floorPlanStore().updateZone(restaurant, zone.id(), "Terrace", 1);
        awaitTrue(() -> b.floorPlans().get(restaurant).zones().get(0).name().equals("Terrace"), DEADLINE);
    }

    private long resets() {
        return seenByB.stream().filter(e -> e.reason() == FloorPlanInvalidatedEvent.Reason.RECONNECT).count();
    }

    @Test
    @DisplayName("snapshots are immutable")
    void immutable() {
        FloorPlan plan = b.floorPlans().get(restaurant);
        assertThatThrownBy(() -> plan.tables().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> plan.zones().add(zone)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> plan.adjacency().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    @DisplayName("a manual invalidation never throws and forces a reload")
    void manual() {
        FloorPlan first = b.floorPlans().get(restaurant);
        b.floorPlans().invalidate(restaurant);
        b.floorPlans().invalidateAll();
        assertThat(b.floorPlans().get(restaurant)).isNotSameAs(first).isEqualTo(first);
    }

    private static void awaitTrue(BooleanSupplier condition, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + within);
            }
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
    }
}
