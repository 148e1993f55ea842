package dev.capacity.api;

import java.util.Objects;
import java.util.UUID;

/**
 * Identifier of a dining table.
 *
 * <p>A value type over a {@link UUID}; equal when the UUIDs are equal. Instances are immutable and thread-safe.
 *
 * @param value the UUID, never null
 */
public record TableId(UUID value) implements Comparable<TableId> {

    /**
     * Creates an identifier.
     *
     * @param value the UUID, never null
     * @throws NullPointerException if {@code value} is null
     */
    public TableId {
        Objects.requireNonNull(value, "value");
    }

    /**
     * Wraps a UUID.
     *
     * @param value the UUID
     * @return the identifier
     * @throws NullPointerException if {@code value} is null
     */
    public static TableId of(UUID value) {
        return new TableId(value);
    }

    /**
     * Parses the canonical UUID text form (36 characters, hyphens at the usual places, hex digits in either case).
     *
     * @param text the UUID text, for example {@code 3f0c…}
     * @return the identifier
     * @throws NullPointerException if {@code text} is null
     * @throws IllegalArgumentException if {@code text} is not a UUID
     */
    public static TableId parse(String text) {
        return new TableId(Ids.parse(text));
    }

    /**
     * Creates a random (version 4) identifier.
     *
     * @return a new identifier
     */
    public static TableId random() {
        return new TableId(UUID.randomUUID());
    }

    /** Orders by the UUID's natural order, which is also the order PostgreSQL gives {@code uuid} values. */
    @Override
    public int compareTo(TableId other) {
        return Ids.compare(value, other.value);
    }

    /** Returns the canonical UUID text. */
    @Override
    public String toString() {
        return value.toString();
    }
}
