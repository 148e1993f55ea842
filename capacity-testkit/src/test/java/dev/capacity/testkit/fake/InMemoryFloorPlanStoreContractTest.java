package dev.capacity.testkit.fake;

import dev.capacity.testkit.contract.CapacityHarness;
import dev.capacity.testkit.contract.FloorPlanStoreContract;
import dev.capacity.testkit.contract.HarnessSettings;
import org.junit.jupiter.api.DisplayName;

@DisplayName("InMemoryFloorPlanStore meets the FloorPlanStore contract")
class InMemoryFloorPlanStoreContractTest extends FloorPlanStoreContract {

    @Override
    protected CapacityHarness createHarness(HarnessSettings settings) {
        return InMemoryHarness.of(settings);
    }
}
