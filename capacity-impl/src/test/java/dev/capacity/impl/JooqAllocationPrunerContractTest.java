package dev.capacity.impl;

import dev.capacity.api.AllocationPruner;
import dev.capacity.api.AllocationStore;
import dev.capacity.api.FloorPlanStore;
import dev.capacity.api.PrunerSettings;
import dev.capacity.testkit.contract.AllocationPrunerContract;
import dev.capacity.testkit.contract.HarnessSettings;
import dev.capacity.testkit.contract.PrunerHarness;
import dev.capacity.testkit.postgres.PostgresExtension;
import dev.capacity.testkit.postgres.TestDatabase;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
@DisplayName("The PostgreSQL allocation pruner")
class JooqAllocationPrunerContractTest extends AllocationPrunerContract {

    private final TestDatabase db;

    JooqAllocationPrunerContractTest(TestDatabase db) {
        this.db = db;
    }

    @Override
    protected PrunerHarness createHarness(HarnessSettings settings) {
        PostgresCapacity capacity = PostgresHarness.of(db, settings).capacity();
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
