package dev.capacity.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capacity.api.AssignRequest;
import dev.capacity.api.BookingId;
import dev.capacity.api.DiningTable;
import dev.capacity.api.PlaceHoldRequest;
import dev.capacity.api.RestaurantId;
import dev.capacity.api.TableSpec;
import dev.capacity.api.TimeWindow;
import dev.capacity.api.Zone;
import dev.capacity.impl.PostgresCapacity;
import dev.capacity.testkit.postgres.PostgresExtension;
import dev.capacity.testkit.postgres.TestDatabase;
import dev.capacity.testkit.time.MutableInstantSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
@DisplayName("capacity-cli")
class CapacityCliTest {

    private static final Instant START = Instant.parse("2030-01-01T12:00:00Z");

    private final TestDatabase db;
    private final MutableInstantSource clock = MutableInstantSource.of(START);

    CapacityCliTest(TestDatabase db) {
        this.db = db;
    }

    /** What one run printed and returned. */
    record Run(int exit, String out, String err) {
    }

    private Run cli(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = CapacityCli.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, clock);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs a command against the test schema. */
    private Run against(String command, String... options) {
        List<String> args = new ArrayList<>(List.of(command, "--jdbc-url", db.jdbcUrl(), "--user", db.user(),
                "--password", db.password(), "--schema", db.schema()));
        args.addAll(List.of(options));
        return cli(Map.of(), args.toArray(String[]::new));
    }

    private PostgresCapacity library() {
        return PostgresCapacity.builder().dataSource(db.dataSource()).schema(db.schema()).clock(clock)
                .listenForChanges(false).build();
    }

    @Nested
    @DisplayName("reads its command line")
    class CommandLine {

        @Test
        @DisplayName("--help prints the commands, options and exit codes and exits 0")
        void help() {
            Run run = cli(Map.of(), "--help");
            assertThat(run.exit()).isZero();
            assertThat(run.out()).contains("sweep", "prune", "status", "--jdbc-url", "--max-calls", "Exit codes:",
                    "  3  retryable failure");
            assertThat(cli(Map.of(), "prune", "-h").exit()).isZero();
        }

        @Test
        @DisplayName("no command, an unknown command, an unknown option or a bad value exit 2 with a message")
        void usageErrors() {
            assertThat(cli(Map.of()).exit()).isEqualTo(2);
            Run unknown = cli(Map.of(), "vacuum", "--jdbc-url", db.jdbcUrl());
            assertThat(unknown.exit()).isEqualTo(2);
            assertThat(unknown.err()).contains("unknown command 'vacuum'");
            Run option = against("sweep", "--retention", "30d");
            assertThat(option.exit()).isEqualTo(2);
            assertThat(option.err()).contains("unknown option --retention");
            Run duration = against("sweep", "--time-budget", "soon");
            assertThat(duration.exit()).isEqualTo(2);
            assertThat(duration.err()).contains("--time-budget: not a duration: 'soon'");
            Run batch = against("sweep", "--batch-size", "20000");
            assertThat(batch.exit()).isEqualTo(2);
            assertThat(batch.err()).contains("batchSize must be 1-10000");
            assertThat(against("prune", "--retention", "0s").exit()).isEqualTo(2);
            assertThat(against("status", "--max-prunable").err()).contains("--max-prunable needs a value");
        }

        @Test
        @DisplayName("without --jdbc-url it takes CAPACITY_JDBC_URL, and without either it exits 2")
        void urlFromEnvironment() {
            Run none = cli(Map.of(), "status");
            assertThat(none.exit()).isEqualTo(2);
            assertThat(none.err()).contains("give --jdbc-url (or set CAPACITY_JDBC_URL)");
            Run fromEnv = cli(Map.of("CAPACITY_JDBC_URL", db.jdbcUrl(), "CAPACITY_JDBC_USER", db.user(),
                    "CAPACITY_JDBC_PASSWORD", db.password()), "status", "--schema", db.schema());
            assertThat(fromEnv.exit()).as(fromEnv.err()).isZero();
            assertThat(fromEnv.out()).contains("status of schema " + db.schema());
        }
    }

    @Nested
    @DisplayName("fails with a meaningful exit code")
    class Failures {

        @Test
        @DisplayName("3 (retryable) when the database cannot be reached")
        void unreachable() {
            for (String command : List.of("status", "sweep", "prune")) {
                Run run = cli(Map.of(), command, "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/nowhere");
                assertThat(run.exit()).as(command + ": " + run.err()).isEqualTo(3);
                assertThat(run.err()).contains("capacity-cli:");
            }
        }

