package dev.capacity.impl.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capacity.api.AssignRequest;
import dev.capacity.api.BookingId;
import dev.capacity.api.Hold;
import dev.capacity.api.PlaceHoldRequest;
import dev.capacity.api.PruneResult;
import dev.capacity.api.PrunerSettings;
import dev.capacity.api.RestaurantId;
import dev.capacity.api.SweepResult;
import dev.capacity.api.SweeperSettings;
import dev.capacity.api.TableId;
import dev.capacity.api.TableSpec;
import dev.capacity.api.TimeWindow;
import dev.capacity.api.ZoneId;
import dev.capacity.api.error.AssignmentRejected;
import dev.capacity.api.error.CapacityUnavailable;
import dev.capacity.api.error.ErrorCode;
import dev.capacity.api.error.HoldConflict;
import dev.capacity.api.event.CapacityListener;
import dev.capacity.impl.PostgresCapacity;
import dev.capacity.testkit.contract.RecordingListener;
import dev.capacity.testkit.postgres.PostgresExtension;
import dev.capacity.testkit.postgres.TestDatabase;
import dev.capacity.testkit.time.MutableInstantSource;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
@DisplayName("CapacityMetrics records the library's events on PostgreSQL")
class CapacityMetricsTest {

    private static final Duration TTL = Duration.ofMinutes(5);

