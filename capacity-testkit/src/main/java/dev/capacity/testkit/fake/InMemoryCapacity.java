package dev.capacity.testkit.fake;

import dev.capacity.api.AllocationPruner;
import dev.capacity.api.AllocationStore;
import dev.capacity.api.FloorPlan;
import dev.capacity.api.FloorPlanStore;
import dev.capacity.api.FloorPlans;
import dev.capacity.api.RestaurantId;
import dev.capacity.api.HoldSweeper;
import dev.capacity.api.ManualAssignmentValidator;
import dev.capacity.api.PrunerSettings;
import dev.capacity.api.SlackPolicy;
import dev.capacity.api.SweeperSettings;
import dev.capacity.api.event.CapacityListener;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * In-memory implementations of {@link AllocationStore}, {@link FloorPlanStore}, {@link ManualAssignmentValidator},
 * {@link HoldSweeper} and {@link AllocationPruner} for host tests: no database, no JUnit, the same behaviour as the
 * PostgreSQL implementation (they pass the same contract suites), including half-open windows, expired holds that
 * never block and are removed with one {@code HoldExpiredEvent} each, all-or-nothing writes, and the
 * manual-assignment rules checked inside every write.
 *
 * <p>The stores and sweepers of one instance share one in-memory state: a table created through
 * {@link #floorPlanStore()} is what {@link #allocationStore()} and {@link #validator()} check selections against
 * (with the same {@link dev.capacity.api.AssignmentRules} and slack policy), deleting a table consults the ledger,
 * {@link #holdSweeper()} removes the expired holds of every restaurant in it, and {@link #allocationPruner()}
 * archives the old allocations of every restaurant in it (and restores them). Separate instances share nothing.
 *
 * <pre>{@code
 * MutableInstantSource clock = MutableInstantSource.fixed();
 * InMemoryCapacity capacity = InMemoryCapacity.builder().clock(clock).build();
 * AllocationStore ledger = capacity.allocationStore();
 * }</pre>
 *
 * <p>Instances are immutable after {@link Builder#build()} and thread-safe; so are the stores they return.
 */
public final class InMemoryCapacity {

    private final InMemoryState state;
    private final AllocationStore allocationStore;
    private final FloorPlanStore floorPlanStore;
    private final ManualAssignmentValidator validator;
    private final HoldSweeper holdSweeper;
    private final AllocationPruner allocationPruner;

    private InMemoryCapacity(InMemoryState state, SlackPolicy slack, SweeperSettings sweeper,
            PrunerSettings pruner) {
        this.state = state;
        this.allocationStore = new InMemoryAllocationStore(state, slack);
        this.floorPlanStore = new InMemoryFloorPlanStore(state);
        this.validator = new InMemoryManualAssignmentValidator(state, slack);
        this.holdSweeper = new InMemoryHoldSweeper(state, sweeper);
        this.allocationPruner = new InMemoryAllocationPruner(state, pruner);
    }

    /**
     * Starts a builder with the defaults: the system clock, no listener, a maximum hold lifetime of 30 minutes,
     * {@link SlackPolicy#defaults()} (read at {@link Builder#build()}), {@link SweeperSettings#defaults()} for the
     * hold sweeper and {@link PrunerSettings#defaults()} for the allocation pruner.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the ledger: holds and allocations.
     *
     * @return the allocation store, the same instance on every call
     */
    public AllocationStore allocationStore() {
        return allocationStore;
    }

    /**
     * Returns the floor-plan editor over the same state as {@link #allocationStore()}.
     *
     * @return the floor-plan store, the same instance on every call
     */
    public FloorPlanStore floorPlanStore() {
        return floorPlanStore;
    }

    private final FloorPlans floorPlans = new FloorPlans() {
        @Override
        public FloorPlan get(RestaurantId restaurantId) {
            return floorPlanStore.load(restaurantId);
        }

        @Override
        public void invalidate(RestaurantId restaurantId) {
            java.util.Objects.requireNonNull(restaurantId, "restaurantId");
        }

        @Override
        public void invalidateAll() {
            // nothing is cached
        }
    };

    /**
     * Returns floor-plan snapshots of the same state. Nothing is cached, so every {@link FloorPlans#get} sees every
     * edit at once and invalidation has nothing to do; hosts' code written against the cached PostgreSQL
     * implementation behaves the same, only never stale.
     *
     * @return the floor plans, the same instance on every call
     */
    public FloorPlans floorPlans() {
        return floorPlans;
    }

    /**
     * Returns the manual assignment validator over the same state, with the same rules and slack policy as the
     * writes of {@link #allocationStore()}: what it accepts, they accept.
     *
     * @return the validator, the same instance on every call
     */
    public ManualAssignmentValidator validator() {
        return validator;
    }

    /**
     * Returns the hold sweeper configured with the builder's {@link Builder#sweeper(SweeperSettings) sweeper
     * settings}. It deletes expired holds of every restaurant in this instance; hosts' tests call
     * {@link HoldSweeper#sweep()} directly instead of scheduling it.
     *
     * @return the hold sweeper, the same instance on every call
     */
    public HoldSweeper holdSweeper() {
        return holdSweeper;
    }

    /**
     * Returns a hold sweeper with other settings over the same state, clock and listener as this instance.
     *
     * @param settings the sweeper's settings
     * @return a new sweeper
     * @throws NullPointerException if {@code settings} is null
     */
    public HoldSweeper holdSweeper(SweeperSettings settings) {
        return new InMemoryHoldSweeper(state, Objects.requireNonNull(settings, "settings"));
    }

    /**
     * Returns the allocation pruner configured with the builder's {@link Builder#pruner(PrunerSettings) pruner
     * settings}. It archives the old allocations of every restaurant in this instance, drops confirmed hold rows
     * whose window is history, purges the archive when an archive retention is set, and restores archived
     * allocations; hosts' tests call {@link AllocationPruner#prune()} directly instead of scheduling it.
     *
     * @return the allocation pruner, the same instance on every call
     */
    public AllocationPruner allocationPruner() {
        return allocationPruner;
    }

    /**
     * Returns an allocation pruner with other settings over the same state, clock and listener as this instance.
     *
     * @param settings the pruner's settings
     * @return a new pruner
     * @throws NullPointerException if {@code settings} is null
     */
    public AllocationPruner allocationPruner(PrunerSettings settings) {
        return new InMemoryAllocationPruner(state, Objects.requireNonNull(settings, "settings"));
    }

    /** Builds an {@link InMemoryCapacity}. Not thread-safe; each {@link #build()} creates independent state. */
    public static final class Builder {

        private InstantSource clock = InstantSource.system();
        private CapacityListener listener = CapacityListener.NONE;
        private Duration maxHoldLifetime = Duration.ofMinutes(30);
        private SweeperSettings sweeper = SweeperSettings.defaults();
        private PrunerSettings pruner = PrunerSettings.defaults();
        private @Nullable SlackPolicy slackPolicy;

        private Builder() {
        }

        /**
         * Sets the only source of business time. Tests pass a
         * {@link dev.capacity.testkit.time.MutableInstantSource} and advance it instead of sleeping.
         *
         * @param clock the clock; default {@link InstantSource#system()}
         * @return this builder
         * @throws NullPointerException if {@code clock} is null
         */
        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets the listener that receives events after each operation completed. A listener that throws is logged
         * and ignored.
         *
         * @param listener the listener; default {@link CapacityListener#NONE}
         * @return this builder
         * @throws NullPointerException if {@code listener} is null
         */
        public Builder listener(CapacityListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Sets the hard cap on a hold's total lifetime ({@code expiresAt - createdAt}): a time-to-live beyond it is
         * rejected, and so is an extension that would pass it.
         *
         * @param maxHoldLifetime the cap, positive; default 30 minutes
         * @return this builder
         * @throws NullPointerException if {@code maxHoldLifetime} is null
         * @throws IllegalArgumentException if {@code maxHoldLifetime} is zero or negative
         */
        public Builder maxHoldLifetime(Duration maxHoldLifetime) {
            Objects.requireNonNull(maxHoldLifetime, "maxHoldLifetime");
            if (maxHoldLifetime.isNegative() || maxHoldLifetime.isZero()) {
                throw new IllegalArgumentException("maxHoldLifetime must be positive: " + maxHoldLifetime);
            }
            this.maxHoldLifetime = maxHoldLifetime;
            return this;
        }

        /**
         * Sets the settings of {@link InMemoryCapacity#holdSweeper()}: batch size, per-call bounds and grace (the
         * statement and lock timeouts have no in-memory meaning).
         *
         * @param sweeper the settings; default {@link SweeperSettings#defaults()}
         * @return this builder
         * @throws NullPointerException if {@code sweeper} is null
         */
        public Builder sweeper(SweeperSettings sweeper) {
            this.sweeper = Objects.requireNonNull(sweeper, "sweeper");
            return this;
        }

        /**
         * Sets the settings of {@link InMemoryCapacity#allocationPruner()}: retention, batch size, per-call bounds
         * and archive retention (the statement and lock timeouts have no in-memory meaning).
         *
         * @param pruner the settings; default {@link PrunerSettings#defaults()}
         * @return this builder
         * @throws NullPointerException if {@code pruner} is null
         */
        public Builder pruner(PrunerSettings pruner) {
            this.pruner = Objects.requireNonNull(pruner, "pruner");
            return this;
        }

        /**
         * Sets the slack budget of manual assignments, used by {@link InMemoryCapacity#validator()} and by every
         * write of {@link InMemoryCapacity#allocationStore()}.
         *
         * @param slackPolicy the policy; default {@link SlackPolicy#defaults()}, read at {@link #build()}
         * @return this builder
         * @throws NullPointerException if {@code slackPolicy} is null
         */
        public Builder slackPolicy(SlackPolicy slackPolicy) {
            this.slackPolicy = Objects.requireNonNull(slackPolicy, "slackPolicy");
            return this;
        }

        /**
         * Builds a new, empty in-memory capacity store.
         *
         * @return the stores over fresh state
         * @throws IllegalArgumentException if no slack policy was given and {@code CAPACITY_MANUAL_MAX_SLACK} is
         *     invalid
         */
        public InMemoryCapacity build() {
            SlackPolicy slack = slackPolicy != null ? slackPolicy : SlackPolicy.defaults();
            return new InMemoryCapacity(new InMemoryState(clock, listener, maxHoldLifetime), slack, sweeper,
                    pruner);
        }
    }
}
