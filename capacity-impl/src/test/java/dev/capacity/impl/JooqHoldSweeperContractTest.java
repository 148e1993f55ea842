package dev.capacity.impl;

import dev.capacity.api.AllocationStore;
import dev.capacity.api.FloorPlanStore;
import dev.capacity.api.HoldSweeper;
import dev.capacity.api.SweeperSettings;
import dev.capacity.testkit.contract.HarnessSettings;
import dev.capacity.testkit.contract.HoldSweeperContract;
import dev.capacity.testkit.contract.SweeperHarness;
import dev.capacity.testkit.postgres.PostgresExtension;
import dev.capacity.testkit.postgres.TestDatabase;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
@DisplayName("The PostgreSQL hold sweeper")
class JooqHoldSweeperContractTest extends HoldSweeperContract {

    private final TestDatabase db;

    JooqHoldSweeperContractTest(TestDatabase db) {
        this.db = db;
    }

    @Override
    protected SweeperHarness createHarness(HarnessSettings settings) {
        PostgresCapacity capacity = PostgresCapacity.builder().dataSource(db.dataSource()).schema(db.schema())
                .clock(settings.clock()).listener(settings.listener()).maxHoldLifetime(settings.maxHoldLifetime())
                .listenForChanges(false).build();
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
