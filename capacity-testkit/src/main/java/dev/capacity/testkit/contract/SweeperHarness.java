package dev.capacity.testkit.contract;

import dev.capacity.api.HoldSweeper;
import dev.capacity.api.SweeperSettings;

/**
 * The implementation under test for {@link HoldSweeperContract}: the stores of one library instance plus its hold
 * sweepers, all over the same storage, clock and listener.
 *
 * <p>Harnesses created for different tests may share storage (for example one database schema per test class);
 * the suite then clears what earlier tests left before each test, so such storage must not be used by tests that
 * run at the same time.
 */
public interface SweeperHarness extends CapacityHarness {

    /**
     * Returns a hold sweeper of this instance with the given settings (for the PostgreSQL implementation
     * {@code PostgresCapacity.holdSweeper(settings)}, for the fake {@code InMemoryCapacity.holdSweeper(settings)}).
     *
     * @param settings batch size, per-call bounds and grace the suite wants
     * @return a sweeper over the same storage, clock and listener as {@link #allocationStore()}
     */
    HoldSweeper holdSweeper(SweeperSettings settings);
}
