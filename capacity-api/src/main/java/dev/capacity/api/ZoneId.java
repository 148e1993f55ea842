package dev.capacity.api;

import java.util.Objects;
import java.util.UUID;

/**
 * Identifier of a zone: a named area of a restaurant's floor.
 *
 * <p>A value type over a {@link UUID}; equal when the UUIDs are equal. Instances are immutable and thread-safe.
 *
 * @param value the UUID, never null
 */
public record ZoneId(UUID value) implements Comparable<ZoneId> {

    /**
     * Creates an identifier.
     *
     * @param value the UUID, never null
     * @throws NullPointerException if {@code value} is null
     */
    public ZoneId {
        Objects.requireNonNull(value, "value");
    }

    /**
     * Wraps a UUID.
     *
     * @param value the UUID
     * @return the identifier
     * @throws NullPointerException if {@code value} is null
     */
    public static ZoneId of(UUID value) {
        return new ZoneId(value);
    }

    /**
     * Parses the canonical UUID text form (36 characters, hyphens at the usual places, hex digits in either case).
     *
     * @param text the UUID text, for example {@code 3f0c…}
     * @return the identifier
     * @throws NullPointerException if {@code text} is null
     * @throws IllegalArgumentException if {@code text} is not a UUID
     */
    public static ZoneId parse(String text) {
        return new ZoneId(Ids.parse(text));
    }

    /**
     * Creates a random (version 4) identifier.
     *
     * @return a new identifier
     */
    public static ZoneId random() {
        return new ZoneId(UUID.randomUUID());
    }

    /** Orders by the UUID's natural order, which is also the order PostgreSQL gives {@code uuid} values. */
    @Override
    public int compareTo(ZoneId other) {
        return Ids.compare(value, other.value);
    }

    /** Returns the canonical UUID text. */
    @Override
    public String toString() {
        return value.toString();
    }
}
