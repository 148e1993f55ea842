package dev.capacity.testkit.fake;

import dev.capacity.api.BookingId;
import dev.capacity.api.Hold;
import dev.capacity.api.HoldId;
import dev.capacity.api.HoldStatus;
import dev.capacity.api.RestaurantId;
import dev.capacity.api.TableId;
import dev.capacity.api.TimeWindow;
import dev.capacity.api.ValidationOptions;
import dev.capacity.api.event.HoldExpiredEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One row of the in-memory {@code holds} table. Immutable: a change replaces the row, so a working copy of the
 * state can share rows with the committed state without either seeing the other's changes.
 *
 * <p>The status is not stored but computed from {@code now}, exactly like the PostgreSQL implementation, which
 * derives it from {@code confirmed_at} and {@code expires_at}.
 *
 * <p>Like the {@code holds} row, it remembers what the hold was validated with (floor-plan version, party size,
 * adjacency mode and slack override), so that confirming it re-validates the same way when the floor plan moved.
 */
record HoldRow(
        HoldId id,
        RestaurantId restaurantId,
        @Nullable BookingId bookingId,
        List<TableId> tableIds,
        TimeWindow window,
        Instant expiresAt,
        Instant createdAt,
        @Nullable String createdBy,
        long floorPlanVersion,
        @Nullable Integer partySize,
        ValidationOptions options,
        Map<String, String> metadata,
        @Nullable Instant confirmedAt,
        @Nullable BookingId confirmedBookingId) {

    HoldRow {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(restaurantId, "restaurantId");
        tableIds = List.copyOf(tableIds);
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(options, "options");
        metadata = Map.copyOf(metadata);
        // Mirrors the holds_confirmation_complete check constraint.
        if ((confirmedAt == null) != (confirmedBookingId == null)) {
            throw new IllegalArgumentException("confirmedAt and confirmedBookingId must be set together");
        }
    }

    boolean isConfirmed() {
        return confirmedAt != null;
    }

    /** Active iff not confirmed and {@code expiresAt > now}; {@code expiresAt == now} is already expired. */
    boolean isActiveAt(Instant now) {
        return !isConfirmed() && expiresAt.isAfter(now);
    }

    /** Unconfirmed and {@code expiresAt <= now}: free for anyone, waiting to be removed. */
    boolean isExpiredAt(Instant now) {
        return !isConfirmed() && !expiresAt.isAfter(now);
    }

    HoldRow withExpiresAt(Instant newExpiry) {
        return new HoldRow(id, restaurantId, bookingId, tableIds, window, newExpiry, createdAt, createdBy,
                floorPlanVersion, partySize, options, metadata, confirmedAt, confirmedBookingId);
    }

    HoldRow confirmed(Instant at, BookingId booking) {
        return new HoldRow(id, restaurantId, bookingId, tableIds, window, expiresAt, createdAt, createdBy,
                floorPlanVersion, partySize, options, metadata, at, booking);
    }

    Hold toHold(Instant now) {
        HoldStatus status = isConfirmed() ? HoldStatus.CONFIRMED
                : isActiveAt(now) ? HoldStatus.ACTIVE : HoldStatus.EXPIRED;
        return new Hold(id, restaurantId, bookingId, tableIds, window, expiresAt, createdAt, createdBy,
                floorPlanVersion, metadata, status, confirmedBookingId);
    }

    HoldExpiredEvent expiredEvent() {
        return new HoldExpiredEvent(id, restaurantId, bookingId, tableIds, window, expiresAt);
    }
}
