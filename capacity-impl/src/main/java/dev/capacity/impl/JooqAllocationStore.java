package dev.capacity.impl;

import static dev.capacity.impl.internal.Db.odt;
import static dev.capacity.impl.internal.db.Tables.ALLOCATIONS;
import static dev.capacity.impl.internal.db.Tables.HOLDS;

import dev.capacity.api.AdjacencyMode;
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
import dev.capacity.api.event.CapacityListener;
import dev.capacity.impl.internal.Db;
import dev.capacity.impl.internal.LedgerRows;
import dev.capacity.impl.internal.LedgerSql;
import dev.capacity.impl.internal.LedgerSql.NewAllocation;
import dev.capacity.impl.internal.RequestChecks;
import dev.capacity.impl.internal.SelectionSql;
import dev.capacity.impl.internal.db.tables.records.HoldsRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;

/**
 * {@link AllocationStore} on PostgreSQL through jOOQ. Every write is one transaction; the exclusion constraint
 * on {@code allocations} is the final arbiter and its refusals become conflict errors naming the blockers
 * ({@link LedgerWrites}). Immutable and thread-safe.
 */
final class JooqAllocationStore implements AllocationStore {

    private static final String HOLD = LedgerRows.kind(AllocationKind.HOLD);
    private static final String BOOKING = LedgerRows.kind(AllocationKind.BOOKING);
    private static final String MAINTENANCE = LedgerRows.kind(AllocationKind.MAINTENANCE);

    private final Db db;
    private final LedgerWrites writes;
    private final Duration maxHoldLifetime;
    private final SlackPolicy slack;

    JooqAllocationStore(Db db, CapacityListener listener, Duration maxHoldLifetime, SlackPolicy slack) {
        this.db = db;
        this.writes = new LedgerWrites(db, listener);
        this.maxHoldLifetime = maxHoldLifetime;
        this.slack = slack;
    }

    /**
     * Runs the manual-assignment rules inside the write's transaction, against the floor plan as it is now, and
     * throws the rejection (nothing is written). Returns the floor-plan version validated against.
     */
    private long validate(DSLContext tx, RestaurantId r, List<TableId> tables, TimeWindow window,
            @Nullable BookingId booking, @Nullable Integer partySize, ValidationOptions options, Instant now,
            boolean placingHold) {
        FloorPlan plan = SelectionSql.snapshot(tx, r, tables);
        List<Blocker> blockers = LedgerSql.blockers(tx, r, tables, window, now, booking, null);
        List<Violation> checks = AssignmentRules.check(plan, tables, partySize, options, slack.budgetFor(r),
                slack.warnAbove(), blockers);
        Optional<CapacityError> rejection = AssignmentRules.rejection(checks, blockers, placingHold);
        if (rejection.isPresent()) {
            throw rejection.get();
        }
        return plan.version();
    }

    @Override
    public Hold placeHold(PlaceHoldRequest request) {
        Objects.requireNonNull(request, "request");
        // Order of the 400s: the selection, then the time-to-live, then the party size.
        AssignmentRules.requireWellFormed(request.tableIds(), null);
        RequestChecks.ttl(request.ttl(), maxHoldLifetime);
        AssignmentRules.requireWellFormed(request.tableIds(), request.partySize());
        RequestChecks.window(request.window(), "window");
        RequestChecks.optionalText(request.createdBy(), "createdBy", RequestChecks.MAX_ACTOR);
        RequestChecks.metadata(request.metadata());
        RequestChecks.slackOverride(request.options().slackOverride());
        RestaurantId r = request.restaurantId();
        List<TableId> tables = request.tableIds();
        TimeWindow window = request.window();
        BookingId booking = request.bookingId();
        ValidationOptions options = request.options();
        return writes.reportingRejection(r, Operation.PLACE_HOLD,
                () -> placeHold(request, r, tables, window, booking, options));
    }

