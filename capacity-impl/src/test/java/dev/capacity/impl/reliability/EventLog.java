package dev.capacity.impl.reliability;

import dev.capacity.api.event.CapacityListener;
import dev.capacity.api.event.FloorPlanInvalidatedEvent;
import dev.capacity.api.event.HoldExpiredEvent;
import dev.capacity.api.event.PruneCompletedEvent;
import dev.capacity.api.event.PruneFailedEvent;
import dev.capacity.api.event.SweepCompletedEvent;
import dev.capacity.api.event.SweepFailedEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The events of every library instance of a run, with who removed each expired hold: a sweeper, or a write that
 * found it in its way. Thread-safe.
 */
final class EventLog implements CapacityListener {

    /** An expired hold's event and whether a sweep published it. */
    record Expired(HoldExpiredEvent event, boolean bySweeper) {
    }

    private static final ThreadLocal<Boolean> SWEEPING = ThreadLocal.withInitial(() -> false);

    private final Queue<Expired> expired = new ConcurrentLinkedQueue<>();
    private final LongAdder sweptReported = new LongAdder();
    private final LongAdder archivedReported = new LongAdder();
    private final AtomicReference<Instant> latestCutoff = new AtomicReference<>(Instant.MIN);
    private final Map<FloorPlanInvalidatedEvent.Reason, LongAdder> invalidations = new ConcurrentHashMap<>();

    /** Runs a sweep so that the events it publishes count as the sweeper's. */
    <T> T sweeping(Supplier<T> sweep) {
        SWEEPING.set(true);
        try {
            return sweep.get();
        } finally {
            SWEEPING.set(false);
        }
    }

    @Override
    public void onHoldExpired(HoldExpiredEvent event) {
        expired.add(new Expired(event, SWEEPING.get()));
    }

    @Override
    public void onSweepCompleted(SweepCompletedEvent event) {
        sweptReported.add(event.result().swept());
    }

    @Override
    public void onSweepFailed(SweepFailedEvent event) {
        sweptReported.add(event.partial().swept());
    }

    @Override
    public void onPruneCompleted(PruneCompletedEvent event) {
        archivedReported.add(event.result().archived());
        if (event.result().cutoff() != null) {
            latestCutoff.accumulateAndGet(event.result().cutoff(), (a, b) -> a.isAfter(b) ? a : b);
        }
    }

    @Override
    public void onPruneFailed(PruneFailedEvent event) {
        archivedReported.add(event.partial().archived());
        if (event.partial().cutoff() != null) {
            latestCutoff.accumulateAndGet(event.partial().cutoff(), (a, b) -> a.isAfter(b) ? a : b);
        }
    }

    @Override
    public void onFloorPlanInvalidated(FloorPlanInvalidatedEvent event) {
        invalidations.computeIfAbsent(event.reason(), k -> new LongAdder()).increment();
    }

    /** How many cached floor plans were dropped for this reason (a full reset counts once). */
    long invalidations(FloorPlanInvalidatedEvent.Reason reason) {
        LongAdder n = invalidations.get(reason);
        return n == null ? 0 : n.sum();
    }

    List<Expired> expired() {
        return List.copyOf(expired);
    }

    /** Holds the sweeps said they removed, failed sweeps' committed batches included. */
    long sweptReported() {
        return sweptReported.sum();
    }

    /** Allocations the prunes said they archived, failed prunes' committed batches included. */
    long archivedReported() {
        return archivedReported.sum();
    }

    /** The latest cutoff any prune used: rows ending before it may have gone to the archive. */
    Instant latestCutoff() {
        return latestCutoff.get();
    }
}
