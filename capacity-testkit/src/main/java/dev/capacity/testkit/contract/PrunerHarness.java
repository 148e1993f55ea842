package dev.capacity.testkit.contract;

import dev.capacity.api.AllocationPruner;
import dev.capacity.api.PrunerSettings;

/**
 * The implementation under test for {@link AllocationPrunerContract}: the stores of one library instance plus its
 * allocation pruners, all over the same storage, clock and listener.
 *
 * <p>Harnesses created for different tests may share storage (for example one database schema per test class);
 * the suite then archives and purges what earlier tests left before each test, so such storage must not be used by
 * tests that run at the same time.
 */
public interface PrunerHarness extends CapacityHarness {

    /**
     * Returns an allocation pruner of this instance with the given settings (for the PostgreSQL implementation
     * {@code PostgresCapacity.allocationPruner(settings)}).
     *
     * @param settings retention, batch size, per-call bounds and archive retention the suite wants
     * @return a pruner over the same storage, clock and listener as {@link #allocationStore()}
     */
    AllocationPruner allocationPruner(PrunerSettings settings);
}
