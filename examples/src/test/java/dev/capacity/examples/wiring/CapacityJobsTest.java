package dev.capacity.examples.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capacity.api.DiningTable;
import dev.capacity.api.Hold;
import dev.capacity.api.HoldSweeper;
import dev.capacity.api.PlaceHoldRequest;
import dev.capacity.api.RestaurantId;
import dev.capacity.api.TableSpec;
import dev.capacity.api.TimeWindow;
import dev.capacity.api.Zone;
import dev.capacity.impl.PostgresCapacity;
import dev.capacity.testkit.postgres.PostgresExtension;
import dev.capacity.testkit.postgres.TestDatabase;
import dev.capacity.testkit.time.MutableInstantSource;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.ds.PGSimpleDataSource;

@ExtendWith(PostgresExtension.class)
@DisplayName("CapacityJobs on a ScheduledExecutorService")
class CapacityJobsTest {

    private final TestDatabase db;
    private final MutableInstantSource clock = MutableInstantSource.fixed();

    CapacityJobsTest(TestDatabase db) {
        this.db = db;
    }

    @Test
    @DisplayName("the scheduled sweeper removes a hold once it has expired, and only then")
    void sweeps() {
        try (PostgresCapacity capacity = PostgresCapacity.builder().dataSource(db.dataSource()).schema(db.schema())
                .clock(clock).listenForChanges(false).build();
                CapacityJobs jobs = new CapacityJobs()) {
            RestaurantId r = RestaurantId.random();
            Zone zone = capacity.floorPlanStore().createZone(r, "Main", 0);
            DiningTable t = capacity.floorPlanStore().createTable(r, TableSpec.of(zone.id(), "T1", 4));
            Hold hold = capacity.allocationStore().placeHold(PlaceHoldRequest.builder(r,
                    TimeWindow.starting(clock.instant().plus(Duration.ofHours(6)), Duration.ofHours(2)))
                    .tables(t.id()).ttl(Duration.ofMinutes(5)).build());

            jobs.scheduleSweeper(capacity.holdSweeper(), Duration.ofMillis(10));
            long runs = jobs.sweeps();
            await(() -> jobs.sweeps() >= runs + 2);
            assertThat(capacity.allocationStore().findHold(r, hold.id())).as("still active").isPresent();

            clock.advance(Duration.ofMinutes(5));
            await(() -> capacity.allocationStore().findHold(r, hold.id()).isEmpty());
            assertThat(jobs.sweepFailures()).isZero();
        }
    }

    @Test
    @DisplayName("jobs that fail keep their schedule: every run fails, is counted, and the next one still comes")
    void failuresDoNotCancelTheSchedule() {
        PGSimpleDataSource nowhere = new PGSimpleDataSource();
        nowhere.setURL("jdbc:postgresql://127.0.0.1:1/nowhere");
        PostgresCapacity unreachable = PostgresCapacity.builder().dataSource(nowhere).listenForChanges(false)
                .build();
        HoldSweeper buggy = () -> {
            throw new IllegalStateException("a bug");
        };
        try (CapacityJobs jobs = new CapacityJobs(); CapacityJobs more = new CapacityJobs()) {
            jobs.scheduleSweeper(unreachable.holdSweeper(), Duration.ofMillis(5));
            jobs.schedulePruner(unreachable.allocationPruner(), Duration.ofMillis(5), Duration.ofMillis(5));
            more.scheduleSweeper(buggy, Duration.ofMillis(5));
            // Three failed runs of each: the first failure did not cancel the schedule.
            await(() -> jobs.sweepFailures() >= 3 && jobs.pruneFailures() >= 3 && more.sweepFailures() >= 3);
        }
    }

    /** Polls until the condition holds; fails after ten seconds. */
    static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within 10 s").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }
}
