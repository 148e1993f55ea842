package dev.capacity.api;

import dev.capacity.api.error.CapacityUnavailable;
import dev.capacity.api.error.InternalFailure;
import dev.capacity.api.error.InvalidRequest;
import dev.capacity.api.error.RestoreConflict;
import dev.capacity.api.error.TableNotFound;
import java.util.Collection;

/**
 * Moves old allocations to {@code allocations_archive} in batches, losslessly, and moves them back on request.
 * Hosts call {@link #prune()} from their own scheduler, on as many instances as they like: batches claim rows with
 * {@code FOR UPDATE SKIP LOCKED}, so each row is moved once.
 *
 * <p>An allocation is eligible when its window ended before {@code now - retention}. Hold allocations are never
 * archived (they go with their hold). Every row is at every moment either live or archived, never both and never
 * neither: a row whose id is already in the archive overwrites the archived copy and leaves the live table.
 *
 * <p>Implementations are thread-safe.
 */
public interface AllocationPruner {

    /**
     * Archives eligible allocations until none is left or the per-call bound is reached, one transaction per
     * batch; then drops confirmed hold rows whose window ended before the cutoff (they only serve idempotent
     * confirmation); then purges archive rows older than the archive retention, if one is set. Each of the three
     * steps runs at most {@code maxBatches} batches, and no batch starts once the call's time budget is spent, with
     * one exception: the first archive batch always runs, so that every call makes progress. Dropping holds and
     * purging the archive only use what archiving left of the budget. A non-positive retention disables pruning:
     * nothing moves and the result has a null cutoff.
     *
     * @return what this call did and what is left
     * @throws CapacityUnavailable (503, retryable) when the database cannot be reached or a batch times out;
     *     batches committed before stay committed
     * @throws InternalFailure (500) on an unexpected failure
     */
    PruneResult prune();

    /**
     * Counts what {@link #prune()} would archive now, without changing anything (a dry run).
     *
     * @return the preview
     * @throws CapacityUnavailable (503) when the database cannot be reached
     */
    PrunePreview preview();

    /**
     * Moves a booking's archived allocations back to the live ledger, all or nothing.
     *
     * @param restaurantId the restaurant
     * @param bookingId the booking
     * @return how many allocations were restored (0 if none was archived)
     * @throws RestoreConflict (409) when a restored row would overlap a live allocation; nothing is restored
     * @throws TableNotFound (404) when a row's table no longer exists; nothing is restored
     */
    int restoreBooking(RestaurantId restaurantId, BookingId bookingId);

    /**
     * Moves archived allocations back to the live ledger by id, all or nothing. Ids that are not archived in this
     * restaurant are ignored.
     *
     * @param restaurantId the restaurant
     * @param allocationIds the allocations
     * @return how many allocations were restored
     * @throws InvalidRequest (400) {@code INVALID_REQUEST} for more than 10,000 ids
     * @throws RestoreConflict (409) when a restored row would overlap a live allocation; nothing is restored
     * @throws TableNotFound (404) when a row's table no longer exists; nothing is restored
     */
    int restore(RestaurantId restaurantId, Collection<AllocationId> allocationIds);
}
