package dev.capacity.testkit.fake;

import dev.capacity.api.AllocationStore;
import dev.capacity.api.FloorPlanStore;
import dev.capacity.api.HoldSweeper;
import dev.capacity.api.SweeperSettings;
import dev.capacity.testkit.contract.HarnessSettings;
import dev.capacity.testkit.contract.HoldSweeperContract;
import dev.capacity.testkit.contract.SweeperHarness;
import org.junit.jupiter.api.DisplayName;

@DisplayName("The in-memory hold sweeper")
class InMemoryHoldSweeperContractTest extends HoldSweeperContract {

    @Override
    protected SweeperHarness createHarness(HarnessSettings settings) {
        InMemoryCapacity capacity = InMemoryCapacity.builder().clock(settings.clock()).listener(settings.listener())
                .maxHoldLifetime(settings.maxHoldLifetime()).build();
        return new SweeperHarness() {
            @Override
            public AllocationStore allocationStore() {
                return capacity.allocationStore();
            }

            @Override
            public FloorPlanStore floorPlanStore() {
                return capacity.floorPlanStore();
            }

            @Override
            public HoldSweeper holdSweeper(SweeperSettings sweeperSettings) {
                return capacity.holdSweeper(sweeperSettings);
            }
        };
    }
}
