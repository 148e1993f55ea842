package dev.capacity.testkit.fake;

import dev.capacity.api.Adjacency;
import dev.capacity.api.Allocation;
import dev.capacity.api.AllocationId;
import dev.capacity.api.AllocationKind;
import dev.capacity.api.Blocker;
import dev.capacity.api.BookingId;
import dev.capacity.api.DiningTable;
import dev.capacity.api.FloorPlan;
import dev.capacity.api.HoldId;
import dev.capacity.api.RestaurantId;
import dev.capacity.api.TableId;
import dev.capacity.api.TimeWindow;
import dev.capacity.api.Zone;
import dev.capacity.api.ZoneId;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Every row of one restaurant: the in-memory counterpart of the schema's tables, restricted to one tenant.
 *
 * <p>Not thread-safe on its own: {@link InMemoryState} only hands it out under its lock, and writes work on a
 * {@link #copy()} that replaces the committed instance on success. The maps hold immutable values, so the copy
 * only duplicates the maps, never the rows.
 */
final class RestaurantData {

    /** A row of {@code allocations_archive}: the allocation and when it was archived. */
    record ArchivedAllocation(Allocation allocation, Instant archivedAt) {
    }

    final RestaurantId restaurantId;
    final Map<ZoneId, Zone> zones;
    final Map<TableId, DiningTable> tables;
    final Set<Adjacency> edges;
    final Map<HoldId, HoldRow> holds;
    final Map<AllocationId, Allocation> allocations;
    /** {@code allocations_archive}, keyed like its primary key: archiving an id again overwrites its row. */
    final Map<AllocationId, ArchivedAllocation> archive;
    private long version;

    RestaurantData(RestaurantId restaurantId) {
        this(restaurantId, new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashSet<>(), new LinkedHashMap<>(),
                new LinkedHashMap<>(), new LinkedHashMap<>(), 0L);
    }

    private RestaurantData(RestaurantId restaurantId, Map<ZoneId, Zone> zones, Map<TableId, DiningTable> tables,
            Set<Adjacency> edges, Map<HoldId, HoldRow> holds, Map<AllocationId, Allocation> allocations,
            Map<AllocationId, ArchivedAllocation> archive, long version) {
        this.restaurantId = Objects.requireNonNull(restaurantId, "restaurantId");
        this.zones = zones;
        this.tables = tables;
        this.edges = edges;
        this.holds = holds;
        this.allocations = allocations;
        this.archive = archive;
        this.version = version;
    }

    /** A working copy for one write; the rows are immutable and shared. */
    RestaurantData copy() {
        return new RestaurantData(restaurantId, new LinkedHashMap<>(zones), new LinkedHashMap<>(tables),
                new LinkedHashSet<>(edges), new LinkedHashMap<>(holds), new LinkedHashMap<>(allocations),
                new LinkedHashMap<>(archive), version);
    }

    /** The floor-plan version: 0 until the first edit (no row in {@code floor_plan_versions}). */
    long version() {
        return version;
    }

    /** Called once per changed floor-plan row, like the PostgreSQL trigger. */
    void bumpVersion() {
        version++;
    }

    /** The floor plan as {@code FloorPlanStore.load} returns it, and as the assignment rules check selections. */
    FloorPlan floorPlan() {
        return new FloorPlan(restaurantId, version, zones.values().stream().sorted(Ordering.ZONES).toList(),
                tables.values().stream().sorted(Ordering.TABLES).toList(), edges);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Ledger queries
    // ------------------------------------------------------------------------------------------------------------

    /**
     * Live means it blocks: bookings and maintenance always, a hold allocation only while its hold is active.
     * Allocations of expired holds stay in the map until someone removes the hold, but never count.
     */
    boolean isLive(Allocation allocation, Instant now) {
        if (allocation.kind() != AllocationKind.HOLD) {
            return true;
        }
        HoldRow hold = allocation.holdId() == null ? null : holds.get(allocation.holdId());
        return hold != null && hold.isActiveAt(now);
    }

    /** Allocations of any kind and liveness on the tables whose window overlaps (half-open). */
    Stream<Allocation> overlapping(Collection<TableId> tableIds, TimeWindow window) {
        Set<TableId> wanted = new HashSet<>(tableIds);
        return allocations.values().stream()
                .filter(a -> wanted.contains(a.tableId()) && a.window().overlaps(window));
    }

    /** Live allocations on the tables whose window overlaps. */
    List<Allocation> liveOverlapping(Collection<TableId> tableIds, TimeWindow window, Instant now) {
        return overlapping(tableIds, window).filter(a -> isLive(a, now)).toList();
    }

    /**
     * Live allocations on the tables overlapping the window that are not the booking's own (its booking
     * allocations and its holds' allocations, which carry its id), as blockers: what the assignment rules report
     * and conflict errors name. Ordered by table, then window start, like the PostgreSQL implementation.
     *
     * @param own the booking whose rows never block, or null
     */
    List<Blocker> blockers(Collection<TableId> tableIds, TimeWindow window, Instant now, @Nullable BookingId own) {
        return liveOverlapping(tableIds, window, now).stream()
                .filter(a -> own == null || !own.equals(a.bookingId()))
                .map(this::blocker)
                .sorted(Ordering.BLOCKERS)
                .toList();
    }

    /** A live allocation as a blocker; hold id and expiry only for hold allocations. */
    private Blocker blocker(Allocation a) {
        if (a.kind() != AllocationKind.HOLD) {
            return new Blocker(a.kind(), a.id(), a.tableId(), a.window(), a.bookingId(), null, null);
        }
        HoldRow hold = a.holdId() == null ? null : holds.get(a.holdId());
        Instant expiresAt = hold == null ? null : hold.expiresAt();
        return new Blocker(a.kind(), a.id(), a.tableId(), a.window(), a.bookingId(), a.holdId(), expiresAt);
    }

    /**
     * Expired unconfirmed holds that have an allocation on one of the tables overlapping the window, or on the
     * tables at any time when {@code window} is null. Decided by allocations, not by the hold's table list: a
     * hold has no allocation on a table its booking already occupied when it was placed.
     */
    List<HoldRow> expiredHoldsOn(Collection<TableId> tableIds, @Nullable TimeWindow window, Instant now) {
        Set<TableId> wanted = new HashSet<>(tableIds);
        Set<HoldId> ids = new LinkedHashSet<>();
        for (Allocation a : allocations.values()) {
            if (a.kind() == AllocationKind.HOLD && a.holdId() != null && wanted.contains(a.tableId())
                    && (window == null || a.window().overlaps(window))) {
                ids.add(a.holdId());
            }
        }
        return ids.stream()
                .map(holds::get)
                .filter(h -> h != null && h.isExpiredAt(now))
                .sorted(Ordering.BY_EXPIRY)
                .toList();
    }

    /** The booking's unconfirmed holds, active or expired, by expiry. */
    List<HoldRow> unconfirmedHoldsOf(BookingId bookingId) {
        return holds.values().stream()
                .filter(h -> !h.isConfirmed() && bookingId.equals(h.bookingId()))
                .sorted(Ordering.BY_EXPIRY)
                .toList();
    }

    /** The booking's {@code BOOKING} allocations, ordered by table id. */
    List<Allocation> bookingAllocationsOf(BookingId bookingId) {
        return allocations.values().stream()
                .filter(a -> isBookingAllocationOf(a, bookingId))
                .sorted(Ordering.BY_TABLE)
                .toList();
    }

    static boolean isBookingAllocationOf(Allocation a, BookingId bookingId) {
        return a.kind() == AllocationKind.BOOKING && bookingId.equals(a.bookingId());
    }

    List<Allocation> allocationsOfHold(HoldId holdId) {
        return allocations.values().stream().filter(a -> holdId.equals(a.holdId())).toList();
    }

    // ------------------------------------------------------------------------------------------------------------
    // Ledger changes
    // ------------------------------------------------------------------------------------------------------------

    void put(Allocation allocation) {
        allocations.put(allocation.id(), allocation);
    }

    /** Deletes a hold and, like the foreign key's ON DELETE CASCADE, its allocations. */
    void deleteHold(HoldId holdId) {
        holds.remove(holdId);
        allocations.values().removeIf(a -> holdId.equals(a.holdId()));
    }

    /**
     * Makes the booking's {@code BOOKING} allocations a subset of the selection for the window: deletes every
     * one that is not on a selected table with exactly this window (the "move" of confirm and assign).
     */
    void keepOnlyExactBookingAllocations(BookingId bookingId, Collection<TableId> tableIds, TimeWindow window) {
        Set<TableId> selected = new HashSet<>(tableIds);
        allocations.values().removeIf(a -> isBookingAllocationOf(a, bookingId)
                && !(selected.contains(a.tableId()) && a.window().equals(window)));
    }

    /**
     * Moves a live allocation to the archive, like {@code ArchiveSql.move}: it leaves the ledger, and an archived
     * row with the same id is overwritten (the live row is the newer truth), so it is never both or neither.
     */
    void archive(Allocation allocation, Instant archivedAt) {
        allocations.remove(allocation.id());
        archive.put(allocation.id(), new ArchivedAllocation(allocation, archivedAt));
    }

    /** Deletes the booking's {@code BOOKING} allocations and tells how many there were. */
    int deleteBookingAllocations(BookingId bookingId) {
        int before = allocations.size();
        allocations.values().removeIf(a -> isBookingAllocationOf(a, bookingId));
        return before - allocations.size();
    }
}