        @Test
        @DisplayName("4 when the schema has no capacity tables, with a hint")
        void missingSchema() {
            for (String command : List.of("status", "sweep", "prune")) {
                Run run = cli(Map.of(), command, "--jdbc-url", db.jdbcUrl(), "--user", db.user(), "--password",
                        db.password(), "--schema", "no_such_schema");
                assertThat(run.exit()).as(command + ": " + run.err()).isEqualTo(4);
                assertThat(run.err()).contains("schema no_such_schema has no capacity tables");
            }
        }
    }

    @Nested
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    @DisplayName("runs its jobs once against the database")
    class Jobs {

        @Test
        @Order(1)
        @DisplayName("status reports expired holds and sweep lag, and exits 1 above a threshold; sweep removes them")
        void statusAndSweep() {
            try (PostgresCapacity capacity = library()) {
                RestaurantId r = RestaurantId.random();
                Zone zone = capacity.floorPlanStore().createZone(r, "Main", 0);
                TimeWindow evening = TimeWindow.starting(START.plus(Duration.ofHours(7)), Duration.ofHours(2));
                for (int i = 1; i <= 3; i++) {
                    DiningTable t = capacity.floorPlanStore().createTable(r, TableSpec.of(zone.id(), "H" + i, 4));
                    capacity.allocationStore().placeHold(PlaceHoldRequest.builder(r, evening).tables(t.id())
                            .ttl(Duration.ofMinutes(5)).build());
                }
            }
            clock.advance(Duration.ofMinutes(15));

            Run status = against("status");
            assertThat(status.exit()).as(status.err()).isZero();
            assertThat(status.out())
                    .contains("sweep lag              10m (the oldest expired hold expired at 2030-01-01T12:05:00Z)")
                    .contains("expired-hold backlog   3 holds")
                    .contains("prunable backlog       0 allocations (windows that ended before 2029-12-02T12:15:00Z,"
                            + " retention 30d)")
                    .contains("archive size           0 rows");

            Run alarm = against("status", "--max-expired-holds", "2", "--max-sweep-lag", "5m");
            assertThat(alarm.exit()).isEqualTo(1);
            assertThat(alarm.out()).contains("ATTENTION: expired-hold backlog 3 is above --max-expired-holds 2")
                    .contains("ATTENTION: sweep lag 10m is above --max-sweep-lag 5m");

            Run sweep = against("sweep", "--batch-size", "2");
            assertThat(sweep.exit()).as(sweep.err()).isZero();
            assertThat(sweep.out()).contains("swept 3 expired holds in 2 batches", "backlog: none left",
                    "sweep lag: none");

            Run after = against("status", "--max-expired-holds", "0");
            assertThat(after.exit()).isZero();
            assertThat(after.out()).contains("sweep lag              none", "expired-hold backlog   0 holds");
        }

        @Test
        @Order(2)
        @DisplayName("prune archives a backlog in bounded calls with progress, and --dry-run changes nothing")
        void prune() {
            try (PostgresCapacity capacity = library()) {
                RestaurantId r = RestaurantId.random();
                Zone zone = capacity.floorPlanStore().createZone(r, "Old room", 0);
                DiningTable t = capacity.floorPlanStore().createTable(r, TableSpec.of(zone.id(), "P1", 4));
                for (int day = 0; day < 5; day++) {
                    TimeWindow w = TimeWindow.starting(START.plus(Duration.ofDays(day)), Duration.ofHours(2));
                    capacity.allocationStore().assign(AssignRequest.of(r, BookingId.random(), List.of(t.id()), w)
                            .withPartySize(4));
                }
            }
            clock.advance(Duration.ofDays(40));

            Run dry = against("prune", "--dry-run");
            assertThat(dry.exit()).as(dry.err()).isZero();
            assertThat(dry.out()).contains("5 allocations due", "dry run: nothing changed");
            assertThat(against("status").out()).contains("prunable backlog       5 allocations");

            Run limited = against("prune", "--batch-size", "2", "--batches-per-call", "1", "--max-calls", "1");
            assertThat(limited.exit()).as(limited.err()).isZero();
            assertThat(limited.out()).contains("call 1: archived 2 in 1 batch", "total 2; backlog: about 3 left",
                    "stopped after --max-calls 1; run again to go on");

            Run rest = against("prune", "--batch-size", "2", "--batches-per-call", "1");
            assertThat(rest.exit()).as(rest.err()).isZero();
            assertThat(rest.out()).contains("3 allocations due")
                    .contains("call 1: archived 2 in 1 batch").contains("total 2; backlog: about 1 left")
                    .contains("call 2: archived 1 in 1 batch").contains("total 3; backlog: none left")
                    .contains("done: archived 3 allocations in 2 calls");

            Run status = against("status", "--max-prunable", "0");
            assertThat(status.exit()).isZero();
            assertThat(status.out()).contains("prunable backlog       0 allocations", "archive size           5 rows");
        }
    }
}
