package dev.capacity.impl.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capacity.testkit.postgres.PostgresExtension;
import dev.capacity.testkit.postgres.TestDatabase;
import dev.capacity.testkit.time.MutableInstantSource;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole library under load on one database, as a host running on four nodes would use it: eight writers, a
 * sweeper per node, a pruner, and floor-plan edits, with business time moving so that holds expire and bookings
 * age into the archive. Afterwards {@link Invariants} proves that nothing was double booked, lost, left behind,
 * confirmed late, or expired twice.
 *
 * <p>The normal build runs it for 60 seconds; {@code -Dcapacity.soak.seconds=600} runs it longer (see
 * docs/reliability.md). The run stops early at the first unexpected outcome.
 */
@Tag("soak")
@ExtendWith(PostgresExtension.class)
@DisplayName("Soak: writers, sweepers, a pruner and floor-plan edits on one database")
class SoakTest {

    static final String SECONDS = "capacity.soak.seconds";
    private static final int NODES = 4;
    private static final int WRITERS = 8;
    private static final int RESTAURANTS = 6;

    private final TestDatabase db;

    SoakTest(TestDatabase db) {
        this.db = db;
    }

    @Test
    @DisplayName("leaves no overlap, no lost or orphaned row, no late confirmation, and every expired hold removed "
            + "exactly once")
    void soak() throws Exception {
        Duration duration = Duration.ofSeconds(Long.getLong(SECONDS, 60));
        Control control = new Control(MutableInstantSource.fixed(), Duration.ofSeconds(30));
        Cluster.Target target = new Cluster.Target(db.jdbcUrl(), db.user(), db.password(), db.schema());
        try (Cluster cluster = Cluster.open(target, "capacity-soak", NODES, 4, Duration.ofSeconds(10), control,
                b -> b)) {
            Run.of(control, db.dataSource(), false, "soak", duration, cluster, WRITERS, RESTAURANTS, null)
                    .execute();
            assertThat(control.events.archivedReported()).as("allocations archived").isPositive();
            assertThat(control.events.sweptReported()).as("holds swept").isPositive();
        }
    }
}