    private final TestDatabase db;
    private final MutableInstantSource clock = MutableInstantSource.fixed();
    private final MockClock meterClock = new MockClock();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, meterClock);
    private final RecordingListener events = new RecordingListener();
    private final RestaurantId restaurant = RestaurantId.random();
    private final List<TableId> tables = new ArrayList<>();
    private final TimeWindow dinner;
    private ZoneId zone;
    private PostgresCapacity capacity;

    CapacityMetricsTest(TestDatabase db) {
        this.db = db;
        this.dinner = TimeWindow.starting(clock.instant().plus(Duration.ofHours(6)), Duration.ofHours(2));
    }

    @BeforeEach
    void setUp() {
        // The sweeper and the pruner work across restaurants: start every test from an empty ledger.
        db.execute("TRUNCATE holds, allocations, allocations_archive CASCADE");
        CapacityMetrics metrics = CapacityMetrics.create(registry, Tags.of("service", "bookings"));
        capacity = build(SweeperSettings.defaults(), CapacityListener.composite(metrics, events));
        zone = capacity.floorPlanStore().createZone(restaurant, "Main", 0).id();
        for (int i = 1; i <= 4; i++) {
            tables.add(capacity.floorPlanStore().createTable(restaurant, TableSpec.of(zone, "T" + i, 4)).id());
        }
    }

    @AfterEach
    void tearDown() {
        capacity.close();
    }

    private PostgresCapacity build(SweeperSettings sweeper, CapacityListener listener) {
        return PostgresCapacity.builder().dataSource(db.dataSource()).schema(db.schema()).clock(clock)
                .listener(listener).sweeper(sweeper).listenForChanges(false).build();
    }

    private Hold hold(TimeWindow window, TableId table) {
        return capacity.allocationStore().placeHold(PlaceHoldRequest.builder(restaurant, window).tables(table)
                .ttl(TTL).build());
    }

    private double count(String name, String... tags) {
        return registry.get(name).tags(tags).counter().count();
    }

    private double gauge(String name) {
        return registry.get(name).gauge().value();
    }

    private double seconds(String name) {
        return registry.get(name).timeGauge().value(TimeUnit.SECONDS);
    }

    private long timerCount(String name, String outcome) {
        return registry.get(name).tag("outcome", outcome).timer().count();
    }

    @Test
    @DisplayName("every meter exists at zero before the first event, and each carries the common tags")
    void registeredAtZero() {
        assertThat(count("capacity.sweep.holds")).isZero();
        assertThat(count("capacity.sweep.runs", "outcome", "success")).isZero();
        assertThat(count("capacity.sweep.runs", "outcome", "failure")).isZero();
        assertThat(count("capacity.prune.runs", "outcome", "disabled")).isZero();
        assertThat(count("capacity.prune.archived")).isZero();
        assertThat(gauge("capacity.sweep.backlog")).isZero();
        assertThat(seconds("capacity.sweep.lag")).isZero();
        assertThat(registry.get("capacity.floorplan.invalidations").counters()).hasSize(8);
        assertThat(registry.getMeters()).isNotEmpty().allSatisfy(m -> assertThat(m.getId().getTags())
                .contains(Tag.of("service", "bookings")));
        meterClock.add(Duration.ofSeconds(90));
        assertThat(seconds("capacity.sweep.last.success.age")).isEqualTo(90);
        assertThat(seconds("capacity.prune.last.success.age")).isEqualTo(90);
    }

    @Nested
    @DisplayName("sweeps")
    class Sweeps {

        @Test
        @DisplayName("a sweep of 5 expired holds counts 5 holds, 1 successful run, its batches, lag 0 and no backlog")
        void sweptHolds() {
            for (TableId table : tables) {
                hold(dinner, table);
            }
            hold(TimeWindow.starting(dinner.end(), Duration.ofHours(1)), tables.get(0));
            clock.advance(TTL);
            meterClock.add(Duration.ofMinutes(10));
            SweepResult result = capacity.holdSweeper(SweeperSettings.defaults().withBatchSize(2)).sweep();

            assertThat(result.swept()).isEqualTo(5);
            assertThat(result.batches()).isEqualTo(3);
            assertThat(count("capacity.sweep.holds")).isEqualTo(5);
            assertThat(count("capacity.holds.expired")).isEqualTo(5);
            assertThat(count("capacity.sweep.runs", "outcome", "success")).isEqualTo(1);
            assertThat(count("capacity.sweep.runs", "outcome", "failure")).isZero();
            assertThat(timerCount("capacity.sweep.duration", "success")).isEqualTo(1);
            assertThat(registry.get("capacity.sweep.duration").tag("outcome", "success").timer()
                    .totalTime(TimeUnit.NANOSECONDS)).isEqualTo(result.duration().toNanos());
            assertThat(count("capacity.sweep.batches")).isEqualTo(3);
            assertThat(seconds("capacity.sweep.lag")).isZero();
            assertThat(gauge("capacity.sweep.backlog")).isZero();
            assertThat(seconds("capacity.sweep.last.success.age")).isZero();
        }

        @Test
        @DisplayName("an expired hold the grace period keeps shows as sweep lag")
        void lag() {
            hold(dinner, tables.get(0));
            clock.advance(TTL.plus(Duration.ofMinutes(2)));
            SweepResult result = capacity.holdSweeper(SweeperSettings.defaults().withGrace(Duration.ofMinutes(5)))
                    .sweep();

            assertThat(result.swept()).isZero();
            assertThat(result.sweepLag()).isEqualTo(Duration.ofMinutes(2));
            assertThat(seconds("capacity.sweep.lag")).isEqualTo(120);
            assertThat(count("capacity.sweep.holds")).isZero();
            assertThat(gauge("capacity.sweep.backlog")).isZero();
        }

        @Test
        @Timeout(60)
        @DisplayName("a sweep that cannot get its lock counts a failure and a backlog, and no success")
        void failure() throws Exception {
            hold(dinner, tables.get(0));
            clock.advance(TTL);
            meterClock.add(Duration.ofMinutes(3));
            SweeperSettings impatient = SweeperSettings.defaults()
                    .withTimeouts(Duration.ofSeconds(10), Duration.ofMillis(200));
            try (Connection migration = db.connection()) {
                migration.setAutoCommit(false);
                try (Statement statement = migration.createStatement()) {
                    statement.execute("LOCK TABLE holds IN ACCESS EXCLUSIVE MODE");
                }
                assertThatThrownBy(() -> capacity.holdSweeper(impatient).sweep())
                        .isInstanceOfSatisfying(CapacityUnavailable.class,
                                e -> assertThat(e.code()).isEqualTo(ErrorCode.BUSY));
                migration.rollback();
            }

            assertThat(events.sweepsFailed()).hasSize(1);
            assertThat(count("capacity.sweep.runs", "outcome", "failure")).isEqualTo(1);
            assertThat(count("capacity.sweep.runs", "outcome", "success")).isZero();
            assertThat(timerCount("capacity.sweep.duration", "failure")).isEqualTo(1);
            assertThat(count("capacity.sweep.holds")).isZero();
            assertThat(gauge("capacity.sweep.backlog")).isEqualTo(1);
            assertThat(seconds("capacity.sweep.last.success.age")).isEqualTo(180);
        }
    }

    @Nested
    @DisplayName("prunes")
    class Prunes {

        @Test
        @DisplayName("a prune counts the archived allocations, its run, its batches and no backlog")
        void archived() {
            TimeWindow longAgo = TimeWindow.starting(clock.instant().minus(Duration.ofDays(40)), Duration.ofHours(2));
            for (TableId table : tables.subList(0, 3)) {
                capacity.allocationStore().assign(AssignRequest.of(restaurant, BookingId.random(), List.of(table),
                        longAgo));
            }
            capacity.allocationStore().assign(AssignRequest.of(restaurant, BookingId.random(), tables.subList(0, 1),
                    dinner));
            PruneResult result = capacity.allocationPruner(PrunerSettings.defaults().withBatchSize(2)).prune();

            assertThat(result.archived()).isEqualTo(3);
            assertThat(count("capacity.prune.archived")).isEqualTo(3);
            assertThat(count("capacity.prune.purged")).isZero();
            assertThat(count("capacity.prune.runs", "outcome", "success")).isEqualTo(1);
            assertThat(timerCount("capacity.prune.duration", "success")).isEqualTo(1);
            assertThat(count("capacity.prune.batches")).isEqualTo(result.batches()).isEqualTo(2);
            assertThat(gauge("capacity.prune.backlog")).isZero();
        }

        @Test
        @DisplayName("a prune with pruning switched off counts as a disabled run")
        void disabled() {
            capacity.allocationPruner(PrunerSettings.defaults().withRetention(Duration.ZERO)).prune();
            assertThat(count("capacity.prune.runs", "outcome", "disabled")).isEqualTo(1);
            assertThat(count("capacity.prune.runs", "outcome", "success")).isZero();
        }
    }

    @Test
    @DisplayName("floor-plan invalidations are counted by reason and scope")
    void invalidations() {
        double edits = count("capacity.floorplan.invalidations", "reason", "edit", "scope", "restaurant");
        capacity.floorPlans().invalidate(restaurant);
        capacity.floorPlans().invalidate(restaurant);
        capacity.floorPlans().invalidateAll();
        capacity.floorPlanStore().createTable(restaurant, TableSpec.of(zone, "T5", 2));

        assertThat(count("capacity.floorplan.invalidations", "reason", "manual", "scope", "restaurant"))
                .isEqualTo(2);
        assertThat(count("capacity.floorplan.invalidations", "reason", "manual", "scope", "all")).isEqualTo(1);
        assertThat(count("capacity.floorplan.invalidations", "reason", "edit", "scope", "restaurant"))
                .isEqualTo(edits + 1);
        assertThat(count("capacity.floorplan.invalidations", "reason", "notification", "scope", "restaurant"))
                .isZero();
    }

    @Test
    @DisplayName("rejected placements are counted by operation, outcome and code")
    void rejectedPlacements() {
        assertThatThrownBy(() -> capacity.allocationStore().placeHold(PlaceHoldRequest.builder(restaurant, dinner)
                .tables(tables.get(0)).partySize(9).ttl(TTL).build())).isInstanceOf(AssignmentRejected.class);
        hold(dinner, tables.get(1));
        assertThatThrownBy(() -> hold(dinner, tables.get(1))).isInstanceOf(HoldConflict.class);
        assertThatThrownBy(() -> hold(dinner, tables.get(1))).isInstanceOf(HoldConflict.class);

        assertThat(count("capacity.assignments.rejected", "operation", "place_hold", "outcome", "rule", "code",
                "CAPACITY_INSUFFICIENT")).isEqualTo(1);
        assertThat(count("capacity.assignments.rejected", "operation", "place_hold", "outcome", "conflict", "code",
                "HOLD_CONFLICT")).isEqualTo(2);
        assertThat(registry.get("capacity.assignments.rejected").counters()).hasSize(2)
                .allSatisfy(c -> assertThat(c.getId().getTags()).contains(Tag.of("service", "bookings")));
        assertThat(events.assignmentsRejected()).hasSize(3);
    }

    @Test
    @DisplayName("one registry, two instances: the meters are shared and nothing fails")
    void secondInstance() {
        CapacityMetrics again = CapacityMetrics.create(registry, Tags.of("service", "bookings"));
        List<Meter.Id> before = registry.getMeters().stream().map(Meter::getId).toList();
        try (PostgresCapacity other = build(SweeperSettings.defaults(), again)) {
            other.floorPlans().invalidate(restaurant);
        }
        assertThat(registry.getMeters()).extracting(Meter::getId).containsExactlyInAnyOrderElementsOf(before);
        assertThat(count("capacity.floorplan.invalidations", "reason", "manual", "scope", "restaurant"))
                .isEqualTo(1);
    }
}
