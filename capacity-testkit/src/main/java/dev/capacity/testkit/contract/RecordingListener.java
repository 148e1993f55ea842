package dev.capacity.testkit.contract;

import dev.capacity.api.event.AssignmentRejectedEvent;
import dev.capacity.api.event.CapacityListener;
import dev.capacity.api.event.HoldExpiredEvent;
import dev.capacity.api.event.PruneCompletedEvent;
import dev.capacity.api.event.PruneFailedEvent;
import dev.capacity.api.event.SweepCompletedEvent;
import dev.capacity.api.event.SweepFailedEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A listener that records every event it receives, for assertions. Thread-safe. */
public final class RecordingListener implements CapacityListener {

    private final List<HoldExpiredEvent> holdsExpired = new CopyOnWriteArrayList<>();
    private final List<SweepCompletedEvent> sweepsCompleted = new CopyOnWriteArrayList<>();
    private final List<SweepFailedEvent> sweepsFailed = new CopyOnWriteArrayList<>();
    private final List<PruneCompletedEvent> prunesCompleted = new CopyOnWriteArrayList<>();
    private final List<PruneFailedEvent> prunesFailed = new CopyOnWriteArrayList<>();
    private final List<AssignmentRejectedEvent> assignmentsRejected = new CopyOnWriteArrayList<>();

    /** Creates an empty recorder. */
    public RecordingListener() {
    }

    @Override
    public void onHoldExpired(HoldExpiredEvent event) {
        holdsExpired.add(event);
    }

    @Override
    public void onSweepCompleted(SweepCompletedEvent event) {
        sweepsCompleted.add(event);
    }

    @Override
    public void onSweepFailed(SweepFailedEvent event) {
        sweepsFailed.add(event);
    }

    @Override
    public void onPruneCompleted(PruneCompletedEvent event) {
        prunesCompleted.add(event);
    }

    @Override
    public void onPruneFailed(PruneFailedEvent event) {
        prunesFailed.add(event);
    }

    @Override
    public void onAssignmentRejected(AssignmentRejectedEvent event) {
        assignmentsRejected.add(event);
    }

    /** @return every assignment-rejected event so far, in delivery order */
    public List<AssignmentRejectedEvent> assignmentsRejected() {
        return List.copyOf(assignmentsRejected);
    }

    /** @return every prune-completed event so far, in delivery order */
    public List<PruneCompletedEvent> pruneCompleted() {
        return List.copyOf(prunesCompleted);
    }

    /** @return every prune-failed event so far, in delivery order */
    public List<PruneFailedEvent> pruneFailed() {
        return List.copyOf(prunesFailed);
    }

    /** @return every sweep-completed event so far, in delivery order */
    public List<SweepCompletedEvent> sweepsCompleted() {
        return List.copyOf(sweepsCompleted);
    }

    /** @return every sweep-failed event so far, in delivery order */
    public List<SweepFailedEvent> sweepsFailed() {
        return List.copyOf(sweepsFailed);
    }

    /** @return every hold-expired event so far, in delivery order */
    public List<HoldExpiredEvent> holdsExpired() {
        return List.copyOf(holdsExpired);
    }

    /** Forgets everything recorded so far. */
    public void clear() {
        holdsExpired.clear();
        sweepsCompleted.clear();
        sweepsFailed.clear();
        prunesCompleted.clear();
        prunesFailed.clear();
        assignmentsRejected.clear();
    }
}
