package dev.capacity.api.event;

import dev.capacity.api.RestaurantId;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A cached floor plan was dropped.
 *
 * @param restaurantId the restaurant, or null when every entry was dropped
 * @param reason why
 */
public record FloorPlanInvalidatedEvent(@Nullable RestaurantId restaurantId, Reason reason) {

    /**
     * Creates the event.
     *
     * @param restaurantId the restaurant, or null when every entry was dropped
     * @param reason why
     * @throws NullPointerException if {@code reason} is null
     */
    public FloorPlanInvalidatedEvent {
        Objects.requireNonNull(reason, "reason");
    }

    /** Why a cached plan was dropped. */
    public enum Reason {
        /** An edit through this instance committed. */
        EDIT,
        /** The database reported an edit (any instance, or plain SQL). */
        NOTIFICATION,
        /** The notification connection was (re)established; edits in between may have been missed. */
        RECONNECT,
        /** The host asked for it. */
        MANUAL
    }
}
