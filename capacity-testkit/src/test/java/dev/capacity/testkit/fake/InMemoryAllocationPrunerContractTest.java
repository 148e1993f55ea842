package dev.capacity.testkit.fake;

import dev.capacity.api.AllocationPruner;
import dev.capacity.api.AllocationStore;
import dev.capacity.api.FloorPlanStore;
import dev.capacity.api.PrunerSettings;
import dev.capacity.testkit.contract.AllocationPrunerContract;
import dev.capacity.testkit.contract.HarnessSettings;
import dev.capacity.testkit.contract.PrunerHarness;
import org.junit.jupiter.api.DisplayName;

@DisplayName("The in-memory allocation pruner")
class InMemoryAllocationPrunerContractTest extends AllocationPrunerContract {

    @Override
    protected PrunerHarness createHarness(HarnessSettings settings) {
        InMemoryCapacity capacity = InMemoryCapacity.builder().clock(settings.clock()).listener(settings.listener())
                .maxHoldLifetime(settings.maxHoldLifetime()).build();
        return new PrunerHarness() {
            @Override
            public AllocationStore allocationStore() {
                return capacity.allocationStore();
            }

            @Override
            public FloorPlanStore floorPlanStore() {
                return capacity.floorPlanStore();
            }

            @Override
            public AllocationPruner allocationPruner(PrunerSettings prunerSettings) {
                return capacity.allocationPruner(prunerSettings);
            }
        };
    }
}
