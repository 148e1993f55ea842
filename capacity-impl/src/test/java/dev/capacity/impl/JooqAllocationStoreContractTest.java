package dev.capacity.impl;

import dev.capacity.testkit.contract.AllocationStoreContract;
import dev.capacity.testkit.contract.CapacityHarness;
import dev.capacity.testkit.contract.HarnessSettings;
import dev.capacity.testkit.postgres.PostgresExtension;
import dev.capacity.testkit.postgres.TestDatabase;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
@DisplayName("JooqAllocationStore meets the AllocationStore contract on PostgreSQL")
class JooqAllocationStoreContractTest extends AllocationStoreContract {

    private final TestDatabase db;

    JooqAllocationStoreContractTest(TestDatabase db) {
        this.db = db;
    }

    @Override
    protected CapacityHarness createHarness(HarnessSettings settings) {
        return PostgresHarness.of(db, settings);
    }
}
