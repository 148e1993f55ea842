package dev.capacity.impl.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.zaxxer.hikari.HikariDataSource;
import dev.capacity.api.AssignRequest;
import dev.capacity.api.BookingId;
import dev.capacity.api.Hold;
import dev.capacity.api.PlaceHoldRequest;
import dev.capacity.api.PrunerSettings;
import dev.capacity.api.RestaurantId;
import dev.capacity.api.TableId;
import dev.capacity.api.TimeWindow;
import dev.capacity.api.ValidationRequest;
import dev.capacity.api.error.CapacityUnavailable;
import dev.capacity.api.error.ErrorCode;
import dev.capacity.impl.PostgresCapacity;
import dev.capacity.testkit.postgres.PostgresExtension;
import dev.capacity.testkit.postgres.TestDatabase;
import dev.capacity.testkit.time.MutableInstantSource;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The host's pool has no connection to give: every call fails with a retryable {@code UNAVAILABLE} once the pool's
 * own connection timeout passed, instead of hanging, and changes nothing. The hang guard is no performance
 * threshold: it only tells "gave up" from "never returned". That each call waits for one connection timeout, not
 * several, is checked by counting: each call asks the pool exactly once.
 */
@Tag("faults")
@ExtendWith(PostgresExtension.class)
@DisplayName("Calls on an exhausted connection pool")
class PoolExhaustionTest {

    private static final int POOL_SIZE = 2;
    /** HikariCP's smallest allowed connection timeout. */
    private static final Duration CONNECTION_TIMEOUT = Duration.ofMillis(250);
    private static final Duration HANG_GUARD = Duration.ofSeconds(10);
    private static final Instant EVENING = Instant.parse("2030-01-01T19:00:00Z");

    private final TestDatabase db;

    PoolExhaustionTest(TestDatabase db) {
        this.db = db;
    }

    @Test
    @DisplayName("fail with a retryable UNAVAILABLE after the pool's connection timeout, change nothing, and work "
            + "once connections are back")
    void everyEntryPointGivesUp() throws Exception {
        MutableInstantSource clock = MutableInstantSource.fixed();
        try (HikariDataSource pool = Pools.open(db.jdbcUrl(), db.user(), db.password(), "capacity-pool-test",
                POOL_SIZE, CONNECTION_TIMEOUT);
                PostgresCapacity capacity = PostgresCapacity.builder().dataSource(counting(pool)).schema(db.schema())
                        .clock(clock).pruner(PrunerSettings.defaults().withRetention(Duration.ofHours(1)))
                        .listenForChanges(false).build()) {
            Site.Restaurant r = Site.create(capacity.floorPlanStore(), 1).restaurants().get(0);
            RestaurantId restaurant = r.id();
            TableId free = r.table(0, 2).id();
            TimeWindow evening = TimeWindow.starting(EVENING, Duration.ofHours(2));
            Hold held = capacity.allocationStore().placeHold(PlaceHoldRequest.builder(restaurant, evening)
                    .tables(r.table(0, 0).id()).ttl(Duration.ofMinutes(10)).bookingId(BookingId.random()).build());
            BookingId booked = BookingId.random();
            capacity.allocationStore().assign(AssignRequest.of(restaurant, booked, List.of(r.table(0, 1).id()),
                    evening));
            Map<String, Runnable> calls = calls(capacity, restaurant, free, held, booked);
            List<String> before = Snapshot.of(db.dataSource());

            List<Connection> taken = new ArrayList<>();
            try {
                for (int i = 0; i < POOL_SIZE; i++) {
                    taken.add(pool.getConnection());
                }
                capacity.floorPlans().invalidateAll();
                calls.forEach((name, call) -> {
                    long asked = acquisitions.get();
                    Throwable thrown = assertTimeoutPreemptively(HANG_GUARD, () -> failureOf(call),
                            name + " did not return");
                    assertThat(acquisitions.get() - asked).as(name + ": connection requests before giving up")
                            .isEqualTo(1);
                    assertThat(thrown).as(name).isInstanceOfSatisfying(CapacityUnavailable.class, e -> {
                        assertThat(e.code()).as(name).isEqualTo(ErrorCode.UNAVAILABLE);
                        assertThat(e.isRetryable()).isTrue();
                        assertThat(e.httpStatus()).isEqualTo(503);
                        assertThat(e.getCause()).as("the driver or pool failure is kept as the cause").isNotNull();
                    });
                });
            } finally {
                for (Connection c : taken) {
                    c.close();
                }
            }
            assertThat(Snapshot.of(db.dataSource())).as("rows after the failed calls").isEqualTo(before);
            calls.forEach((name, call) -> assertThat(failureOf(call)).as(name + " with connections back").isNull());
        }
    }

    private final AtomicLong acquisitions = new AtomicLong();

    /** The pool as the library sees it, counting its requests for a connection. */
    private DataSource counting(DataSource pool) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        acquisitions.incrementAndGet();
                    }
                    try {
                        return method.invoke(pool, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** One call per entry point; each succeeds when a connection is available, in this order. */
    private static Map<String, Runnable> calls(PostgresCapacity capacity, RestaurantId restaurant, TableId free,
            Hold held, BookingId booked) {
        TimeWindow later = TimeWindow.starting(EVENING.plus(Duration.ofHours(3)), Duration.ofHours(1));
        Map<String, Runnable> calls = new LinkedHashMap<>();
        calls.put("floorPlans.get", () -> capacity.floorPlans().get(restaurant));
        calls.put("validate", () -> capacity.validator().validate(ValidationRequest.of(restaurant, null, 2, later,
                List.of(free))));
        calls.put("findHold", () -> capacity.allocationStore().findHold(restaurant, held.id()));
        calls.put("activeHolds", () -> capacity.allocationStore().activeHolds(restaurant));
        calls.put("allocationsOfBooking", () -> capacity.allocationStore().allocationsOfBooking(restaurant, booked));
        calls.put("placeHold", () -> capacity.allocationStore().placeHold(PlaceHoldRequest.builder(restaurant, later)
                .tables(free).ttl(Duration.ofMinutes(5)).build()));
        calls.put("extendHold", () -> capacity.allocationStore().extendHold(restaurant, held.id(),
                Duration.ofMinutes(1)));
        calls.put("confirmHold", () -> capacity.allocationStore().confirmHold(restaurant, held.id(),
                held.bookingId()));
        calls.put("assign", () -> capacity.allocationStore().assign(AssignRequest.of(restaurant, BookingId.random(),
                List.of(free), TimeWindow.starting(later.end(), Duration.ofHours(1)))));
        calls.put("unassign", () -> capacity.allocationStore().unassign(restaurant, booked));
        calls.put("setTableActive", () -> capacity.floorPlanStore().setTableActive(restaurant, free, true));
        calls.put("sweep", () -> capacity.holdSweeper().sweep());
        calls.put("prune", () -> capacity.allocationPruner().prune());
        return calls;
    }

    private static Throwable failureOf(Runnable call) {
        try {
            call.run();
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }
}
