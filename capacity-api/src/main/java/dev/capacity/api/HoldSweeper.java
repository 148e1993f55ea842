package dev.capacity.api;

import dev.capacity.api.error.CapacityUnavailable;
import dev.capacity.api.error.InternalFailure;

/**
 * Deletes expired holds (and with them their allocations) in batches. Hosts call {@link #sweep()} from their own
 * scheduler, on as many instances as they like, at the same time: each batch claims its holds with
 * {@code FOR UPDATE SKIP LOCKED}, so every expired hold is swept exactly once and no distributed lock is needed.
 *
 * <p>Sweeping is garbage collection, not correctness: expired holds never block anyone even before they are swept
 * (see {@link AllocationStore}). Confirmed holds and active holds are never touched.
 *
 * <p>Every swept hold produces one {@code HoldExpiredEvent}, delivered after its batch committed; each call ends
 * with a {@code SweepCompletedEvent} or, when a batch fails, a {@code SweepFailedEvent}. Implementations are
 * thread-safe.
 */
public interface HoldSweeper {

    /**
     * Sweeps expired holds until none is left or the per-call bound ({@link SweeperSettings#maxBatches()},
     * {@link SweeperSettings#timeBudget()}) is reached. A hold is eligible when it is unconfirmed and
     * {@code expiresAt <= now - grace}; {@code expiresAt == now} counts as expired. Each batch commits on its own,
     * so a failure loses nothing already swept and leaves nothing half done.
     *
     * @return what this call did and what is left
     * @throws CapacityUnavailable (503, retryable) when the database cannot be reached, a batch hits its lock or
     *     statement timeout, or the connection breaks mid-batch; batches committed before stay committed
     * @throws InternalFailure (500) on an unexpected failure
     */
    SweepResult sweep();
}