    private Hold placeHold(PlaceHoldRequest request, RestaurantId r, List<TableId> tables, TimeWindow window,
            @Nullable BookingId booking, ValidationOptions options) {
        return writes.write(r, "placeHold", tables, window, booking, true, (tx, now, removed) -> {
            removed.addAll(LedgerSql.clearHolds(tx, r, booking, null, tables, window, now));
            long version = validate(tx, r, tables, window, booking, request.partySize(), options, now, true);
            Set<TableId> own = booking == null ? Set.of() : LedgerSql.occupiedByBooking(tx, r, booking, tables, window);
            HoldId id = HoldId.random();
            // Stored times keep microseconds; truncating here makes the returned hold equal the stored one.
            Instant expires = now.plus(request.ttl()).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
            HoldsRecord row = tx.newRecord(HOLDS);
            row.setId(id.value());
            row.setRestaurantId(r.value());
            row.setBookingId(booking == null ? null : booking.value());
            row.setStartsAt(odt(window.start()));
            row.setEndsAt(odt(window.end()));
            row.setExpiresAt(odt(expires));
            row.setTableIds(tables.stream().map(TableId::value).toArray(UUID[]::new));
            row.setPartySize(request.partySize());
            row.setCreatedBy(request.createdBy());
            row.setFloorPlanVersion(version);
            row.setAdjacencyMode(options.adjacency().name().toLowerCase(java.util.Locale.ROOT));
            if (options.slackOverride() != null) {
                row.setSlackOverrideReason(options.slackOverride().reason());
                row.setSlackOverrideActor(options.slackOverride().actor());
            }
            row.setMetadata(LedgerRows.metadata(request.metadata()));
            row.setCreatedAt(odt(now));
            LedgerSql.insertHold(tx, row, tables.stream().filter(t -> !own.contains(t))
                    .map(t -> new NewAllocation(AllocationId.random(), r, t, AllocationKind.HOLD, booking, id,
                            window, now, request.createdBy(), null, null))
                    .toList());
            return LedgerRows.hold(row, now);
        });
    }

    @Override
    public Confirmation confirmHold(RestaurantId restaurantId, HoldId holdId, BookingId bookingId) {
        Objects.requireNonNull(restaurantId, "restaurantId");
        Objects.requireNonNull(holdId, "holdId");
        Objects.requireNonNull(bookingId, "bookingId");
        return writes.reportingRejection(restaurantId, Operation.CONFIRM_HOLD,
                () -> confirm(restaurantId, holdId, bookingId));
    }

    private Confirmation confirm(RestaurantId restaurantId, HoldId holdId, BookingId bookingId) {
        // The window and tables are only known once the hold is read; blockers are looked up from the row.
        return writes.writeWithLocked(restaurantId, "confirmHold", holdId, bookingId, (tx, now, removed, hold) -> {
            if (hold.getConfirmedAt() != null) {
                BookingId confirmedFor = new BookingId(hold.getConfirmedBookingId());
                if (!confirmedFor.equals(bookingId)) {
                    throw new HoldBookingMismatch(holdId, confirmedFor, bookingId);
                }
                return new Confirmation(holdId, bookingId, hold.getConfirmedAt().toInstant(),
                        LedgerSql.bookingAllocations(tx, restaurantId, bookingId));
            }
            if (hold.getBookingId() != null && !hold.getBookingId().equals(bookingId.value())) {
                throw new HoldBookingMismatch(holdId, new BookingId(hold.getBookingId()), bookingId);
            }
            Instant expires = hold.getExpiresAt().toInstant();
            if (!expires.isAfter(now)) {
                throw new HoldExpired(holdId, expires);
            }
            List<TableId> tables = tables(hold);
            TimeWindow window = new TimeWindow(hold.getStartsAt().toInstant(), hold.getEndsAt().toInstant());
            requireNoDrift(tx, restaurantId, hold, tables);
            removed.addAll(LedgerSql.clearHolds(tx, restaurantId, bookingId, holdId, tables, window, now));
            LedgerSql.deleteBookingAllocationsExcept(tx, restaurantId, bookingId, tables, window);
            // In place: the same rows change kind, so no other writer can slip in between release and booking.
            tx.update(ALLOCATIONS)
                    .set(ALLOCATIONS.KIND, BOOKING)
                    .set(ALLOCATIONS.BOOKING_ID, bookingId.value())
                    .setNull(ALLOCATIONS.HOLD_ID)
                    .set(ALLOCATIONS.SLACK_OVERRIDE_REASON, hold.getSlackOverrideReason())
                    .set(ALLOCATIONS.SLACK_OVERRIDE_ACTOR, hold.getSlackOverrideActor())
                    .where(ALLOCATIONS.RESTAURANT_ID.eq(restaurantId.value()), ALLOCATIONS.HOLD_ID.eq(holdId.value()))
                    .execute();
            Set<TableId> covered = LedgerSql.bookingAllocations(tx, restaurantId, bookingId).stream()
                    .map(Allocation::tableId).collect(Collectors.toSet());
            // Tables the hold skipped (the booking sat there in another window) get the hold's override too.
            LedgerSql.insertAllocations(tx, tables.stream().filter(t -> !covered.contains(t))
                    .map(t -> new NewAllocation(AllocationId.random(), restaurantId, t, AllocationKind.BOOKING,
                            bookingId, null, window, now, hold.getCreatedBy(), null, slackOverride(hold)))
                    .toList());
            hold.setConfirmedAt(odt(now));
            hold.setConfirmedBookingId(bookingId.value());
            hold.update();
            return new Confirmation(holdId, bookingId, now, LedgerSql.bookingAllocations(tx, restaurantId, bookingId));
        });
    }

