package dev.capacity.api.error;

import dev.capacity.api.Blocker;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The requested tables are occupied in an overlapping window (HTTP 409). {@link #blockers()} names what is in
 * the way: holds (with their expiry), bookings and maintenance blocks.
 *
 * <p>Problem extensions: {@code blockers} (a list of {@code {kind, allocationId, tableId, start, end, bookingId?,
 * holdId?, holdExpiresAt?}}).
 */
public abstract sealed class AllocationConflict extends ConflictError
        permits HoldConflict, BookingConflict, TableOutOfService, RestoreConflict {

    private static final long serialVersionUID = 1L;

    /** The live allocations in the way, in the order the store found them. */
    private final List<Blocker> blockers;
    /** The validation findings that came with the conflict, if any. */
    private final List<Violation> violations;

    AllocationConflict(ErrorCode code, String detail, List<Blocker> blockers, List<Violation> violations,
            @Nullable Throwable cause) {
        super(code, detail, cause);
        this.blockers = List.copyOf(Objects.requireNonNull(blockers, "blockers"));
        this.violations = List.copyOf(Objects.requireNonNull(violations, "violations"));
    }

    /**
     * Returns what stands in the way. It may be empty when the database rejected a write that raced with another
     * and the winner could no longer be read (it was already gone again).
     *
     * @return an unmodifiable list
     */
    public List<Blocker> blockers() {
        return blockers;
    }

    @Override
    public List<Violation> violations() {
        return violations;
    }

    @Override
    public Map<String, Object> details() {
        return Map.of("blockers", blockers.stream().map(AllocationConflict::blockerMap).toList());
    }

    static Map<String, Object> blockerMap(Blocker b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", b.kind().name());
        m.put("allocationId", b.allocationId().toString());
        m.put("tableId", b.tableId().toString());
        m.put("start", b.window().start().toString());
        m.put("end", b.window().end().toString());
        if (b.bookingId() != null) {
            m.put("bookingId", b.bookingId().toString());
        }
        if (b.holdId() != null) {
            m.put("holdId", b.holdId().toString());
        }
        if (b.holdExpiresAt() != null) {
            m.put("holdExpiresAt", b.holdExpiresAt().toString());
        }
        return m;
    }
}
