package dev.capacity.api;

import java.util.Objects;
import java.util.UUID;

/**
 * Identifier of a booking. Bookings belong to the host; the library stores their ids without foreign keys.
 *
 * <p>A value type over a {@link UUID}; equal when the UUIDs are equal. Instances are immutable and thread-safe.
 *
 * @param value the UUID, never null
 */
public record BookingId(UUID value) implements Comparable<BookingId> {

    /**
     * Creates an identifier.
     *
     * @param value the UUID, never null
     * @throws NullPointerException if {@code value} is null
     */
    public BookingId {
        Objects.requireNonNull(value, "value");
    }

    /**
     * Wraps a UUID.
     *
     * @param value the UUID
     * @return the identifier
     * @throws NullPointerException if {@code value} is null
     */
    public static BookingId of(UUID value) {
        return new BookingId(value);
    }

    /**
     * Parses the canonical UUID text form (36 characters, hyphens at the usual places, hex digits in either case).
     *
     * @param text the UUID text, for example {@code 3f0c…}
     * @return the identifier
     * @throws NullPointerException if {@code text} is null
     * @throws IllegalArgumentException if {@code text} is not a UUID
     */
    public static BookingId parse(String text) {
        return new BookingId(Ids.parse(text));
    }

    /**
     * Creates a random (version 4) identifier.
     *
     * @return a new identifier
     */
    public static BookingId random() {
        return new BookingId(UUID.randomUUID());
    }

    /** Orders by the UUID's natural order, which is also the order PostgreSQL gives {@code uuid} values. */
    @Override
    public int compareTo(BookingId other) {
        return Ids.compare(value, other.value);
    }

    /** Returns the canonical UUID text. */
    @Override
    public String toString() {
        return value.toString();
    }
}