    @Override
    public void releaseHold(RestaurantId restaurantId, HoldId holdId) {
        Objects.requireNonNull(restaurantId, "restaurantId");
        Objects.requireNonNull(holdId, "holdId");
        writes.simple(restaurantId, "releaseHold", (tx, now, removed) -> {
            HoldsRecord hold = LedgerSql.hold(tx, restaurantId, holdId, true);
            if (hold == null) {
                throw new HoldNotFound(holdId);
            }
            if (hold.getConfirmedAt() != null) {
                throw new HoldAlreadyConfirmed(holdId, new BookingId(hold.getConfirmedBookingId()));
            }
            hold.delete();
            removed.add(hold);
            return null;
        });
    }

    @Override
    public Hold extendHold(RestaurantId restaurantId, HoldId holdId, Duration extension) {
        Objects.requireNonNull(restaurantId, "restaurantId");
        Objects.requireNonNull(holdId, "holdId");
        Objects.requireNonNull(extension, "extension");
        RequestChecks.positive(extension, "extension");
        return writes.reportingRejection(restaurantId, Operation.EXTEND_HOLD,
                () -> extend(restaurantId, holdId, extension));
    }

    private Hold extend(RestaurantId restaurantId, HoldId holdId, Duration extension) {
        return writes.simple(restaurantId, "extendHold", (tx, now, removed) -> {
            HoldsRecord hold = LedgerSql.hold(tx, restaurantId, holdId, true);
            if (hold == null) {
                throw new HoldNotFound(holdId);
            }
            if (hold.getConfirmedAt() != null) {
                throw new HoldAlreadyConfirmed(holdId, new BookingId(hold.getConfirmedBookingId()));
            }
            Instant expires = hold.getExpiresAt().toInstant();
            if (!expires.isAfter(now)) {
                throw new HoldExpired(holdId, expires);
            }
            Instant created = hold.getCreatedAt().toInstant();
            Instant requested = plusSaturated(expires, extension).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
            Instant latest = created.plus(maxHoldLifetime);
            if (requested.isAfter(latest)) {
                throw new HoldExtensionLimit(holdId, requested, latest);
            }
            hold.setExpiresAt(odt(requested));
            hold.update();
            return LedgerRows.hold(hold, now);
        });
    }

    @Override
    public List<Allocation> assign(AssignRequest request) {
        Objects.requireNonNull(request, "request");
        AssignmentRules.requireWellFormed(request.tableIds(), request.partySize());
        RequestChecks.window(request.window(), "window");
        RequestChecks.optionalText(request.createdBy(), "createdBy", RequestChecks.MAX_ACTOR);
        RequestChecks.slackOverride(request.slackOverride());
        RestaurantId r = request.restaurantId();
        BookingId booking = request.bookingId();
        List<TableId> tables = request.tableIds();
        TimeWindow window = request.window();
        return writes.reportingRejection(r, Operation.ASSIGN, () -> assign(request, r, booking, tables, window));
    }

    private List<Allocation> assign(AssignRequest request, RestaurantId r, BookingId booking, List<TableId> tables,
            TimeWindow window) {
        return writes.write(r, "assign", tables, window, booking, false, (tx, now, removed) -> {
            removed.addAll(LedgerSql.clearHolds(tx, r, booking, null, tables, window, now));
            validate(tx, r, tables, window, booking, request.partySize(), request.options(), now, false);
            LedgerSql.deleteBookingAllocationsExcept(tx, r, booking, tables, window);
            Set<TableId> kept = LedgerSql.occupiedByBooking(tx, r, booking, tables, window);
            LedgerSql.insertAllocations(tx, tables.stream().filter(t -> !kept.contains(t))
                    .map(t -> new NewAllocation(AllocationId.random(), r, t, AllocationKind.BOOKING, booking, null,
                            window, now, request.createdBy(), null, request.slackOverride()))
                    .toList());
            return LedgerSql.bookingAllocations(tx, r, booking);
        });
    }

