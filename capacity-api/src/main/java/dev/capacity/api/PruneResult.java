package dev.capacity.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What one {@link AllocationPruner#prune()} call did.
 *
 * @param archived allocations moved to the archive by this call
 * @param batches archive batches run
 * @param cutoff allocations whose window ended before this instant were eligible; null when pruning is disabled
 * @param duration wall-clock time the call took
 * @param backlogRemaining whether eligible allocations were still live when the call ended
 * @param purged archive rows deleted because they passed the archive retention
 */
public record PruneResult(int archived, int batches, @Nullable Instant cutoff, Duration duration,
        boolean backlogRemaining, int purged) {

    /**
     * Creates a result.
     *
     * @param archived allocations moved to the archive by this call
     * @param batches archive batches run
     * @param cutoff allocations whose window ended before this instant were eligible; null when pruning is disabled
     * @param duration wall-clock time the call took
     * @param backlogRemaining whether eligible allocations were still live when the call ended
     * @param purged archive rows deleted because they passed the archive retention
     * @throws NullPointerException if {@code duration} is null
     * @throws IllegalArgumentException if a count is negative
     */
    public PruneResult {
        Objects.requireNonNull(duration, "duration");
        if (archived < 0 || batches < 0 || purged < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
    }
}
