package dev.capacity.testkit.fake;

import dev.capacity.api.Allocation;
import dev.capacity.api.AllocationKind;
import dev.capacity.api.Blocker;
import dev.capacity.api.TableId;
import dev.capacity.api.error.AllocationConflict;
import dev.capacity.api.error.AssignmentRejected;
import dev.capacity.api.error.BookingConflict;
import dev.capacity.api.error.ErrorCode;
import dev.capacity.api.error.HoldConflict;
import dev.capacity.api.error.TableOutOfService;
import dev.capacity.api.error.Violation;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Builds the errors that come from the current state of the ledger rather than from the request's shape: unknown
 * tables in a selection (422) and allocations in the way (409, with their blockers).
 */
final class Conflicts {

    private Conflicts() {
    }

    /**
     * One {@code TABLE_NOT_FOUND} violation per table the restaurant does not have, in request order, or null if
     * every table exists. Inactive tables are not this check's business.
     */
    static @Nullable AssignmentRejected unknownTables(RestaurantData data, List<TableId> tableIds) {
        List<TableId> unknown = data.unknownTables(tableIds);
        if (unknown.isEmpty()) {
            return null;
        }
        return new AssignmentRejected(unknown.stream()
                .map(t -> Violation.error(ErrorCode.TABLE_NOT_FOUND,
                        "Table " + t + " does not exist in this restaurant; refresh the floor plan.",
                        Map.of("tableId", t.toString())))
                .toList());
    }

    /** placeHold reports every blocker as a hold conflict, whatever its kind. */
    static HoldConflict holdConflict(RestaurantData data, Collection<Allocation> inTheWay) {
        List<Blocker> blockers = blockers(data, inTheWay);
        return new HoldConflict(describe("occupied", blockers), blockers);
    }

    /** confirmHold reports every blocker as a booking conflict, whatever its kind. */
    static BookingConflict bookingConflict(RestaurantData data, Collection<Allocation> inTheWay) {
        List<Blocker> blockers = blockers(data, inTheWay);
        return new BookingConflict(describe("occupied", blockers), blockers);
    }

    /**
     * assign and blockTable name the strongest kind in the way: a booking, else a hold, else maintenance. All
     * blockers are listed whichever error is chosen.
     */
    static AllocationConflict byKind(RestaurantData data, Collection<Allocation> inTheWay) {
        List<Blocker> blockers = blockers(data, inTheWay);
        if (has(blockers, AllocationKind.BOOKING)) {
            return new BookingConflict(describe("booked", blockers), blockers);
        }
        if (has(blockers, AllocationKind.HOLD)) {
            return new HoldConflict(describe("held", blockers), blockers);
        }
        return new TableOutOfService(describe("out of service", blockers), blockers);
    }

    private static boolean has(List<Blocker> blockers, AllocationKind kind) {
        return blockers.stream().anyMatch(b -> b.kind() == kind);
    }

    /** Blockers ordered by table, then window start; hold id and expiry only for hold allocations. */
    static List<Blocker> blockers(RestaurantData data, Collection<Allocation> inTheWay) {
        return inTheWay.stream()
                .map(a -> toBlocker(data, a))
                .sorted(Ordering.BLOCKERS)
                .toList();
    }

    private static Blocker toBlocker(RestaurantData data, Allocation a) {
        if (a.kind() != AllocationKind.HOLD) {
            return new Blocker(a.kind(), a.id(), a.tableId(), a.window(), a.bookingId(), null, null);
        }
        HoldRow hold = a.holdId() == null ? null : data.holds.get(a.holdId());
        Instant expiresAt = hold == null ? null : hold.expiresAt();
        return new Blocker(a.kind(), a.id(), a.tableId(), a.window(), a.bookingId(), a.holdId(), expiresAt);
    }

    private static String describe(String state, List<Blocker> blockers) {
        List<String> tables = blockers.stream().map(b -> b.tableId().toString()).distinct().toList();
        return (tables.size() == 1 ? "Table " : "Tables ") + String.join(", ", tables)
                + (tables.size() == 1 ? " is " : " are ") + state
                + " in an overlapping window; pick other tables or another time.";
    }
}
