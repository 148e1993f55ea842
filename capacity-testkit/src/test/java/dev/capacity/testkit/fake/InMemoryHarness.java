package dev.capacity.testkit.fake;

import dev.capacity.api.AllocationStore;
import dev.capacity.api.FloorPlanStore;
import dev.capacity.testkit.contract.CapacityHarness;
import dev.capacity.testkit.contract.HarnessSettings;

/** Builds the in-memory implementation the way a contract suite asks for. */
record InMemoryHarness(InMemoryCapacity capacity) implements CapacityHarness {

    static InMemoryHarness of(HarnessSettings settings) {
        return new InMemoryHarness(InMemoryCapacity.builder().clock(settings.clock()).listener(settings.listener())
                .maxHoldLifetime(settings.maxHoldLifetime()).build());
    }

    @Override
    public AllocationStore allocationStore() {
        return capacity.allocationStore();
    }

    @Override
    public FloorPlanStore floorPlanStore() {
        return capacity.floorPlanStore();
    }
}
