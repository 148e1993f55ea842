package dev.capacity.api;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A half-open time window {@code [start, end)}: it contains {@code start} and excludes {@code end}.
 *
 * <p>Windows that only touch ({@code [18:00, 20:00)} and {@code [20:00, 22:00)}) do not overlap. This is the
 * same rule as PostgreSQL's {@code tstzrange(start, end, '[)') && …} used by the ledger's exclusion
 * constraint. Immutable and thread-safe.
 *
 * <p>Instants are stored with the precision PostgreSQL keeps (microseconds) so that a window read back from
 * the database equals the one written; finer digits are truncated.
 *
 * @param start first instant inside the window
 * @param end first instant after the window, strictly after {@code start}
 */
public record TimeWindow(Instant start, Instant end) {

    /**
     * Creates a window.
     *
     * @param start first instant inside the window
     * @param end first instant after the window, strictly after {@code start}
     * @throws NullPointerException if {@code start} or {@code end} is null
     * @throws IllegalArgumentException if {@code end} is not after {@code start} (after truncation to microseconds)
     */
    public TimeWindow {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        start = Instants.micros(start);
        end = Instants.micros(end);
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("end must be after start: start=" + start + ", end=" + end);
        }
    }

    /**
     * Creates the window {@code [start, end)}.
     *
     * @param start first instant inside the window
     * @param end first instant after the window
     * @return the window
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code end} is not after {@code start}
     */
    public static TimeWindow of(Instant start, Instant end) {
        return new TimeWindow(start, end);
    }

    /**
     * Creates the window {@code [start, start + length)}.
     *
     * @param start first instant inside the window
     * @param length positive length
     * @return the window
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code length} is zero or negative, or so long that {@code start + length}
     *     is past {@link Instant#MAX}
     */
    public static TimeWindow starting(Instant start, Duration length) {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(length, "length");
        if (length.isNegative() || length.isZero()) {
            throw new IllegalArgumentException("length must be positive: " + length);
        }
        Instant end;
        try {
            end = start.plus(length);
        } catch (DateTimeException | ArithmeticException e) {
            // Instant.plus overflows with an unchecked exception of its own; this is an argument error.
            throw new IllegalArgumentException("length reaches past the last Instant: start=" + start + ", length="
                    + length, e);
        }
        return new TimeWindow(start, end);
    }

    /**
     * Tells whether the two windows share at least one instant. Touching windows do not overlap.
     *
     * @param other the other window
     * @return {@code true} iff {@code start < other.end && other.start < end}
     */
    public boolean overlaps(TimeWindow other) {
        Objects.requireNonNull(other, "other");
        return start.isBefore(other.end) && other.start.isBefore(end);
    }

    /**
     * Tells whether the instant lies inside the window.
     *
     * @param instant the instant
     * @return {@code true} iff {@code start <= instant < end}
     */
    public boolean contains(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        return !instant.isBefore(start) && instant.isBefore(end);
    }

    /**
     * Returns the length of the window.
     *
     * @return {@code end - start}, always positive
     */
    public Duration duration() {
        return Duration.between(start, end);
    }

    /** Returns {@code [start, end)} in ISO-8601. */
    @Override
    public String toString() {
        return "[" + start + ", " + end + ")";
    }
}