    @Override
    public int unassign(RestaurantId restaurantId, BookingId bookingId) {
        Objects.requireNonNull(restaurantId, "restaurantId");
        Objects.requireNonNull(bookingId, "bookingId");
        return writes.simple(restaurantId, "unassign", (tx, now, removed) -> tx.deleteFrom(ALLOCATIONS)
                .where(ALLOCATIONS.RESTAURANT_ID.eq(restaurantId.value()),
                        ALLOCATIONS.BOOKING_ID.eq(bookingId.value()), ALLOCATIONS.KIND.eq(BOOKING))
                .execute());
    }

    @Override
    public Allocation blockTable(MaintenanceRequest request) {
        Objects.requireNonNull(request, "request");
        RequestChecks.window(request.window(), "window");
        RequestChecks.optionalText(request.reason(), "reason", RequestChecks.MAX_REASON);
        RequestChecks.optionalText(request.createdBy(), "createdBy", RequestChecks.MAX_ACTOR);
        RestaurantId r = request.restaurantId();
        List<TableId> table = List.of(request.tableId());
        return writes.reportingRejection(r, Operation.BLOCK_TABLE, () -> block(request, r, table));
    }

    private Allocation block(MaintenanceRequest request, RestaurantId r, List<TableId> table) {
        return writes.write(r, "blockTable", table, request.window(), null, false,
                (tx, now, removed) -> {
                    if (SelectionSql.snapshot(tx, r, table).tables().isEmpty()) {
                        throw new TableNotFound(request.tableId());
                    }
                    removed.addAll(LedgerSql.clearHolds(tx, r, null, null, table, request.window(), now));
                    NewAllocation row = new NewAllocation(AllocationId.random(), r, request.tableId(),
                            AllocationKind.MAINTENANCE, null, null, request.window(), now, request.createdBy(),
                            request.reason(), null);
                    LedgerSql.insertAllocations(tx, List.of(row));
                    return new Allocation(row.id(), r, row.tableId(), row.kind(), row.window(), null, null, now,
                            row.createdBy(), row.note(), null);
                });
    }

    @Override
    public boolean unblockTable(RestaurantId restaurantId, AllocationId allocationId) {
        Objects.requireNonNull(restaurantId, "restaurantId");
        Objects.requireNonNull(allocationId, "allocationId");
        return writes.simple(restaurantId, "unblockTable", (tx, now, removed) -> tx.deleteFrom(ALLOCATIONS)
                .where(ALLOCATIONS.RESTAURANT_ID.eq(restaurantId.value()), ALLOCATIONS.ID.eq(allocationId.value()),
                        ALLOCATIONS.KIND.eq(MAINTENANCE))
                .execute() > 0);
    }

    @Override
    public List<Allocation> allocationsOfBooking(RestaurantId restaurantId, BookingId bookingId) {
        Objects.requireNonNull(restaurantId, "restaurantId");
        Objects.requireNonNull(bookingId, "bookingId");
        return db.read(restaurantId, "allocationsOfBooking", ctx -> {
            Instant now = db.now();
            return ctx.select(LedgerRows.ALLOCATION_FIELDS).from(ALLOCATIONS)
                    .leftJoin(HOLDS).on(HOLDS.ID.eq(ALLOCATIONS.HOLD_ID))
                    .where(ALLOCATIONS.RESTAURANT_ID.eq(restaurantId.value()),
                            ALLOCATIONS.BOOKING_ID.eq(bookingId.value()),
                            ALLOCATIONS.KIND.eq(BOOKING).or(ALLOCATIONS.KIND.eq(HOLD)
                                    .and(HOLDS.EXPIRES_AT.gt(odt(now)))))
                    .orderBy(LedgerRows.START, ALLOCATIONS.TABLE_ID, ALLOCATIONS.ID)
                    .fetch(LedgerRows::allocation);
        });
    }

