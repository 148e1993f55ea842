package dev.capacity.api;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What {@link AllocationPruner#prune()} would archive now.
 *
 * @param cutoff allocations whose window ended before this instant are eligible; null when pruning is disabled
 * @param eligible how many live allocations are eligible
 * @param oldestEnd the earliest window end among them, or null when none
 * @param archived how many rows the archive holds
 */
public record PrunePreview(@Nullable Instant cutoff, long eligible, @Nullable Instant oldestEnd,
        long archived) {
}
