package dev.capacity.api.error;

import org.jspecify.annotations.Nullable;

/**
 * A retryable infrastructure failure (HTTP 503): {@link ErrorCode#UNAVAILABLE} when the database cannot be reached
 * or the connection broke, {@link ErrorCode#BUSY} when a lock or statement timeout fired or concurrent updates
 * kept failing after the library's own retries. Nothing was changed, with one exception: when the connection broke
 * while the transaction was committing ({@code UNAVAILABLE}), the server may have committed it, and no client can
 * tell. Retry the same request later; confirming a hold, assigning, unassigning and placing a hold for the same
 * booking are safe to repeat, while extending a hold is not (read the hold first).
 */
public final class CapacityUnavailable extends CapacityError {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param code {@link ErrorCode#UNAVAILABLE} or {@link ErrorCode#BUSY}
     * @param detail what happened, for people
     * @param cause the driver or database exception
     * @throws IllegalArgumentException for any other code
     */
    public CapacityUnavailable(ErrorCode code, String detail, @Nullable Throwable cause) {
        super(code, detail, cause);
        if (code != ErrorCode.UNAVAILABLE && code != ErrorCode.BUSY) {
            throw new IllegalArgumentException("code must be UNAVAILABLE or BUSY: " + code);
        }
    }
}
