package dev.capacity.api;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A live allocation that stands in the way of a request, as named by conflict errors.
 *
 * @param kind what occupies the table
 * @param allocationId the blocking ledger row
 * @param tableId the contested table
 * @param window the window the blocker occupies
 * @param bookingId the blocking booking, when the allocation has one
 * @param holdId the blocking hold, for {@link AllocationKind#HOLD}
 * @param holdExpiresAt when the blocking hold expires, for {@link AllocationKind#HOLD}
 */
public record Blocker(
        AllocationKind kind,
        AllocationId allocationId,
        TableId tableId,
        TimeWindow window,
        @Nullable BookingId bookingId,
        @Nullable HoldId holdId,
        @Nullable Instant holdExpiresAt) {

    /**
     * Creates a blocker.
     *
     * @param kind what occupies the table
     * @param allocationId the blocking ledger row
     * @param tableId the contested table
     * @param window the window the blocker occupies
     * @param bookingId the blocking booking, when the allocation has one
     * @param holdId the blocking hold, for {@link AllocationKind#HOLD}
     * @param holdExpiresAt when the blocking hold expires, for {@link AllocationKind#HOLD}
     * @throws NullPointerException if a non-nullable component is null
     */
    public Blocker {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(allocationId, "allocationId");
        Objects.requireNonNull(tableId, "tableId");
        Objects.requireNonNull(window, "window");
    }
}
