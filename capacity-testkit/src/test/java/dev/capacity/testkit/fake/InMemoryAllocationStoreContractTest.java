package dev.capacity.testkit.fake;

import dev.capacity.testkit.contract.AllocationStoreContract;
import dev.capacity.testkit.contract.CapacityHarness;
import dev.capacity.testkit.contract.HarnessSettings;
import org.junit.jupiter.api.DisplayName;

@DisplayName("InMemoryAllocationStore meets the AllocationStore contract")
class InMemoryAllocationStoreContractTest extends AllocationStoreContract {

    @Override
    protected CapacityHarness createHarness(HarnessSettings settings) {
        return InMemoryHarness.of(settings);
    }
}
