package dev.capacity.impl.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * One run of the workload on a {@link Cluster}: sets up the site, starts writers, a sweeper per node, a pruner on
 * node 0 and an editor on node 1 (plus whatever {@code extra} adds), lets them run, stops them, checks the
 * {@link Invariants}, prints the figures, and fails on any unexpected outcome.
 */
final class Run {

    private static final Duration SWEEP_EVERY = Duration.ofSeconds(60);
    private static final Duration PRUNE_EVERY = Duration.ofMinutes(10);
    private static final Duration EDIT_EVERY = Duration.ofMinutes(2);

    private final Control control;
    private final DataSource admin;
    private final boolean faults;
    private final String name;
    private final Duration duration;
    private final Cluster cluster;
    private final int writers;
    private final int restaurants;
    private final Consumer<Load> extra;

    private Run(Control control, DataSource admin, boolean faults, String name, Duration duration, Cluster cluster,
            int writers, int restaurants, Consumer<Load> extra) {
        this.control = control;
        this.admin = admin;
        this.faults = faults;
        this.name = name;
        this.duration = duration;
        this.cluster = cluster;
        this.writers = writers;
        this.restaurants = restaurants;
        this.extra = extra;
    }

    static Run of(Control control, DataSource admin, boolean faults, String name, Duration duration,
            Cluster cluster, int writers, int restaurants, Consumer<Load> extra) {
        return new Run(control, admin, faults, name, duration, cluster, writers, restaurants, extra);
    }

    void execute() throws Exception {
        Site site = Site.create(cluster.node(0).floorPlanStore(), restaurants);
        Instant businessStart = control.clock.instant();
        Load load = new Load(control);
        for (int i = 0; i < writers; i++) {
            load.add(name + "-writer-" + i, new Writer(name + "-writer-" + i,
                    cluster.node(i % cluster.size()).allocationStore(), site, control, 1_000L + i));
        }
        for (int i = 0; i < cluster.size(); i++) {
            load.add(name + "-sweeper-" + i, Jobs.sweeper(cluster.node(i).holdSweeper(), control, SWEEP_EVERY));
        }
        load.add(name + "-pruner", Jobs.pruner(cluster.node(0).allocationPruner(), control, PRUNE_EVERY));
        load.add(name + "-editor", Jobs.editor(cluster.node(1 % cluster.size()).floorPlanStore(), site, control,
                EDIT_EVERY, 7L));
        if (extra != null) {
            extra.accept(load);
        }
        long started = System.nanoTime();
        load.start();
        control.runFor(duration);
        load.stop();
        Duration ran = Duration.ofNanos(System.nanoTime() - started);
        Duration business = Duration.between(businessStart, control.clock.instant());

        Invariants invariants = new Invariants(admin, control, faults);
        invariants.checkAfterRun();
        invariants.drainAndCheck(cluster.node(0).holdSweeper());
        long calls = control.tally.sum("op ");
        System.out.printf("%n%s: %d writers, %d nodes, %d restaurants, ran %d s of wall time (%s of business time), "
                + "%d calls (%d per second)%n%s%s%n", name, writers, cluster.size(), restaurants, ran.toSeconds(),
                business, calls, calls / Math.max(1, ran.toSeconds()), control.tally.table(), invariants.figures());
        assertThat(control.unexpected()).as("unexpected outcomes (%d in all)", control.unexpectedCount()).isEmpty();
        invariants.assertHeld();
        for (String kind : new String[] {"place", "confirm", "release", "extend", "assign", "unassign", "reconfirm",
                "sweep", "prune"}) {
            assertThat(control.tally.get("op " + kind + " OK")).as("successful %s calls", kind).isPositive();
        }
        assertThat(control.tally.sum("op edit ")).as("floor-plan edits").isPositive();
    }
}
