package dev.capacity.api;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What one {@link HoldSweeper#sweep()} call did.
 *
 * @param swept holds deleted by this call
 * @param batches batches run (including a last, short or empty one)
 * @param duration wall-clock time the call took
 * @param backlogRemaining whether eligible expired holds were still present when the call ended (the bound was
 *     reached, or other sweepers held them locked)
 * @param sweepLag age of the oldest expired, unconfirmed hold still present when the call ended ({@code now -
 *     expiresAt}), or null if none is left; alert when it grows beyond a few sweep intervals
 */
public record SweepResult(int swept, int batches, Duration duration, boolean backlogRemaining,
        @Nullable Duration sweepLag) {

    /**
     * Creates a result.
     *
     * @param swept holds deleted by this call
     * @param batches batches run (including a last, short or empty one)
     * @param duration wall-clock time the call took
     * @param backlogRemaining whether eligible expired holds were still present when the call ended (the bound was
     *     reached, or other sweepers held them locked)
     * @param sweepLag age of the oldest expired, unconfirmed hold still present when the call ended ({@code now -
     *     expiresAt}), or null if none is left; alert when it grows beyond a few sweep intervals
     * @throws NullPointerException if {@code duration} is null
     * @throws IllegalArgumentException if a count is negative
     */
    public SweepResult {
        Objects.requireNonNull(duration, "duration");
        if (swept < 0) {
            throw new IllegalArgumentException("swept must not be negative: " + swept);
        }
        if (batches < 0) {
            throw new IllegalArgumentException("batches must not be negative: " + batches);
        }
    }
}
