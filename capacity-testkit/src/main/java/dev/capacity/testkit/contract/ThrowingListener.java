package dev.capacity.testkit.contract;

import dev.capacity.api.event.AssignmentRejectedEvent;
import dev.capacity.api.event.CapacityListener;
import dev.capacity.api.event.HoldExpiredEvent;
import dev.capacity.api.event.PruneCompletedEvent;
import dev.capacity.api.event.PruneFailedEvent;
import dev.capacity.api.event.SweepCompletedEvent;
import dev.capacity.api.event.SweepFailedEvent;
import java.util.Objects;

/** Records every event, then throws, as a buggy host listener would: implementations must log and carry on. */
final class ThrowingListener implements CapacityListener {

    private final RecordingListener delegate;

    ThrowingListener(RecordingListener delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public void onHoldExpired(HoldExpiredEvent event) {
        delegate.onHoldExpired(event);
        throw new IllegalStateException("listener failure on purpose");
    }

    @Override
    public void onSweepCompleted(SweepCompletedEvent event) {
        delegate.onSweepCompleted(event);
        throw new IllegalStateException("listener failure on purpose");
    }

    @Override
    public void onSweepFailed(SweepFailedEvent event) {
        delegate.onSweepFailed(event);
        throw new IllegalStateException("listener failure on purpose");
    }

    @Override
    public void onPruneCompleted(PruneCompletedEvent event) {
        delegate.onPruneCompleted(event);
        throw new IllegalStateException("listener failure on purpose");
    }

    @Override
    public void onPruneFailed(PruneFailedEvent event) {
        delegate.onPruneFailed(event);
        throw new IllegalStateException("listener failure on purpose");
    }

    @Override
    public void onAssignmentRejected(AssignmentRejectedEvent event) {
        delegate.onAssignmentRejected(event);
        throw new IllegalStateException("listener failure on purpose");
    }
}
