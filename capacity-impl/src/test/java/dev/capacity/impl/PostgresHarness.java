package dev.capacity.impl;

import dev.capacity.api.AllocationStore;
import dev.capacity.api.FloorPlanStore;
import dev.capacity.testkit.contract.CapacityHarness;
import dev.capacity.testkit.contract.HarnessSettings;
import dev.capacity.testkit.postgres.TestDatabase;

/** Builds the PostgreSQL implementation the way a contract suite asks for, on the test class's schema. */
record PostgresHarness(PostgresCapacity capacity) implements CapacityHarness {

    static PostgresHarness of(TestDatabase db, HarnessSettings settings) {
        return new PostgresHarness(PostgresCapacity.builder().dataSource(db.dataSource()).schema(db.schema())
                .clock(settings.clock()).listener(settings.listener()).maxHoldLifetime(settings.maxHoldLifetime())
                .listenForChanges(false)
                .build());
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
