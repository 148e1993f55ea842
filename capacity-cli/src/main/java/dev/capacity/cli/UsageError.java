package dev.capacity.cli;

/** A command line that cannot be run as given; its message says what is wrong. */
final class UsageError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UsageError(String message) {
        super(message);
    }
}
