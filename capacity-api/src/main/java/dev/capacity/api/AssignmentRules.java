package dev.capacity.api;

import dev.capacity.api.error.AssignmentRejected;
import dev.capacity.api.error.BookingConflict;
import dev.capacity.api.error.CapacityError;
import dev.capacity.api.error.ErrorCode;
import dev.capacity.api.error.HoldConflict;
import dev.capacity.api.error.InvalidRequest;
import dev.capacity.api.error.TableOutOfService;
import dev.capacity.api.error.Violation;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The rules of manual table assignment as one pure function, shared by every implementation (PostgreSQL and
 * in-memory) and by every write path, so that they cannot disagree. Hosts may call it too, for example to
 * pre-check a selection in a UI from a cached {@link FloorPlan}.
 *
 * <p>Checks run in this order and every finding is reported:
 * <ol>
 *   <li>{@code TABLE_NOT_FOUND} (error) per selected table not in the plan;</li>
 *   <li>{@code TABLE_INACTIVE} (error) per inactive table;</li>
 *   <li>when the party size is known and every table was found: {@code CAPACITY_INSUFFICIENT} (error) when seats
 *       &lt; party; otherwise {@code SLACK_BUDGET_EXCEEDED} when slack = seats − party &gt; budget (error, or a
 *       warning under a {@link SlackOverride}), or {@code SLACK_HIGH} (warning) when warning threshold &lt; slack
 *       ≤ budget;</li>
 *   <li>{@code ZONE_MISMATCH} (error) when the found tables span several zones;</li>
 *   <li>for a selection of two or more tables: {@code TABLE_NOT_MOVABLE} (error) per table that is not movable,
 *       and {@code ADJACENCY_MISMATCH} (error) when the found tables are not connected as the
 *       {@link AdjacencyMode} requires (naming the disconnected parts or pairs);</li>
 *   <li>for a single table and a known party size: {@code PARTY_SIZE_OUT_OF_RANGE} (error) when the party is below
 *       its minimum or above its maximum;</li>
 *   <li>{@code BOOKING_CONFLICT}, {@code TABLE_OUT_OF_SERVICE}, {@code HOLD_CONFLICT} (errors), one per blocker
 *       of that kind (the caller passes only live blockers that are not the booking's own).</li>
 * </ol>
 */
public final class AssignmentRules {

    /**
     * Most tables one selection may name. A write locks every selected table for its transaction, so an unbounded
     * selection (thousands of ids, mostly unknown) would spend the database's shared lock table on one request.
     */
    public static final int MAX_TABLES = 100;

    private AssignmentRules() {
    }

    /**
     * Rejects a malformed selection before any check: no tables, more than {@link #MAX_TABLES}, a repeated table, a
     * party size below 1.
     *
     * @param tableIds the selection
     * @param partySize the party size, or null when unknown
     * @throws InvalidRequest {@code TABLES_REQUIRED}, {@code INVALID_REQUEST} (too many tables),
     *     {@code DUPLICATE_TABLE_IDS} or {@code INVALID_PARTY_SIZE}
     */
    public static void requireWellFormed(List<TableId> tableIds, @Nullable Integer partySize) {
        Objects.requireNonNull(tableIds, "tableIds");
        if (tableIds.isEmpty()) {
            throw new InvalidRequest(ErrorCode.TABLES_REQUIRED, "tableIds", "Select at least one table.");
        }
        if (tableIds.size() > MAX_TABLES) {
            throw new InvalidRequest(ErrorCode.INVALID_REQUEST, "tableIds",
                    "Select at most " + MAX_TABLES + " tables; got " + tableIds.size() + ".");
        }
        Set<TableId> seen = new HashSet<>();
        for (TableId t : tableIds) {
            if (!seen.add(t)) {
                throw new InvalidRequest(ErrorCode.DUPLICATE_TABLE_IDS, "tableIds",
                        "Table " + t + " is selected more than once; select each table once.");
            }
        }
        if (partySize != null && partySize < 1) {
            throw new InvalidRequest(ErrorCode.INVALID_PARTY_SIZE, "partySize",
                    "Party size must be at least 1; got " + partySize + ".");
        }
    }

    /**
     * Runs every check.
     *
     * @param plan the restaurant's floor plan; it must contain at least the selected tables that exist and the
     *     edges between them
     * @param tableIds the selection, well-formed
     * @param partySize the party size, or null to skip the seat-based checks
     * @param options adjacency mode and slack override
     * @param budget the slack budget
     * @param warnAbove the slack warning threshold
     * @param blockers live allocations in the way that are not the booking's own
     * @return every finding in check order
     */
    public static List<Violation> check(FloorPlan plan, List<TableId> tableIds, @Nullable Integer partySize,
            ValidationOptions options, int budget, int warnAbove, List<Blocker> blockers) {
        Map<TableId, DiningTable> byId = plan.tablesById();
        List<Violation> out = new ArrayList<>();
        List<DiningTable> found = new ArrayList<>();
        for (TableId id : tableIds) {
            DiningTable t = byId.get(id);
            if (t == null) {
                out.add(Violation.error(ErrorCode.TABLE_NOT_FOUND,
                        "Table " + id + " does not exist in this restaurant; refresh the floor plan.",
                        Map.of("tableId", id.toString())));
            } else {
                found.add(t);
            }
        }
        for (DiningTable t : found) {
            if (!t.active()) {
                out.add(Violation.error(ErrorCode.TABLE_INACTIVE, "Table " + t.label()
                        + " is inactive; choose another table or reactivate it.", table(t)));
            }
        }
        if (partySize != null && found.size() == tableIds.size()) {
            seats(found, partySize, options.slackOverride(), budget, warnAbove, out);
        }
        Set<ZoneId> zones = found.stream().map(DiningTable::zoneId).collect(Collectors.toCollection(LinkedHashSet::new));
        if (zones.size() > 1) {
            out.add(Violation.error(ErrorCode.ZONE_MISMATCH, "The selected tables are in " + zones.size()
                    + " different zones; merge tables of one zone only.",
                    Map.of("zoneIds", zones.stream().map(ZoneId::toString).toList(),
                            "tablesByZone", tablesByZone(found))));
        }
        if (tableIds.size() > 1) {
            for (DiningTable t : found) {
                if (!t.movable()) {
                    out.add(Violation.error(ErrorCode.TABLE_NOT_MOVABLE, "Table " + t.label()
                            + " cannot be moved, so it cannot be merged with others; use it alone or choose movable"
                            + " tables.", table(t)));
                }
            }
            adjacency(plan, found, options.adjacency(), out);
        }
        if (partySize != null && tableIds.size() == 1 && found.size() == 1) {
            partyRange(found.get(0), partySize, out);
        }
        conflicts(byId, blockers, out);
        return List.copyOf(out);
    }

    private static void seats(List<DiningTable> found, int party, @Nullable SlackOverride override, int budget,
            int warnAbove, List<Violation> out) {
        int seats = found.stream().mapToInt(DiningTable::capacity).sum();
        if (seats < party) {
            out.add(Violation.error(ErrorCode.CAPACITY_INSUFFICIENT, "The selected tables seat " + seats
                    + " but the party is " + party + "; add a table or choose larger ones.",
                    Map.of("seats", seats, "partySize", party, "missingSeats", party - seats)));
            return;
        }
        int slack = seats - party;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("seats", seats);
        details.put("partySize", party);
        details.put("slack", slack);
        details.put("budget", budget);
        if (slack > budget) {
            String message = "The selection leaves " + slack + " seats empty; at most " + budget + " are allowed.";
            if (override == null) {
                out.add(Violation.error(ErrorCode.SLACK_BUDGET_EXCEEDED,
                        message + " Choose smaller tables, or override with a reason.", details));
            } else {
                details.put("overrideReason", override.reason());
                details.put("overrideActor", override.actor());
                out.add(Violation.warning(ErrorCode.SLACK_BUDGET_EXCEEDED, message + " Allowed by "
                        + override.actor() + ": " + override.reason(), details));
            }
        } else if (slack > warnAbove) {
            details.put("warnAbove", warnAbove);
            out.add(Violation.warning(ErrorCode.SLACK_HIGH, "The selection leaves " + slack
                    + " seats empty (budget " + budget + "); smaller tables may fit better.", details));
        }
    }

    private static void adjacency(FloorPlan plan, List<DiningTable> found, AdjacencyMode mode, List<Violation> out) {
        if (mode == AdjacencyMode.OFF || found.size() < 2) {
            return;
        }
        if (mode == AdjacencyMode.PAIRWISE) {
            List<List<String>> pairs = new ArrayList<>();
            for (int i = 0; i < found.size(); i++) {
                for (int j = i + 1; j < found.size(); j++) {
                    if (!plan.adjacent(found.get(i).id(), found.get(j).id())) {
                        pairs.add(List.of(found.get(i).id().toString(), found.get(j).id().toString()));
                    }
                }
            }
            if (!pairs.isEmpty()) {
                out.add(Violation.error(ErrorCode.ADJACENCY_MISMATCH, pairs.size()
                        + " pair(s) of the selected tables are not next to each other; choose tables that all touch.",
                        Map.of("mode", mode.name(), "pairs", List.copyOf(pairs))));
            }
            return;
        }
        List<List<DiningTable>> parts = components(plan, found);
        if (parts.size() > 1) {
            List<List<String>> ids = parts.stream()
                    .map(p -> p.stream().map(t -> t.id().toString()).toList()).toList();
            String labels = parts.stream()
                    .map(p -> p.stream().map(DiningTable::label).collect(Collectors.joining("+")))
                    .collect(Collectors.joining(" | "));
            out.add(Violation.error(ErrorCode.ADJACENCY_MISMATCH, "The selected tables form " + parts.size()
                    + " separate groups (" + labels + "); choose tables that can be pushed together.",
                    Map.of("mode", mode.name(), "parts", ids)));
        }
    }

    /** Connected parts of the selection in the undirected graph restricted to the selection, in selection order. */
    private static List<List<DiningTable>> components(FloorPlan plan, List<DiningTable> found) {
        List<List<DiningTable>> parts = new ArrayList<>();
        Set<TableId> seen = new HashSet<>();
        for (DiningTable start : found) {
            if (!seen.add(start.id())) {
                continue;
            }
            List<DiningTable> part = new ArrayList<>();
            Deque<DiningTable> queue = new ArrayDeque<>(List.of(start));
            while (!queue.isEmpty()) {
                DiningTable t = queue.poll();
                part.add(t);
                for (DiningTable other : found) {
                    if (!seen.contains(other.id()) && plan.adjacent(t.id(), other.id())) {
                        seen.add(other.id());
                        queue.add(other);
                    }
                }
            }
            parts.add(part);
        }
        return parts;
    }

    private static void partyRange(DiningTable t, int party, List<Violation> out) {
        Integer max = t.maxPartySize();
        if (party < t.minPartySize() || (max != null && party > max)) {
            Map<String, Object> details = table(t);
            details.put("minPartySize", t.minPartySize());
            if (max != null) {
                details.put("maxPartySize", max);
            }
            details.put("partySize", party);
            String range = max == null ? "at least " + t.minPartySize() : t.minPartySize() + " to " + max;
            out.add(Violation.error(ErrorCode.PARTY_SIZE_OUT_OF_RANGE, "Table " + t.label() + " seats parties of "
                    + range + " guests; the party is " + party + ". Choose a table sized for the party.", details));
        }
    }

    private static void conflicts(Map<TableId, DiningTable> byId, List<Blocker> blockers, List<Violation> out) {
        for (AllocationKind kind : List.of(AllocationKind.BOOKING, AllocationKind.MAINTENANCE, AllocationKind.HOLD)) {
            for (Blocker b : blockers) {
                if (b.kind() == kind) {
                    out.add(conflict(b, byId.get(b.tableId())));
                }
            }
        }
    }

    private static Violation conflict(Blocker b, @Nullable DiningTable t) {
        String name = t == null ? b.tableId().toString() : t.label();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("tableId", b.tableId().toString());
        details.put("allocationId", b.allocationId().toString());
        details.put("start", b.window().start().toString());
        details.put("end", b.window().end().toString());
        if (b.bookingId() != null) {
            details.put("bookingId", b.bookingId().toString());
        }
        return switch (b.kind()) {
            case BOOKING -> Violation.error(ErrorCode.BOOKING_CONFLICT, "Table " + name + " is booked by booking "
                    + b.bookingId() + " during " + b.window() + "; choose another table or time.", details);
            case MAINTENANCE -> Violation.error(ErrorCode.TABLE_OUT_OF_SERVICE, "Table " + name
                    + " is out of service during " + b.window() + "; choose another table or time.", details);
            case HOLD -> {
                details.put("holdId", String.valueOf(b.holdId()));
                details.put("holdExpiresAt", String.valueOf(b.holdExpiresAt()));
                yield Violation.error(ErrorCode.HOLD_CONFLICT, "Table " + name + " is held (hold " + b.holdId()
                        + ") until " + b.holdExpiresAt() + "; wait for it to expire or ask its holder to release it.",
                        details);
            }
        };
    }

    /**
     * The error a write path throws for a set of findings, or empty when none is an error: any broken rule gives
     * {@link AssignmentRejected} (422) carrying every finding; only conflicts give a 409 — always
     * {@link HoldConflict} when placing a hold, otherwise {@link BookingConflict} if a booking is in the way, else
     * {@link HoldConflict} if a hold is, else {@link TableOutOfService}.
     *
     * @param checks the findings
     * @param blockers the blockers behind the conflict findings
     * @param placingHold whether the write places a hold
     * @return the error to throw, or empty
     */
    public static Optional<CapacityError> rejection(List<Violation> checks, List<Blocker> blockers,
            boolean placingHold) {
        if (checks.stream().noneMatch(Violation::isError)) {
            return Optional.empty();
        }
        if (checks.stream().anyMatch(v -> v.isError() && !v.code().isConflict())) {
            return Optional.of(new AssignmentRejected(checks));
        }
        return Optional.of(conflict(blockers, checks, placingHold, null));
    }

    /**
     * The conflict error for blockers found by the database (a lost race) or by the checks.
     *
     * @param blockers what is in the way (may be empty when the winner is already gone)
     * @param checks the findings behind it, or empty
     * @param placingHold whether the write places a hold
     * @param cause the database error, if any
     * @return the error
     */
    public static CapacityError conflict(List<Blocker> blockers, List<Violation> checks, boolean placingHold,
            @Nullable Throwable cause) {
        Set<AllocationKind> kinds = blockers.stream().map(Blocker::kind).collect(Collectors.toSet());
        String what = describe(blockers);
        if (placingHold) {
            return new HoldConflict("The tables are not free: " + what, blockers, checks, cause);
        }
        if (kinds.contains(AllocationKind.BOOKING) || kinds.isEmpty()) {
            return new BookingConflict("The tables are booked: " + what, blockers, checks, cause);
        }
        if (kinds.contains(AllocationKind.HOLD)) {
            return new HoldConflict("The tables are held: " + what, blockers, checks, cause);
        }
        return new TableOutOfService("The table is out of service: " + what, blockers, checks, cause);
    }

    private static String describe(List<Blocker> blockers) {
        if (blockers.isEmpty()) {
            return "taken by a concurrent write; refresh and choose again.";
        }
        return blockers.stream().map(b -> "table " + b.tableId() + " " + b.window() + " by " + switch (b.kind()) {
            case HOLD -> "hold " + b.holdId() + " until " + b.holdExpiresAt();
            case BOOKING -> "booking " + b.bookingId();
            case MAINTENANCE -> "maintenance";
        }).collect(Collectors.joining("; ")) + ". Choose other tables or another time.";
    }

    private static Map<String, Object> table(DiningTable t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tableId", t.id().toString());
        m.put("label", t.label());
        return m;
    }

    /** Tables per zone, unmodifiable all the way down like every violation detail. */
    private static Map<String, List<String>> tablesByZone(List<DiningTable> found) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (DiningTable t : found) {
            m.computeIfAbsent(t.zoneId().toString(), k -> new ArrayList<>()).add(t.id().toString());
        }
        Map<String, List<String>> copy = new LinkedHashMap<>();
        m.forEach((zone, tables) -> copy.put(zone, List.copyOf(tables)));
        return java.util.Collections.unmodifiableMap(copy);
    }
}
