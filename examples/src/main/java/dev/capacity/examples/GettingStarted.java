package dev.capacity.examples;

import dev.capacity.api.BookingId;
import dev.capacity.api.Confirmation;
import dev.capacity.api.DiningTable;
import dev.capacity.api.FloorPlanStore;
import dev.capacity.api.Hold;
import dev.capacity.api.PlaceHoldRequest;
import dev.capacity.api.RestaurantId;
import dev.capacity.api.TableId;
import dev.capacity.api.TableSpec;
import dev.capacity.api.TimeWindow;
import dev.capacity.api.Zone;
import dev.capacity.api.error.CapacityError;
import dev.capacity.api.error.Problem;
import dev.capacity.impl.PostgresCapacity;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The code of {@code docs/getting-started.md}. The guide quotes every region between a {@code tag::} and an
 * {@code end::} comment verbatim: {@code GettingStartedDocTest} fails when the two differ, and
 * {@code GettingStartedTest} runs this code against PostgreSQL, so the guide cannot drift from what works.
 */
public final class GettingStarted {

    private static final Logger LOG = LoggerFactory.getLogger(GettingStarted.class);

    private GettingStarted() {
    }

    // tag::migrate[]
    static void migrate(DataSource dataSource, String schema) {
        Flyway.configure()
                .dataSource(dataSource)
                .schemas(schema)                                // "capacity" unless you choose another
                .locations("classpath:db/capacity/migration")   // the migrations ship inside capacity-impl
                .load()
                .migrate();
    }
    // end::migrate[]

    // tag::wire[]
    static PostgresCapacity wire(DataSource dataSource, String schema, InstantSource clock) {
        return PostgresCapacity.builder()
                .dataSource(dataSource)   // your pool, one connection larger: one listens for floor-plan changes
                .schema(schema)
                .clock(clock)             // InstantSource.system() unless a test moves time
                .build();                 // one per application, shared by every thread; close() it on shutdown
    }
    // end::wire[]

    // tag::floor-plan[]
    static List<TableId> floorPlan(PostgresCapacity capacity, RestaurantId restaurant) {
        FloorPlanStore floor = capacity.floorPlanStore();
        Zone main = floor.createZone(restaurant, "Main room", 0);
        DiningTable t1 = floor.createTable(restaurant, TableSpec.of(main.id(), "T1", 4));
        DiningTable t2 = floor.createTable(restaurant, TableSpec.of(main.id(), "T2", 4));
        floor.linkTables(restaurant, t1.id(), t2.id());   // T1 and T2 can be pushed together
        return List.of(t1.id(), t2.id());
    }
    // end::floor-plan[]

    // tag::first-hold[]
    static Confirmation firstHold(PostgresCapacity capacity, RestaurantId restaurant, List<TableId> tables,
            Instant eightPm) {
        BookingId booking = BookingId.random();           // your booking's id
        Hold hold = capacity.allocationStore().placeHold(
                PlaceHoldRequest.builder(restaurant, TimeWindow.starting(eightPm, Duration.ofHours(2)))
                        .tables(tables)
                        .partySize(6)
                        .bookingId(booking)
                        .ttl(Duration.ofMinutes(5))       // abandoned unless confirmed within 5 minutes
                        .build());
        // ... the guest fills in the booking form ...
        return capacity.allocationStore().confirmHold(restaurant, hold.id(), booking);
    }
    // end::first-hold[]

    // tag::errors[]
    static String placeOrExplain(PostgresCapacity capacity, PlaceHoldRequest request) {
        try {
            return "held until " + capacity.allocationStore().placeHold(request).expiresAt();
        } catch (CapacityError error) {
            // 409 clash with current state, 422 broken rule, 400 malformed, 404 unknown id, 503 retryable
            Problem problem = error.toProblem();
            return problem.status() + " " + problem.toJson();   // an application/problem+json body
        }
    }
    // end::errors[]

    // tag::schedule[]
    static ScheduledExecutorService scheduleJobs(PostgresCapacity capacity, Duration sweepEvery,
            Duration pruneEvery) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "capacity-jobs");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(() -> runJob("hold sweep", capacity.holdSweeper()::sweep),
                sweepEvery.toMillis(), sweepEvery.toMillis(), TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(() -> runJob("allocation prune", capacity.allocationPruner()::prune),
                pruneEvery.toMillis(), pruneEvery.toMillis(), TimeUnit.MILLISECONDS);
        return scheduler;   // shutdown() and awaitTermination() it before closing the pool
    }

    private static void runJob(String job, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            // Never let it escape: that would cancel every later run. BUSY and UNAVAILABLE simply retry next time.
            LOG.warn("{} failed", job, e);
        }
    }
    // end::schedule[]
}
