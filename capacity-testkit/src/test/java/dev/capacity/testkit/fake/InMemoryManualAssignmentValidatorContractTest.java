package dev.capacity.testkit.fake;

import dev.capacity.api.AllocationStore;
import dev.capacity.api.FloorPlanStore;
import dev.capacity.api.ManualAssignmentValidator;
import dev.capacity.api.SlackPolicy;
import dev.capacity.testkit.contract.HarnessSettings;
import dev.capacity.testkit.contract.ManualAssignmentValidatorContract;
import dev.capacity.testkit.contract.ValidatorHarness;
import org.junit.jupiter.api.DisplayName;

@DisplayName("InMemoryManualAssignmentValidator and the in-memory write paths meet the validation contract")
class InMemoryManualAssignmentValidatorContractTest extends ManualAssignmentValidatorContract {

    @Override
    protected ValidatorHarness createHarness(HarnessSettings settings, SlackPolicy slackPolicy) {
        InMemoryCapacity capacity = InMemoryCapacity.builder().clock(settings.clock()).listener(settings.listener())
                .maxHoldLifetime(settings.maxHoldLifetime()).slackPolicy(slackPolicy).build();
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
