package dev.capacity.api.event;

import dev.capacity.api.PruneResult;
import java.util.Objects;

/**
 * A {@code prune()} call finished.
 *
 * @param result what it did and what is left
 */
public record PruneCompletedEvent(PruneResult result) {

    /**
     * Creates the event.
     *
     * @param result what it did and what is left
     * @throws NullPointerException if {@code result} is null
     */
    public PruneCompletedEvent {
        Objects.requireNonNull(result, "result");
    }
}
