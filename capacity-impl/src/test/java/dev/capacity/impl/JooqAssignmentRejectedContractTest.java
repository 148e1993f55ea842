package dev.capacity.impl;

import dev.capacity.testkit.contract.AssignmentRejectedContract;
import dev.capacity.testkit.contract.CapacityHarness;
import dev.capacity.testkit.contract.HarnessSettings;
import dev.capacity.testkit.postgres.PostgresExtension;
import dev.capacity.testkit.postgres.TestDatabase;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
@DisplayName("JooqAllocationStore publishes rejected assignments as the contract says, on PostgreSQL")
class JooqAssignmentRejectedContractTest extends AssignmentRejectedContract {

    private final TestDatabase db;

    JooqAssignmentRejectedContractTest(TestDatabase db) {
        this.db = db;
    }

    @Override
    protected CapacityHarness createHarness(HarnessSettings settings) {
        return PostgresHarness.of(db, settings);
    }
}
