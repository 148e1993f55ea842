package dev.capacity.testkit.contract;

import dev.capacity.api.ManualAssignmentValidator;

/**
 * The implementation under test for {@link ManualAssignmentValidatorContract}: the stores of one library instance
 * plus its validator, all over the same storage and built with the same slack policy.
 */
public interface ValidatorHarness extends CapacityHarness {

    /**
     * Returns the validator of this instance (for the PostgreSQL implementation {@code PostgresCapacity.validator()},
     * for the fake {@code InMemoryCapacity.validator()}).
     *
     * @return a validator over the same storage and slack policy as {@link #allocationStore()}
     */
    ManualAssignmentValidator validator();
}
