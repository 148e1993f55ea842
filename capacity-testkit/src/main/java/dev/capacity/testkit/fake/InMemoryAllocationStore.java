package dev.capacity.testkit.fake;

import dev.capacity.api.Allocation;
import dev.capacity.api.AllocationId;
import dev.capacity.api.AllocationKind;
import dev.capacity.api.AllocationStore;
import dev.capacity.api.AssignRequest;
import dev.capacity.api.AssignmentRules;
import dev.capacity.api.Blocker;
import dev.capacity.api.BookingId;
import dev.capacity.api.Confirmation;
import dev.capacity.api.FloorPlan;
import dev.capacity.api.Hold;
import dev.capacity.api.HoldId;
import dev.capacity.api.MaintenanceRequest;
import dev.capacity.api.PlaceHoldRequest;
import dev.capacity.api.RestaurantId;
import dev.capacity.api.SlackOverride;
import dev.capacity.api.SlackPolicy;
import dev.capacity.api.TableId;
import dev.capacity.api.TimeWindow;
import dev.capacity.api.ValidationOptions;
import dev.capacity.api.error.CapacityError;
import dev.capacity.api.error.HoldAlreadyConfirmed;
import dev.capacity.api.error.HoldBookingMismatch;
import dev.capacity.api.error.HoldExpired;
import dev.capacity.api.error.HoldExtensionLimit;
import dev.capacity.api.error.HoldNotFound;
import dev.capacity.api.error.PolicyDrift;
import dev.capacity.api.error.TableNotFound;
import dev.capacity.api.error.Violation;
import dev.capacity.api.event.AssignmentRejectedEvent.Operation;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The in-memory ledger. Every method follows the steps of the PostgreSQL implementation in the same order, inside
 * one {@link InMemoryState#write} so that a failure changes nothing. Like it, placeHold and assign run
 * {@link AssignmentRules} inside the write (the same rules and slack policy as
 * {@link InMemoryManualAssignmentValidator}), holds remember what they were validated with, and confirmHold
 * re-validates a hold whose floor plan moved. Thread-safe through the state's lock.
 */
final class InMemoryAllocationStore implements AllocationStore {

    private final InMemoryState state;
    private final SlackPolicy slack;

    InMemoryAllocationStore(InMemoryState state, SlackPolicy slack) {
        this.state = Objects.requireNonNull(state, "state");
        this.slack = Objects.requireNonNull(slack, "slack");
    }

    /**
     * Runs the manual-assignment rules inside the write, against the floor plan and ledger as they are now, and
     * throws the rejection (the write is discarded). Blockers are the live allocations in the way that are not the
     * booking's own. Returns the floor-plan version validated against.
     */
    private long validate(Transaction tx, RestaurantData data, List<TableId> tables, TimeWindow window,
            @Nullable BookingId booking, @Nullable Integer partySize, ValidationOptions options, boolean placingHold) {
        FloorPlan plan = data.floorPlan();
        List<Blocker> blockers = data.blockers(tables, window, tx.now, booking);
        List<Violation> checks = AssignmentRules.check(plan, tables, partySize, options,
                slack.budgetFor(data.restaurantId), slack.warnAbove(), blockers);
        Optional<CapacityError> rejection = AssignmentRules.rejection(checks, blockers, placingHold);
        if (rejection.isPresent()) {
            throw rejection.get();
        }
        return plan.version();
    }

    @Override
    public Hold placeHold(PlaceHoldRequest request) {
        Objects.requireNonNull(request, "request");
        Checks.placeHold(request, state.maxHoldLifetime());
        RestaurantId restaurantId = request.restaurantId();
        List<TableId> tables = request.tableIds();
        TimeWindow window = request.window();
        BookingId bookingId = request.bookingId();
        ValidationOptions options = request.options();
        return state.write(restaurantId, Operation.PLACE_HOLD, tx -> {
            RestaurantData data = tx.restaurant(restaurantId);
            if (bookingId != null) {
                tx.releaseUnconfirmedHoldsOf(data, bookingId, null);
            }
            tx.clearExpiredHolds(data, tables, window);
            long version = validate(tx, data, tables, window, bookingId, request.partySize(), options, true);
            // The booking's own booking allocations never conflict with it: those tables need no hold.
            Set<TableId> alreadyBooked = bookingId == null ? Set.of()
                    : data.overlapping(tables, window)
                            .filter(a -> RestaurantData.isBookingAllocationOf(a, bookingId))
                            .map(Allocation::tableId)
                            .collect(Collectors.toSet());
            HoldRow hold = new HoldRow(HoldId.random(), restaurantId, bookingId, tables, window,
                    micros(tx.now.plus(request.ttl())), tx.now, request.createdBy(), version, request.partySize(),
                    options, request.metadata(), null, null);
            data.holds.put(hold.id(), hold);
            for (TableId table : tables) {
                if (!alreadyBooked.contains(table)) {
                    data.put(new Allocation(AllocationId.random(), restaurantId, table, AllocationKind.HOLD, window,
                            bookingId, hold.id(), tx.now, request.createdBy(), null, null));
                }
            }
            return hold.toHold(tx.now);
        });
    }

    @Override
    public Confirmation confirmHold(RestaurantId restaurantId, HoldId holdId, BookingId bookingId) {
        Objects.requireNonNull(restaurantId, "restaurantId");
        Objects.requireNonNull(holdId, "holdId");
        Objects.requireNonNull(bookingId, "bookingId");
        return state.write(restaurantId, Operation.CONFIRM_HOLD, tx -> {
            RestaurantData data = tx.restaurant(restaurantId);
            HoldRow hold = data.holds.get(holdId);
            if (hold == null) {
                throw new HoldNotFound(holdId);
            }
            BookingId confirmedFor = hold.confirmedBookingId();
            if (confirmedFor != null) {
                if (!confirmedFor.equals(bookingId)) {
                    throw new HoldBookingMismatch(holdId, confirmedFor, bookingId);
                }
                // Idempotent: same answer as the first time, nothing changes.
                return new Confirmation(holdId, bookingId, Objects.requireNonNull(hold.confirmedAt()),
                        data.bookingAllocationsOf(bookingId));
            }
            if (hold.bookingId() != null && !hold.bookingId().equals(bookingId)) {
                throw new HoldBookingMismatch(holdId, hold.bookingId(), bookingId);
            }
            if (hold.isExpiredAt(tx.now)) {
                throw new HoldExpired(holdId, hold.expiresAt());
            }
            requireNoDrift(data, hold);
            tx.releaseUnconfirmedHoldsOf(data, bookingId, holdId);
            tx.clearExpiredHolds(data, hold.tableIds(), hold.window());
            data.keepOnlyExactBookingAllocations(bookingId, hold.tableIds(), hold.window());
            SlackOverride override = hold.options().slackOverride();
            // In place: same allocation ids, so there is no moment in which the tables are free.
            for (Allocation a : data.allocationsOfHold(holdId)) {
                data.put(new Allocation(a.id(), a.restaurantId(), a.tableId(), AllocationKind.BOOKING, a.window(),
                        bookingId, null, a.createdAt(), a.createdBy(), a.note(), override));
            }
            insertMissingBookingAllocations(tx, data, bookingId, hold.tableIds(), hold.window(),
                    hold.createdBy(), override);
            data.holds.put(holdId, hold.confirmed(tx.now, bookingId));
            return new Confirmation(holdId, bookingId, tx.now, data.bookingAllocationsOf(bookingId));
        });
    }

    /**
     * A hold validated against an older floor plan is checked again against the current one, with the party size
     * and options it was placed with; whatever now fails is reported as drift. Conflicts are not re-checked here:
     * the hold's allocations turn into the booking's in place.
     */
    private void requireNoDrift(RestaurantData data, HoldRow hold) {
        long current = data.version();
        if (current == hold.floorPlanVersion()) {
            return;
        }
        List<Violation> failing = AssignmentRules.check(data.floorPlan(), hold.tableIds(), hold.partySize(),
                hold.options(), slack.budgetFor(data.restaurantId), slack.warnAbove(), List.of()).stream()
                .filter(Violation::isError)
                .toList();
        if (!failing.isEmpty()) {
            throw new PolicyDrift(hold.id(), hold.floorPlanVersion(), current, failing);
        }
    }

    @Override
    public void releaseHold(RestaurantId restaurantId, HoldId holdId) {
        Objects.requireNonNull(restaurantId, "restaurantId");
        Objects.requireNonNull(holdId, "holdId");
        state.write(tx -> {
            RestaurantData data = tx.restaurant(restaurantId);
            HoldRow hold = unconfirmedHold(data, holdId);
            tx.removeHold(data, hold); // publishes HoldExpiredEvent iff it had expired
            return null;
        });
    }

    @Override
    public Hold extendHold(RestaurantId restaurantId, HoldId holdId, Duration extension) {
        Objects.requireNonNull(restaurantId, "restaurantId");
        Objects.requireNonNull(holdId, "holdId");
        Objects.requireNonNull(extension, "extension");
        Checks.throwIfPresent(Checks.extension(extension));
        return state.write(restaurantId, Operation.EXTEND_HOLD, tx -> {
            RestaurantData data = tx.restaurant(restaurantId);
            HoldRow hold = unconfirmedHold(data, holdId);
            if (hold.isExpiredAt(tx.now)) {
                throw new HoldExpired(holdId, hold.expiresAt());
            }
            Instant newExpiry = micros(plusSaturated(hold.expiresAt(), extension));
            Instant cap = hold.createdAt().plus(state.maxHoldLifetime());
            // A total lifetime equal to the cap is allowed; only beyond it is rejected, never clamped.
            if (newExpiry.isAfter(cap)) {
                throw new HoldExtensionLimit(holdId, newExpiry, micros(cap));
            }
            HoldRow extended = hold.withExpiresAt(newExpiry);
            data.holds.put(holdId, extended);
            return extended.toHold(tx.now);
        });
    }

    @Override
    public List<Allocation> assign(AssignRequest request) {
        Objects.requireNonNull(request, "request");
        Checks.assign(request);
        BookingId bookingId = request.bookingId();
        List<TableId> tables = request.tableIds();
        TimeWindow window = request.window();
        return state.write(request.restaurantId(), Operation.ASSIGN, tx -> {
            RestaurantData data = tx.restaurant(request.restaurantId());
            tx.releaseUnconfirmedHoldsOf(data, bookingId, null);
            tx.clearExpiredHolds(data, tables, window);
            validate(tx, data, tables, window, bookingId, request.partySize(), request.options(), false);
            data.keepOnlyExactBookingAllocations(bookingId, tables, window);
            insertMissingBookingAllocations(tx, data, bookingId, tables, window, request.createdBy(),
                    request.slackOverride());
            return data.bookingAllocationsOf(bookingId);
        });
    }

    @Override
    public int unassign(RestaurantId restaurantId, BookingId bookingId) {
        Objects.requireNonNull(restaurantId, "restaurantId");
        Objects.requireNonNull(bookingId, "bookingId");
        return state.write(tx -> tx.restaurant(restaurantId).deleteBookingAllocations(bookingId));
    }

    @Override
    public Allocation blockTable(MaintenanceRequest request) {
        Objects.requireNonNull(request, "request");
        Checks.throwIfPresent(Checks.maintenance(request));
        TableId table = request.tableId();
        return state.write(request.restaurantId(), Operation.BLOCK_TABLE, tx -> {
            RestaurantData data = tx.restaurant(request.restaurantId());
            if (!data.tables.containsKey(table)) {
                throw new TableNotFound(table);
            }
            tx.clearExpiredHolds(data, List.of(table), request.window());
            List<Blocker> inTheWay = data.blockers(List.of(table), request.window(), tx.now, null);
            if (!inTheWay.isEmpty()) {
                throw AssignmentRules.conflict(inTheWay, List.of(), false, null);
            }
            Allocation block = new Allocation(AllocationId.random(), request.restaurantId(), table,
                    AllocationKind.MAINTENANCE, request.window(), null, null, tx.now, request.createdBy(),
                    request.reason(), null);
            data.put(block);
            return block;
        });
    }

    @Override
    public boolean unblockTable(RestaurantId restaurantId, AllocationId allocationId) {
        Objects.requireNonNull(restaurantId, "restaurantId");
        Objects.requireNonNull(allocationId, "allocationId");
        return state.write(tx -> {
            RestaurantData data = tx.restaurant(restaurantId);
            Allocation a = data.allocations.get(allocationId);
            if (a == null || a.kind() != AllocationKind.MAINTENANCE) {
                return false;
            }
            data.allocations.remove(allocationId);
            return true;
        });
    }

    @Override
    public List<Allocation> allocationsOfBooking(RestaurantId restaurantId, BookingId bookingId) {
        Objects.requireNonNull(restaurantId, "restaurantId");
        Objects.requireNonNull(bookingId, "bookingId");
        return state.read(restaurantId, (data, now) -> data.allocations.values().stream()
                .filter(a -> RestaurantData.isBookingAllocationOf(a, bookingId)
                        || (a.kind() == AllocationKind.HOLD && bookingId.equals(a.bookingId()) && data.isLive(a, now)))
                .sorted(Ordering.BY_WINDOW_THEN_TABLE)
                .toList());
    }

    @Override
    public List<Allocation> allocationsOfTables(RestaurantId restaurantId, Collection<TableId> tableIds,
            TimeWindow range) {
        Objects.requireNonNull(restaurantId, "restaurantId");
        Objects.requireNonNull(tableIds, "tableIds");
        Objects.requireNonNull(range, "range");
        List<TableId> tables = tableIds.stream().map(t -> Objects.requireNonNull(t, "tableIds element")).toList();
        if (tables.isEmpty()) {
            return List.of();
        }
        return state.read(restaurantId, (data, now) -> data.liveOverlapping(tables, range, now).stream()
                .sorted(Ordering.BY_WINDOW_THEN_TABLE)
                .toList());
    }

    @Override
    public List<Hold> activeHolds(RestaurantId restaurantId) {
        Objects.requireNonNull(restaurantId, "restaurantId");
        return state.read(restaurantId, (data, now) -> data.holds.values().stream()
                .filter(h -> h.isActiveAt(now))
                .sorted(Ordering.BY_EXPIRY)
                .map(h -> h.toHold(now))
                .toList());
    }

    @Override
    public Optional<Hold> findHold(RestaurantId restaurantId, HoldId holdId) {
        Objects.requireNonNull(restaurantId, "restaurantId");
        Objects.requireNonNull(holdId, "holdId");
        return state.read(restaurantId, (data, now) -> Optional.ofNullable(data.holds.get(holdId))
                .map(h -> h.toHold(now)));
    }

    /** The hold for release and extend: unknown is 404, confirmed is 409 (unassign the booking instead). */
    private static HoldRow unconfirmedHold(RestaurantData data, HoldId holdId) {
        HoldRow hold = data.holds.get(holdId);
        if (hold == null) {
            throw new HoldNotFound(holdId);
        }
        BookingId confirmedFor = hold.confirmedBookingId();
        if (confirmedFor != null) {
            throw new HoldAlreadyConfirmed(holdId, confirmedFor);
        }
        return hold;
    }

    /**
     * Inserts a booking allocation on each selected table the booking does not occupy yet for the window (after
     * {@link RestaurantData#keepOnlyExactBookingAllocations} every remaining one is an exact match). Anything live
     * of another owner in the way fails the whole write with the conflict error PostgreSQL's exclusion constraint
     * leads to: after validation only confirm can get here, for a table its hold did not cover.
     */
    private static void insertMissingBookingAllocations(Transaction tx, RestaurantData data, BookingId bookingId,
            List<TableId> tableIds, TimeWindow window, @Nullable String createdBy,
            @Nullable SlackOverride slackOverride) {
        Set<TableId> covered = data.bookingAllocationsOf(bookingId).stream()
                .map(Allocation::tableId)
                .collect(Collectors.toSet());
        List<TableId> missing = tableIds.stream().filter(t -> !covered.contains(t)).toList();
        List<Blocker> inTheWay = data.blockers(missing, window, tx.now, bookingId);
        if (!inTheWay.isEmpty()) {
            throw AssignmentRules.conflict(inTheWay, List.of(), false, null);
        }
        for (TableId table : missing) {
            data.put(new Allocation(AllocationId.random(), data.restaurantId, table, AllocationKind.BOOKING, window,
                    bookingId, null, tx.now, createdBy, null, slackOverride));
        }
    }

    private static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    /** {@code instant + duration}, or {@link Instant#MAX} past it: such an extension is over the cap, not a crash. */
    private static Instant plusSaturated(Instant instant, Duration duration) {
        try {
            return instant.plus(duration);
        } catch (java.time.DateTimeException | ArithmeticException e) {
            return Instant.MAX;
        }
    }
}
