package dev.capacity.testkit.fake;

import dev.capacity.testkit.contract.AssignmentRejectedContract;
import dev.capacity.testkit.contract.CapacityHarness;
import dev.capacity.testkit.contract.HarnessSettings;
import org.junit.jupiter.api.DisplayName;

@DisplayName("InMemoryAllocationStore publishes rejected assignments as the contract says")
class InMemoryAssignmentRejectedContractTest extends AssignmentRejectedContract {

    @Override
    protected CapacityHarness createHarness(HarnessSettings settings) {
        return InMemoryHarness.of(settings);
    }
}
