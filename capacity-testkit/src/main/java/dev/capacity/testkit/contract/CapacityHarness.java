package dev.capacity.testkit.contract;

import dev.capacity.api.AllocationStore;
import dev.capacity.api.FloorPlanStore;

/**
 * The implementation under test, as the contract suites see it: the stores of one library instance, built with
 * the {@link HarnessSettings} the suite asked for.
 */
public interface CapacityHarness {

    /** @return the ledger under test */
    AllocationStore allocationStore();

    /** @return the floor-plan store of the same instance (used to set up tables) */
    FloorPlanStore floorPlanStore();
}
