package dev.capacity.api.event;

import java.util.List;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Forwards every event to each listener in order; see {@link CapacityListener#composite}. This module has no
 * logger, so failures are collected and the first one rethrown once every listener had the event: the library's
 * delivery logs it and carries on.
 */
final class CompositeListener implements CapacityListener {

    private final List<CapacityListener> listeners;

    CompositeListener(CapacityListener[] listeners) {
        this.listeners = List.of(listeners);
    }

    @Override
    public void onHoldExpired(HoldExpiredEvent event) {
        forEach(event, CapacityListener::onHoldExpired);
    }

    @Override
    public void onSweepCompleted(SweepCompletedEvent event) {
        forEach(event, CapacityListener::onSweepCompleted);
    }

    @Override
    public void onSweepFailed(SweepFailedEvent event) {
        forEach(event, CapacityListener::onSweepFailed);
    }

    @Override
    public void onPruneCompleted(PruneCompletedEvent event) {
        forEach(event, CapacityListener::onPruneCompleted);
    }

    @Override
    public void onPruneFailed(PruneFailedEvent event) {
        forEach(event, CapacityListener::onPruneFailed);
    }

    @Override
    public void onFloorPlanInvalidated(FloorPlanInvalidatedEvent event) {
        forEach(event, CapacityListener::onFloorPlanInvalidated);
    }

    @Override
    public void onAssignmentRejected(AssignmentRejectedEvent event) {
        forEach(event, CapacityListener::onAssignmentRejected);
    }

    /**
     * Runtime exceptions and linkage errors (a listener built against another version of a library it uses) are
     * held back until every listener ran; any other {@link Error} is left to propagate at once.
     */
    private <E> void forEach(E event, BiConsumer<CapacityListener, E> method) {
        @Nullable Throwable first = null;
        for (CapacityListener listener : listeners) {
            try {
                method.accept(listener, event);
            } catch (RuntimeException | LinkageError e) {
                if (first == null) {
                    first = e;
                } else if (first != e) { // one shared instance thrown twice cannot suppress itself
                    first.addSuppressed(e);
                }
            }
        }
        if (first instanceof RuntimeException e) {
            throw e;
        }
        if (first instanceof LinkageError e) {
            throw e;
        }
    }

    @Override
    public String toString() {
        return "CapacityListener.composite" + listeners;
    }
}
