package dev.capacity.api;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The editable attributes of a table, for {@link FloorPlanStore#createTable} and {@link FloorPlanStore#updateTable}.
 *
 * <p>The constructor only rejects nulls; the store checks the rules (capacity at least 1, minimum party size at
 * least 1, maximum not below minimum, non-blank label of at most 100 characters) and reports them as
 * {@link dev.capacity.api.error.InvalidRequest} (400).
 *
 * @param zoneId the zone, in the same restaurant
 * @param label unique in the restaurant
 * @param capacity seats
 * @param minPartySize smallest party seated at this table alone
 * @param maxPartySize largest party seated at this table alone, or null for no limit
 * @param movable whether it can be pushed together with others
 * @param active whether it can be assigned
 */
public record TableSpec(
        ZoneId zoneId, String label, int capacity, int minPartySize, @Nullable Integer maxPartySize,
        boolean movable, boolean active) {

    /**
     * Creates a spec.
     *
     * @param zoneId the zone, in the same restaurant
     * @param label unique in the restaurant
     * @param capacity seats
     * @param minPartySize smallest party seated at this table alone
     * @param maxPartySize largest party seated at this table alone, or null for no limit
     * @param movable whether it can be pushed together with others
     * @param active whether it can be assigned
     * @throws NullPointerException if {@code zoneId} or {@code label} is null
     */
    public TableSpec {
        Objects.requireNonNull(zoneId, "zoneId");
        Objects.requireNonNull(label, "label");
    }

    /**
     * An active, movable table with no party-size limits beyond its minimum of 1.
     *
     * @param zoneId the zone
     * @param label the label
     * @param capacity seats
     * @return the spec
     */
    public static TableSpec of(ZoneId zoneId, String label, int capacity) {
        return new TableSpec(zoneId, label, capacity, 1, null, true, true);
    }

    /**
     * Returns a copy with party-size limits.
     *
     * @param min smallest party
     * @param max largest party, or null
     * @return the new spec
     */
    public TableSpec withPartySize(int min, @Nullable Integer max) {
        return new TableSpec(zoneId, label, capacity, min, max, movable, active);
    }

    /**
     * Returns a copy with the movable flag set.
     *
     * @param movable whether it can be pushed together
     * @return the new spec
     */
    public TableSpec withMovable(boolean movable) {
        return new TableSpec(zoneId, label, capacity, minPartySize, maxPartySize, movable, active);
    }

    /**
     * Returns a copy with the active flag set.
     *
     * @param active whether it can be assigned
     * @return the new spec
     */
    public TableSpec withActive(boolean active) {
        return new TableSpec(zoneId, label, capacity, minPartySize, maxPartySize, movable, active);
    }
}
