package dev.capacity.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capacity.api.AllocationKind;
import dev.capacity.api.Confirmation;
import dev.capacity.api.Hold;
import dev.capacity.api.PlaceHoldRequest;
import dev.capacity.api.RestaurantId;
import dev.capacity.api.TableId;
import dev.capacity.api.TimeWindow;
import dev.capacity.impl.PostgresCapacity;
import dev.capacity.testkit.postgres.PostgresServer;
import dev.capacity.testkit.time.MutableInstantSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

@DisplayName("The getting-started guide's code")
class GettingStartedTest {

    private final PostgresServer server = PostgresServer.shared();
    private final String schema = "capacity_guide_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final MutableInstantSource clock = MutableInstantSource.fixed();

    @AfterEach
    void dropSchema() throws SQLException {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
        }
    }

    private PGSimpleDataSource dataSource() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(server.jdbcUrl());
        ds.setUser(server.user());
        ds.setPassword(server.password());
        return ds;
    }

    @Test
    @DisplayName("migrates, wires, builds a floor plan, holds and confirms, explains a conflict and sweeps on a"
            + " schedule")
    void walksThroughTheGuide() throws Exception {
        PGSimpleDataSource dataSource = dataSource();
        GettingStarted.migrate(dataSource, schema);
        GettingStarted.migrate(dataSource, schema);   // a second start finds the migrations applied
        try (PostgresCapacity capacity = GettingStarted.wire(dataSource, schema, clock)) {
            RestaurantId restaurant = RestaurantId.random();
            List<TableId> tables = GettingStarted.floorPlan(capacity, restaurant);
            assertThat(capacity.floorPlans().get(restaurant).adjacent(tables.get(0), tables.get(1))).isTrue();

            Instant eightPm = Instant.parse("2030-01-01T20:00:00Z");
            Confirmation confirmation = GettingStarted.firstHold(capacity, restaurant, tables, eightPm);
            assertThat(confirmation.allocations()).hasSize(2)
                    .allSatisfy(a -> assertThat(a.kind()).isEqualTo(AllocationKind.BOOKING));

            PlaceHoldRequest clash = PlaceHoldRequest.builder(restaurant,
                    TimeWindow.starting(eightPm.plus(Duration.ofHours(1)), Duration.ofHours(2)))
                    .tables(tables.get(0)).ttl(Duration.ofMinutes(5)).build();
            assertThat(GettingStarted.placeOrExplain(capacity, clash))
                    .startsWith("409 {\"type\":\"urn:capacity:problem:hold-conflict\"")
                    .contains("\"code\":\"HOLD_CONFLICT\"", "\"violations\":[{\"code\":\"BOOKING_CONFLICT\"");

            PlaceHoldRequest later = PlaceHoldRequest.builder(restaurant,
                    TimeWindow.starting(eightPm.plus(Duration.ofHours(2)), Duration.ofHours(2)))
                    .tables(tables.get(0)).ttl(Duration.ofMinutes(5)).build();
            assertThat(GettingStarted.placeOrExplain(capacity, later))
                    .isEqualTo("held until " + clock.instant().plus(Duration.ofMinutes(5)));
            Hold abandoned = capacity.allocationStore().activeHolds(restaurant).get(0);

            ScheduledExecutorService jobs = GettingStarted.scheduleJobs(capacity, Duration.ofMillis(10),
                    Duration.ofMillis(10));
            try {
                clock.advance(Duration.ofMinutes(5));
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (capacity.allocationStore().findHold(restaurant, abandoned.id()).isPresent()) {
                    assertThat(System.nanoTime()).as("swept within 10 s").isLessThan(deadline);
                    Thread.onSpinWait();
                }
            } finally {
                jobs.shutdown();
                assertThat(jobs.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(capacity.allocationStore().allocationsOfBooking(restaurant, confirmation.bookingId()))
                    .as("the booking is untouched by the jobs").hasSize(2);
        }
    }
}
