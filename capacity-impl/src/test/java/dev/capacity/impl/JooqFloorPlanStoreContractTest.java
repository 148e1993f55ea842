package dev.capacity.impl;

import dev.capacity.testkit.contract.FloorPlanStoreContract;
import dev.capacity.testkit.contract.CapacityHarness;
import dev.capacity.testkit.contract.HarnessSettings;
import dev.capacity.testkit.postgres.PostgresExtension;
import dev.capacity.testkit.postgres.TestDatabase;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
@DisplayName("JooqFloorPlanStore meets the FloorPlanStore contract on PostgreSQL")
class JooqFloorPlanStoreContractTest extends FloorPlanStoreContract {

    private final TestDatabase db;

    JooqFloorPlanStoreContractTest(TestDatabase db) {
        this.db = db;
    }

    @Override
    protected CapacityHarness createHarness(HarnessSettings settings) {
        return PostgresHarness.of(db, settings);
    }
}
