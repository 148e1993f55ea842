package dev.capacity.impl.reliability;

import dev.capacity.api.AllocationPruner;
import dev.capacity.api.FloorPlanStore;
import dev.capacity.api.HoldSweeper;
import dev.capacity.api.PrunerSettings;
import dev.capacity.api.SweeperSettings;
import dev.capacity.api.TableSpec;
import dev.capacity.impl.PostgresCapacity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;

/**
 * The background tasks of a run, each scheduled on the business clock that the writers move, as a host would
 * schedule them on the wall clock: sweepers, a pruner, a floor-plan editor and, for fault runs, a killer of
 * library connections.
 */
final class Jobs {

    /** Allocations stay live this long after their window ended. */
    static final Duration RETENTION = Duration.ofMinutes(15);
    static final SweeperSettings SWEEPER = SweeperSettings.defaults().withBatchSize(25).withMaxBatches(20);
    static final PrunerSettings PRUNER = PrunerSettings.defaults().withRetention(RETENTION).withBatchSize(100)
            .withMaxBatches(10);

    private Jobs() {
    }

    /** Applies the run's settings to a library instance. */
    static PostgresCapacity.Builder configure(PostgresCapacity.Builder builder, Control control) {
        return builder.clock(control.clock).listener(control.events).maxHoldLifetime(Writer.MAX_HOLD_LIFETIME)
                .sweeper(SWEEPER).pruner(PRUNER);
    }

    static Callable<Void> sweeper(HoldSweeper sweeper, Control control, Duration every) {
        Calls calls = new Calls(control);
        return scheduled(control, every, () -> calls.call("sweep", false,
                () -> control.events.sweeping(sweeper::sweep)));
    }

    static Callable<Void> pruner(AllocationPruner pruner, Control control, Duration every) {
        Calls calls = new Calls(control);
        return scheduled(control, every, () -> calls.call("prune", false, pruner::prune));
    }

    /** Edits the floor plan: tables in and out of service, adjacency cut and restored, tables and zones renamed. */
    static Callable<Void> editor(FloorPlanStore store, Site site, Control control, Duration every, long seed) {
        Calls calls = new Calls(control);
        Random random = new Random(seed);
        Set<Site.Table> inactive = new HashSet<>();
        Set<Site.Table> unlinked = new HashSet<>();
        Set<Site.Table> renamed = new HashSet<>();
        Set<Integer> renamedZones = new HashSet<>();
        return scheduled(control, every, () -> {
            Site.Restaurant r = site.random(random);
            Site.Table t = r.table(random.nextInt(Site.ZONES), random.nextInt(Site.CAPACITIES.length));
            switch (random.nextInt(4)) {
                case 0 -> {
                    // At most one table of a restaurant out of service at a time: bring it back, or take t out.
                    Site.Table back = inactive.stream().filter(x -> r.tables().contains(x)).findFirst().orElse(null);
                    Site.Table target = back != null ? back : t;
                    if (calls.call("edit active", true,
                            () -> store.setTableActive(r.id(), target.id(), back != null)).ok()) {
                        if (back != null) {
                            inactive.remove(back);
                        } else {
                            inactive.add(t);
                        }
                    }
                }
                case 1 -> {
                    // At most one adjacency of a restaurant cut at a time: restore it, or cut t's to its right.
                    Site.Table cut = unlinked.stream().filter(x -> r.tables().contains(x)).findFirst().orElse(null);
                    if (cut == null && t.index() == Site.CAPACITIES.length - 1) {
                        return;
                    }
                    Site.Table left = cut != null ? cut : t;
                    Site.Table right = r.table(left.zone(), left.index() + 1);
                    if (calls.call("edit adjacency", true, () -> cut != null
                            ? store.linkTables(r.id(), left.id(), right.id())
                            : store.unlinkTables(r.id(), left.id(), right.id())).ok()) {
                        if (cut != null) {
                            unlinked.remove(cut);
                        } else {
                            unlinked.add(t);
                        }
                    }
                }
                case 2 -> {
                    boolean back = renamed.contains(t);
                    TableSpec spec = TableSpec.of(r.zones().get(t.zone()), back ? t.label() : t.label() + " window",
                            t.capacity()).withActive(!inactive.contains(t));
                    if (calls.call("edit table", true, () -> store.updateTable(r.id(), t.id(), spec)).ok()) {
                        if (back) {
                            renamed.remove(t);
                        } else {
                            renamed.add(t);
                        }
                    }
                }
                default -> {
                    int zone = t.zone();
                    int key = site.restaurants().indexOf(r) * Site.ZONES + zone;
                    boolean back = renamedZones.contains(key);
                    String name = back ? "Zone " + zone : "Terrace " + zone;
                    if (calls.call("edit zone", true, () -> store.updateZone(r.id(), r.zones().get(zone), name, zone))
                            .ok()) {
                        if (back) {
                            renamedZones.remove(key);
                        } else {
                            renamedZones.add(key);
                        }
                    }
                }
            }
        });
    }

    /**
     * Terminates one random backend of the library's pools (found by their application name) at every tick, from
     * a connection of its own.
     */
    static Callable<Void> killer(DataSource admin, String applicationPrefix, Control control, Duration every) {
        return () -> {
            try (Connection c = admin.getConnection(); PreparedStatement pick = c.prepareStatement("""
                    SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                    WHERE application_name LIKE ? AND pid <> pg_backend_pid()
                    ORDER BY random() LIMIT 1""")) {
                pick.setString(1, applicationPrefix + "%");
                return scheduled(control, every, () -> {
                    try (ResultSet rs = pick.executeQuery()) {
                        control.tally.add(rs.next() && rs.getBoolean(1) ? "fault backend terminated"
                                : "fault no backend to terminate");
                    } catch (java.sql.SQLException e) {
                        control.unexpected("terminating a backend failed", e);
                    }
                }).call();
            }
        };
    }

    /**
     * Runs {@code task} whenever the business clock passed its next due time, until the run stops. Between ticks it
     * parks for a millisecond: the writers move the clock, so there is nothing to wait for but them.
     */
    private static Callable<Void> scheduled(Control control, Duration every, Runnable task) {
        return () -> {
            Instant due = control.clock.instant();
            while (control.running()) {
                Instant now = control.clock.instant();
                if (now.isBefore(due)) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                    continue;
                }
                due = now.plus(every);
                try {
                    task.run();
                } catch (RuntimeException | AssertionError e) {
                    control.unexpected("a scheduled task failed", e);
                }
            }
            return null;
        };
    }
}