    @Override
    public List<Allocation> allocationsOfTables(RestaurantId restaurantId, Collection<TableId> tableIds,
            TimeWindow range) {
        Objects.requireNonNull(restaurantId, "restaurantId");
        Objects.requireNonNull(tableIds, "tableIds");
        Objects.requireNonNull(range, "range");
        tableIds.forEach(t -> Objects.requireNonNull(t, "tableIds element"));
        // Nothing is stored outside the years 1 to 9999, and instants beyond them cannot be bound as timestamptz.
        TimeWindow storable = RequestChecks.storable(range);
        if (tableIds.isEmpty() || storable == null) {
            return List.of();
        }
        return db.read(restaurantId, "allocationsOfTables", ctx -> {
            Instant now = db.now();
            return ctx.select(LedgerRows.ALLOCATION_FIELDS).from(ALLOCATIONS)
                    .leftJoin(HOLDS).on(HOLDS.ID.eq(ALLOCATIONS.HOLD_ID))
                    .where(ALLOCATIONS.RESTAURANT_ID.eq(restaurantId.value()),
                            ALLOCATIONS.TABLE_ID.in(tableIds.stream().map(TableId::value).toList()),
                            LedgerSql.overlaps(storable),
                            ALLOCATIONS.KIND.ne(HOLD).or(HOLDS.EXPIRES_AT.gt(odt(now))))
                    .orderBy(LedgerRows.START, ALLOCATIONS.TABLE_ID, ALLOCATIONS.ID)
                    .fetch(LedgerRows::allocation);
        });
    }

    @Override
    public List<Hold> activeHolds(RestaurantId restaurantId) {
        Objects.requireNonNull(restaurantId, "restaurantId");
        return db.read(restaurantId, "activeHolds", ctx -> {
            Instant now = db.now();
            return ctx.selectFrom(HOLDS)
                    .where(HOLDS.RESTAURANT_ID.eq(restaurantId.value()), HOLDS.CONFIRMED_AT.isNull(),
                            HOLDS.EXPIRES_AT.gt(odt(now)))
                    .orderBy(HOLDS.EXPIRES_AT, HOLDS.ID)
                    .fetch(row -> LedgerRows.hold(row, now));
        });
    }

    @Override
    public Optional<Hold> findHold(RestaurantId restaurantId, HoldId holdId) {
        Objects.requireNonNull(restaurantId, "restaurantId");
        Objects.requireNonNull(holdId, "holdId");
        return db.read(restaurantId, "findHold", ctx -> {
            Instant now = db.now();
            return Optional.ofNullable(LedgerSql.hold(ctx, restaurantId, holdId, false))
                    .map(row -> LedgerRows.hold(row, now));
        });
    }

    /**
     * A hold validated against an older floor plan is checked again against the current one; whatever now fails
     * is reported as drift. Conflicts are not re-checked here: the hold's rows turn into the booking's in place.
     */
    private void requireNoDrift(DSLContext tx, RestaurantId r, HoldsRecord hold, List<TableId> tables) {
        long current = SelectionSql.version(tx, r);
        if (current == hold.getFloorPlanVersion()) {
            return;
        }
        FloorPlan plan = SelectionSql.snapshot(tx, r, tables);
        ValidationOptions options = new ValidationOptions(
                AdjacencyMode.valueOf(hold.getAdjacencyMode().toUpperCase(java.util.Locale.ROOT)), slackOverride(hold));
        List<Violation> failing = AssignmentRules.check(plan, tables, hold.getPartySize(), options,
                slack.budgetFor(r), slack.warnAbove(), List.of()).stream().filter(Violation::isError).toList();
        if (!failing.isEmpty()) {
            throw new PolicyDrift(new HoldId(hold.getId()), hold.getFloorPlanVersion(), current, failing);
        }
    }

    /**
     * {@code instant + duration}, or {@link Instant#MAX} when that is past it: an extension that long is over the
     * lifetime cap anyway and must be reported as such, not fail with a {@code DateTimeException}.
     */
    private static Instant plusSaturated(Instant instant, Duration duration) {
        try {
            return instant.plus(duration);
        } catch (java.time.DateTimeException | ArithmeticException e) {
            return Instant.MAX;
        }
    }

    private static @Nullable SlackOverride slackOverride(HoldsRecord hold) {
        return hold.getSlackOverrideReason() == null ? null
                : new SlackOverride(hold.getSlackOverrideReason(), hold.getSlackOverrideActor());
    }

    static List<TableId> tables(HoldsRecord hold) {
        return java.util.Arrays.stream(hold.getTableIds()).map(TableId::new).toList();
    }
}
