package dev.capacity.api.event;

import java.util.Objects;

/**
 * Receives the library's events. Every method has an empty default, so a listener overrides only what it needs.
 *
 * <p>Events are delivered after the transaction that caused them committed (or, for
 * {@link #onAssignmentRejected rejections}, rolled back), on the thread that ran it. A listener that throws is
 * logged and otherwise ignored: it never breaks or rolls back the operation and never changes what the caller
 * receives. Implementations must be thread-safe and should return quickly.
 *
 * <p>To send events to several listeners (say, metrics and the host's own), combine them with
 * {@link #composite(CapacityListener...)}.
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

    /**
     * A ledger write refused an assignment: the selection broke a rule or the tables were taken. Published once per
     * refused call, after its transaction rolled back; the caller receives {@code event.error()}.
     *
     * @param event the write, its restaurant and the error
     */
    default void onAssignmentRejected(AssignmentRejectedEvent event) {
    }

    /**
     * Combines listeners: every event goes to each of them, in the given order. A listener that throws does not
     * keep the event from the ones after it; once all of them ran, the first failure is rethrown (later ones are
     * attached to it as {@linkplain Throwable#getSuppressed() suppressed}), so the library logs it as it would log
     * a single failing listener, and the operation is unaffected either way.
     *
     * <p>The combined listener is immutable and as thread-safe as its parts.
     *
     * @param listeners the listeners, in delivery order; none may be null
     * @return {@link #NONE} for no listener, the listener itself for one, otherwise a listener that forwards to all
     * @throws NullPointerException if the array or one of its elements is null
     */
    static CapacityListener composite(CapacityListener... listeners) {
        Objects.requireNonNull(listeners, "listeners");
        for (int i = 0; i < listeners.length; i++) {
            Objects.requireNonNull(listeners[i], "listeners[" + i + "]");
        }
        return switch (listeners.length) {
            case 0 -> NONE;
            case 1 -> listeners[0];
            default -> new CompositeListener(listeners);
        };
    }
}
