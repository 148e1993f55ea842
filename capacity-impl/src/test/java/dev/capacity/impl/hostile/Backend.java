package dev.capacity.impl.hostile;

import dev.capacity.api.AllocationPruner;
import dev.capacity.api.AllocationStore;
import dev.capacity.api.FloorPlanStore;
import dev.capacity.api.FloorPlans;
import dev.capacity.api.HoldSweeper;
import dev.capacity.api.ManualAssignmentValidator;
import dev.capacity.api.PrunerSettings;
import dev.capacity.api.SweeperSettings;
import dev.capacity.testkit.time.MutableInstantSource;

/** One implementation of the API under fuzzing, fresh for each run. */
public interface Backend extends AutoCloseable {

    /** @return a short name for reports */
    String name();

    /** @return the ledger */
    AllocationStore store();

    /** @return the floor-plan editor */
    FloorPlanStore floorPlanStore();

    /** @return the floor-plan cache */
    FloorPlans floorPlans();

    /** @return the validator */
    ManualAssignmentValidator validator();

    /**
     * @param settings the sweeper's settings
     * @return a sweeper over the same data
     */
    HoldSweeper sweeper(SweeperSettings settings);

    /**
     * @param settings the pruner's settings
     * @return a pruner over the same data
     */
    AllocationPruner pruner(PrunerSettings settings);

    /** @return the backend's clock */
    MutableInstantSource clock();

    /**
     * A digest of everything the backend stores; equal digests mean nothing changed.
     *
     * @param world what the backend was given, for backends that can only be read through the API
     * @return the digest
     */
    String fingerprint(World world);

    @Override
    void close();
}
