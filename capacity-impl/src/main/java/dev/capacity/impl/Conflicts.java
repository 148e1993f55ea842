package dev.capacity.impl;

import dev.capacity.api.AllocationKind;
import dev.capacity.api.Blocker;
import dev.capacity.api.TableId;
import dev.capacity.api.error.AssignmentRejected;
import dev.capacity.api.error.BookingConflict;
import dev.capacity.api.error.CapacityError;
import dev.capacity.api.error.ErrorCode;
import dev.capacity.api.error.HoldConflict;
import dev.capacity.api.error.TableOutOfService;
import dev.capacity.api.error.Violation;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** Builds the errors of the ledger: unknown tables in a selection, and conflicts named by their blockers. */
final class Conflicts {

    private Conflicts() {
    }

    /** Unknown tables (or another restaurant's) in a selection are 422 violations, all reported at once. */
    static void rejectUnknown(List<TableId> selection, Set<TableId> existing) {
        List<Violation> missing = selection.stream()
                .filter(t -> !existing.contains(t))
                .map(t -> Violation.error(ErrorCode.TABLE_NOT_FOUND,
                        "Table " + t + " does not exist in this restaurant; refresh the floor plan.",
                        Map.of("tableId", t.toString())))
                .toList();
        if (!missing.isEmpty()) {
            throw new AssignmentRejected(missing);
        }
    }

    /** Placing a hold reports every clash as a hold conflict, whatever is in the way. */
    static CapacityError forHold(List<Blocker> blockers, @Nullable Throwable cause) {
        return new HoldConflict(describe("The tables are not free", blockers), blockers, List.of(), cause);
    }

    /** Other writes name the most serious kind in the way: a booking, else a hold, else maintenance. */
    static CapacityError byBlockers(List<Blocker> blockers, @Nullable Throwable cause) {
        Set<AllocationKind> kinds = blockers.stream().map(Blocker::kind).collect(Collectors.toSet());
        if (kinds.contains(AllocationKind.BOOKING) || kinds.isEmpty()) {
            return new BookingConflict(describe("The tables are booked", blockers), blockers, List.of(), cause);
        }
        if (kinds.contains(AllocationKind.HOLD)) {
            return new HoldConflict(describe("The tables are held", blockers), blockers, List.of(), cause);
        }
        return new TableOutOfService(describe("The table is out of service", blockers), blockers, List.of(), cause);
    }

    private static String describe(String what, List<Blocker> blockers) {
        if (blockers.isEmpty()) {
            return what + " (taken by a concurrent write); refresh and choose again.";
        }
        String list = blockers.stream().map(Conflicts::describe).collect(Collectors.joining("; "));
        return what + ": " + list + ". Choose other tables or another time.";
    }

    private static String describe(Blocker b) {
        String owner = switch (b.kind()) {
            case HOLD -> "hold " + b.holdId() + " until " + b.holdExpiresAt();
            case BOOKING -> "booking " + b.bookingId();
            case MAINTENANCE -> "maintenance";
        };
        return "table " + b.tableId() + " " + b.window() + " by " + owner;
    }
}
