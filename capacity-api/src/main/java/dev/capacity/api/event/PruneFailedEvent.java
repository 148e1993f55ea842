package dev.capacity.api.event;

import dev.capacity.api.PruneResult;
import dev.capacity.api.error.CapacityError;
import java.util.Objects;

/**
 * A {@code prune()} call failed in a batch. Batches before it stayed committed; the failed batch changed nothing.
 *
 * @param partial what the call did before the failure ({@code backlogRemaining} is true)
 * @param error the error the call throws
 */
public record PruneFailedEvent(PruneResult partial, CapacityError error) {

    /**
     * Creates the event.
     *
     * @param partial what the call did before the failure ({@code backlogRemaining} is true)
     * @param error the error the call throws
     * @throws NullPointerException if a component is null
     */
    public PruneFailedEvent {
        Objects.requireNonNull(partial, "partial");
        Objects.requireNonNull(error, "error");
    }
}
