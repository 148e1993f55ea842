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
 * The soak's workload on two nodes while a killer terminates a random library connection (found by the pools'
 * application name) every half minute of business time: calls caught by a kill fail with a retryable
 * {@code UNAVAILABLE}, the writers retry them as a host would, and afterwards the same {@link Invariants} hold:
 * nothing double booked, lost or duplicated. {@code -Dcapacity.faults.seconds} sets the length (default 20).
 */
@Tag("faults")
@ExtendWith(PostgresExtension.class)
@DisplayName("Faults: library connections terminated at random under load")
class TerminatedBackendsTest {

    private static final String NAME = "capacity-fault";

    private final TestDatabase db;

    TerminatedBackendsTest(TestDatabase db) {
        this.db = db;
    }

    @Test
    @DisplayName("surface as retryable UNAVAILABLE errors and lose, duplicate or double-book nothing")
    void terminatedBackends() throws Exception {
        Duration duration = Duration.ofSeconds(Long.getLong("capacity.faults.seconds", 20));
        Control control = new Control(MutableInstantSource.fixed(), Duration.ofSeconds(30));
        Cluster.Target target = new Cluster.Target(db.jdbcUrl(), db.user(), db.password(), db.schema());
        try (Cluster cluster = Cluster.open(target, NAME, 2, 4, Duration.ofSeconds(10), control, b -> b)) {
            Run.of(control, db.dataSource(), true, "faults", duration, cluster, 4, 3,
                    load -> load.add("faults-killer", Jobs.killer(db.dataSource(), NAME, control,
                            Duration.ofSeconds(30)))).execute();
        }
        assertThat(control.tally.get("fault backend terminated")).as("backends terminated").isPositive();
        assertThat(control.tally.get("code UNAVAILABLE")).as("calls that failed with UNAVAILABLE").isPositive();
    }
}
