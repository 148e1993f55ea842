package dev.capacity.api.error;

import org.jspecify.annotations.Nullable;

/**
 * An unexpected failure (HTTP 500, code {@link ErrorCode#INTERNAL}): a bug or a database state the library does not
 * expect. The cause is attached for logs; the problem body does not include it.
 */
public final class InternalFailure extends CapacityError {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param detail what happened, for people
     * @param cause the underlying exception
     */
    public InternalFailure(String detail, @Nullable Throwable cause) {
        super(ErrorCode.INTERNAL, detail, cause);
    }
}
