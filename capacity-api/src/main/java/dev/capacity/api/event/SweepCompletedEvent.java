package dev.capacity.api.event;

import dev.capacity.api.SweepResult;
import java.util.Objects;

/**
 * A {@code sweep()} call finished.
 *
 * @param result what it did and what is left
 */
public record SweepCompletedEvent(SweepResult result) {

    /**
     * Creates the event.
     *
     * @param result what it did and what is left
     * @throws NullPointerException if {@code result} is null
     */
    public SweepCompletedEvent {
        Objects.requireNonNull(result, "result");
    }
}
