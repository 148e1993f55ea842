package dev.capacity.impl;

import dev.capacity.api.AllocationStore;
import dev.capacity.api.FloorPlanStore;
import dev.capacity.api.ManualAssignmentValidator;
import dev.capacity.api.SlackPolicy;
import dev.capacity.testkit.contract.HarnessSettings;
import dev.capacity.testkit.contract.ManualAssignmentValidatorContract;
import dev.capacity.testkit.contract.ValidatorHarness;
import dev.capacity.testkit.postgres.PostgresExtension;
import dev.capacity.testkit.postgres.TestDatabase;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
@DisplayName("JooqManualAssignmentValidator and the PostgreSQL write paths meet the validation contract")
class JooqManualAssignmentValidatorContractTest extends ManualAssignmentValidatorContract {

    private final TestDatabase db;

    JooqManualAssignmentValidatorContractTest(TestDatabase db) {
        this.db = db;
    }

    @Override
    protected ValidatorHarness createHarness(HarnessSettings settings, SlackPolicy slackPolicy) {
        PostgresCapacity capacity = PostgresCapacity.builder().dataSource(db.dataSource()).schema(db.schema())
                .clock(settings.clock()).listener(settings.listener()).maxHoldLifetime(settings.maxHoldLifetime())
                .slackPolicy(slackPolicy).build();
        return new ValidatorHarness() {
            @Override
            public AllocationStore allocationStore() {
                return capacity.allocationStore();
            }

            @Override
            public FloorPlanStore floorPlanStore() {
                return capacity.floorPlanStore();
            }

            @Override
            public ManualAssignmentValidator validator() {
                return capacity.validator();
            }
        };
    }
}
