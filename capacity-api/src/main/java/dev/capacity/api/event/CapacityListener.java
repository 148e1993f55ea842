package dev.capacity.api.event;

/**
 * Receives the library's events. Every method has an empty default, so a listener overrides only what it needs.
 *
 * <p>Events are delivered after the transaction that caused them committed, on the thread that ran it.
 * A listener that throws is logged and otherwise ignored: it never breaks or rolls back the operation.
 * Implementations must be thread-safe and should return quickly.
 */
public interface CapacityListener {

    /** A listener that ignores everything. */
    CapacityListener NONE = new CapacityListener() {
    };

    /**
     * An expired hold was removed (exactly once per hold).
     *
     * @param event the hold
     */
    default void onHoldExpired(HoldExpiredEvent event) {
    }

    /**
     * A sweep call finished.
     *
     * @param event its result
     */
    default void onSweepCompleted(SweepCompletedEvent event) {
    }

    /**
     * A sweep call failed.
     *
     * @param event what it did before and the error
     */
    default void onSweepFailed(SweepFailedEvent event) {
    }

    /**
     * A prune call finished.
     *
     * @param event its result
     */
    default void onPruneCompleted(PruneCompletedEvent event) {
    }

    /**
     * A prune call failed.
     *
     * @param event what it did before and the error
     */
    default void onPruneFailed(PruneFailedEvent event) {
    }

    /**
     * A cached floor plan was dropped.
     *
     * @param event which and why
     */
    default void onFloorPlanInvalidated(FloorPlanInvalidatedEvent event) {
    }
}
