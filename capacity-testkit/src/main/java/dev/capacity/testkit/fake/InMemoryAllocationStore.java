package dev.capacity.testkit.fake;

import dev.capacity.api.Allocation;
import dev.capacity.api.AllocationId;
import dev.capacity.api.AllocationKind;
import dev.capacity.api.AllocationStore;
import dev.capacity.api.AssignRequest;
import dev.capacity.api.BookingId;
import dev.capacity.api.Confirmation;
import dev.capacity.api.Hold;
import dev.capacity.api.HoldId;
import dev.capacity.api.MaintenanceRequest;
import dev.capacity.api.PlaceHoldRequest;
import dev.capacity.api.RestaurantId;
import dev.capacity.api.SlackOverride;
import dev.capacity.api.TableId;
import dev.capacity.api.TimeWindow;
import dev.capacity.api.error.HoldAlreadyConfirmed;
import dev.capacity.api.error.HoldBookingMismatch;
import dev.capacity.api.error.HoldExpired;
import dev.capacity.api.error.HoldExtensionLimit;
import dev.capacity.api.error.HoldNotFound;
import dev.capacity.api.error.TableNotFound;
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
 * The in-memory ledger. Every method follows the numbered steps of the ledger semantics (and of the PostgreSQL
 * implementation) in the same order, inside one {@link InMemoryState#write} so that a failure changes nothing.
 * Thread-safe through the state's lock.
 */
final class InMemoryAllocationStore implements AllocationStore {

    private final InMemoryState state;

    InMemoryAllocationStore(InMemoryState state) {
        this.state = Objects.requireNonNull(state, "state");
    }

    @Override
    public Hold placeHold(PlaceHoldRequest request) {
        Objects.requireNonNull(request, "request");
        Checks.throwIfPresent(Checks.placeHold(request, state.maxHoldLifetime()));
        RestaurantId restaurantId = request.restaurantId();
        TimeWindow window = request.window();
        BookingId bookingId = request.bookingId();
        return state.write(tx -> {
            RestaurantData data = tx.restaurant(restaurantId);
            throwIfPresent(Conflicts.unknownTables(data, request.tableIds()));
            if (bookingId != null) {
                tx.releaseUnconfirmedHoldsOf(data, bookingId, null);
            }
            tx.clearExpiredHolds(data, request.tableIds(), window);
            // The booking's own booking allocations never conflict with it: those tables need no hold.
            Set<TableId> alreadyBooked = bookingId == null ? Set.of()
                    : data.overlapping(request.tableIds(), window)
                            .filter(a -> RestaurantData.isBookingAllocationOf(a, bookingId))
                            .map(Allocation::tableId)
                            .collect(Collectors.toSet());
            List<TableId> toHold = request.tableIds().stream().filter(t -> !alreadyBooked.contains(t)).toList();
            List<Allocation> inTheWay = data.liveOverlapping(toHold, window, tx.now);
            if (!inTheWay.isEmpty()) {
                throw Conflicts.holdConflict(data, inTheWay);
            }
            HoldRow hold = new HoldRow(HoldId.random(), restaurantId, bookingId, request.tableIds(), window,
                    micros(tx.now.plus(request.ttl())), tx.now, request.createdBy(), data.version(),
                    request.metadata(), null, null);
            data.holds.put(hold.id(), hold);
            for (TableId table : toHold) {
                data.put(new Allocation(AllocationId.random(), restaurantId, table, AllocationKind.HOLD, window,
                        bookingId, hold.id(), tx.now, request.createdBy(), null, null));
            }
            return hold.toHold(tx.now);
        });
    }

    @Override
    public Confirmation confirmHold(RestaurantId restaurantId, HoldId holdId, BookingId bookingId) {
        Objects.requireNonNull(restaurantId, "restaurantId");
        Objects.requireNonNull(holdId, "holdId");
        Objects.requireNonNull(bookingId, "bookingId");
        return state.write(tx -> {
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
            tx.releaseUnconfirmedHoldsOf(data, bookingId, holdId);
            tx.clearExpiredHolds(data, hold.tableIds(), hold.window());
            data.keepOnlyExactBookingAllocations(bookingId, hold.tableIds(), hold.window());
            // In place: same allocation ids, so there is no moment in which the tables are free.
            for (Allocation a : data.allocationsOfHold(holdId)) {
                data.put(new Allocation(a.id(), a.restaurantId(), a.tableId(), AllocationKind.BOOKING, a.window(),
                        bookingId, null, a.createdAt(), a.createdBy(), a.note(), a.slackOverride()));
            }
            insertMissingBookingAllocations(tx, data, bookingId, hold.tableIds(), hold.window(),
                    hold.createdBy(), null, true);
            data.holds.put(holdId, hold.confirmed(tx.now, bookingId));
            return new Confirmation(holdId, bookingId, tx.now, data.bookingAllocationsOf(bookingId));
        });
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
        return state.write(tx -> {
            RestaurantData data = tx.restaurant(restaurantId);
            HoldRow hold = unconfirmedHold(data, holdId);
            if (hold.isExpiredAt(tx.now)) {
                throw new HoldExpired(holdId, hold.expiresAt());
            }
            Instant newExpiry = micros(hold.expiresAt().plus(extension));
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
        Checks.throwIfPresent(Checks.assign(request));
        BookingId bookingId = request.bookingId();
        return state.write(tx -> {
            RestaurantData data = tx.restaurant(request.restaurantId());
            throwIfPresent(Conflicts.unknownTables(data, request.tableIds()));
            tx.releaseUnconfirmedHoldsOf(data, bookingId, null);
            tx.clearExpiredHolds(data, request.tableIds(), request.window());
            List<Allocation> inTheWay = data.liveOverlapping(request.tableIds(), request.window(), tx.now).stream()
                    .filter(a -> !RestaurantData.isBookingAllocationOf(a, bookingId))
                    .toList();
            if (!inTheWay.isEmpty()) {
                throw Conflicts.byKind(data, inTheWay);
            }
            data.keepOnlyExactBookingAllocations(bookingId, request.tableIds(), request.window());
            insertMissingBookingAllocations(tx, data, bookingId, request.tableIds(), request.window(),
                    request.createdBy(), request.slackOverride(), false);
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
        return state.write(tx -> {
            RestaurantData data = tx.restaurant(request.restaurantId());
            if (!data.tables.containsKey(table)) {
                throw new TableNotFound(table);
            }
            tx.clearExpiredHolds(data, List.of(table), request.window());
            List<Allocation> inTheWay = data.liveOverlapping(List.of(table), request.window(), tx.now);
            if (!inTheWay.isEmpty()) {
                throw Conflicts.byKind(data, inTheWay);
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
     * in the way fails the whole write: confirm reports it as a booking conflict, assign by kind.
     */
    private static void insertMissingBookingAllocations(Transaction tx, RestaurantData data, BookingId bookingId,
            List<TableId> tableIds, TimeWindow window, @Nullable String createdBy,
            @Nullable SlackOverride slackOverride, boolean confirming) {
        Set<TableId> covered = data.bookingAllocationsOf(bookingId).stream()
                .map(Allocation::tableId)
                .collect(Collectors.toSet());
        List<TableId> missing = tableIds.stream().filter(t -> !covered.contains(t)).toList();
        List<Allocation> inTheWay = data.liveOverlapping(missing, window, tx.now).stream()
                .filter(a -> !RestaurantData.isBookingAllocationOf(a, bookingId))
                .toList();
        if (!inTheWay.isEmpty()) {
            throw confirming ? Conflicts.bookingConflict(data, inTheWay) : Conflicts.byKind(data, inTheWay);
        }
        for (TableId table : missing) {
            data.put(new Allocation(AllocationId.random(), data.restaurantId, table, AllocationKind.BOOKING, window,
                    bookingId, null, tx.now, createdBy, null, slackOverride));
        }
    }

    private static void throwIfPresent(@Nullable RuntimeException error) {
        if (error != null) {
            throw error;
        }
    }

    private static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }
}
