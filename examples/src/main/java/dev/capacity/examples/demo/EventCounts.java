package dev.capacity.examples.demo;

import dev.capacity.api.RestaurantId;
import dev.capacity.api.SweepResult;
import dev.capacity.api.event.CapacityListener;
import dev.capacity.api.event.FloorPlanInvalidatedEvent;
import dev.capacity.api.event.HoldExpiredEvent;
import dev.capacity.api.event.PruneCompletedEvent;
import dev.capacity.api.event.PruneFailedEvent;
import dev.capacity.api.event.SweepCompletedEvent;
import dev.capacity.api.event.SweepFailedEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The demo's metrics: a {@link CapacityListener} that counts what the library reports, the figures the runbooks
 * alert on (sweep lag, backlog, rows archived, invalidations). Events arrive on the sweeper's thread, the
 * notification listener's thread and the demo's own; everything here is thread-safe.
 */
final class EventCounts implements CapacityListener {

    private final AtomicLong holdsExpired = new AtomicLong();
    private final AtomicLong sweeps = new AtomicLong();
    private final AtomicLong sweepFailures = new AtomicLong();
    private final AtomicLong holdsSwept = new AtomicLong();
    private final AtomicLong sweepsWithBacklog = new AtomicLong();
    private final AtomicReference<Duration> maxSweepLag = new AtomicReference<>(Duration.ZERO);
    private final AtomicLong prunes = new AtomicLong();
    private final AtomicLong pruneFailures = new AtomicLong();
    private final AtomicLong archived = new AtomicLong();
    private final Map<FloorPlanInvalidatedEvent.Reason, AtomicLong> invalidations =
            new EnumMap<>(FloorPlanInvalidatedEvent.Reason.class);
    private final Queue<HoldExpiredEvent> expired = new ConcurrentLinkedQueue<>();
    private final Queue<RestaurantId> notified = new ConcurrentLinkedQueue<>();

    EventCounts() {
        for (FloorPlanInvalidatedEvent.Reason reason : FloorPlanInvalidatedEvent.Reason.values()) {
            invalidations.put(reason, new AtomicLong());
        }
    }

    @Override
    public void onHoldExpired(HoldExpiredEvent event) {
        holdsExpired.incrementAndGet();
        expired.add(event);
    }

    @Override
    public void onSweepCompleted(SweepCompletedEvent event) {
        SweepResult r = event.result();
        holdsSwept.addAndGet(r.swept());
        if (r.backlogRemaining()) {
            sweepsWithBacklog.incrementAndGet();
        }
        Duration lag = r.sweepLag();
        if (lag != null) {
            maxSweepLag.accumulateAndGet(lag, (a, b) -> a.compareTo(b) >= 0 ? a : b);
        }
        // Counted last: whoever waits for this count sees the figures above already updated.
        sweeps.incrementAndGet();
    }

    @Override
    public void onSweepFailed(SweepFailedEvent event) {
        sweepFailures.incrementAndGet();
        sweeps.incrementAndGet();
    }

    @Override
    public void onPruneCompleted(PruneCompletedEvent event) {
        prunes.incrementAndGet();
        archived.addAndGet(event.result().archived());
    }

    @Override
    public void onPruneFailed(PruneFailedEvent event) {
        pruneFailures.incrementAndGet();
        archived.addAndGet(event.partial().archived());
    }

    @Override
    public void onFloorPlanInvalidated(FloorPlanInvalidatedEvent event) {
        invalidations.get(event.reason()).incrementAndGet();
        if (event.reason() == FloorPlanInvalidatedEvent.Reason.NOTIFICATION && event.restaurantId() != null) {
            notified.add(event.restaurantId());
        }
    }

    /** @return the holds that expired since the last call, in the order they were reported */
    List<HoldExpiredEvent> drainExpired() {
        List<HoldExpiredEvent> drained = new ArrayList<>();
        for (HoldExpiredEvent e; (e = expired.poll()) != null; ) {
            drained.add(e);
        }
        return drained;
    }

    long sweeps() {
        return sweeps.get();
    }

    long sweepFailures() {
        return sweepFailures.get();
    }

    long holdsExpired() {
        return holdsExpired.get();
    }

    long holdsSwept() {
        return holdsSwept.get();
    }

    long sweepsWithBacklog() {
        return sweepsWithBacklog.get();
    }

    Duration maxSweepLag() {
        return maxSweepLag.get();
    }

    long prunes() {
        return prunes.get();
    }

    long pruneFailures() {
        return pruneFailures.get();
    }

    long archived() {
        return archived.get();
    }

    long invalidations(FloorPlanInvalidatedEvent.Reason reason) {
        return invalidations.get(reason).get();
    }
}
