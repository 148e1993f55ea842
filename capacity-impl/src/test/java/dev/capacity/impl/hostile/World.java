package dev.capacity.impl.hostile;

import dev.capacity.api.AllocationId;
import dev.capacity.api.BookingId;
import dev.capacity.api.HoldId;
import dev.capacity.api.RestaurantId;
import dev.capacity.api.TableId;
import dev.capacity.api.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;

/**
 * What one backend has been given so far: the restaurants, and the ids it generated for zones, tables, holds and
 * allocations, per restaurant slot, in creation order. The lists only grow: deleted or swept entities stay, so
 * that later steps also aim at ids that no longer exist. Steps run in lock step on every backend, so the lists
 * have the same lengths everywhere and a {@link Ref} names the corresponding entity in each.
 */
public final class World {

    private final Backend backend;
    private final RestaurantId[] restaurants;
    private final List<BookingId> bookings;
    private final List<List<ZoneId>> zones = slots();
    private final List<List<TableId>> tables = slots();
    private final List<List<HoldId>> holds = slots();
    private final List<List<AllocationId>> allocations = slots();
    private final Set<RestaurantId> seen = new TreeSet<>();

    World(Backend backend, RestaurantId a, RestaurantId b, List<BookingId> bookings) {
        this.backend = backend;
        this.restaurants = new RestaurantId[] {a, b};
        this.bookings = List.copyOf(bookings);
        seen.add(a);
        seen.add(b);
    }

    private static <T> List<List<T>> slots() {
        return List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    }

    /** @return the backend this world belongs to */
    public Backend backend() {
        return backend;
    }

    /** @return every restaurant a step has named, sorted */
    public Set<RestaurantId> restaurants() {
        return seen;
    }

    /** @return every table id generated so far, of every slot */
    public List<TableId> allTables() {
        List<TableId> all = new ArrayList<>();
        tables.forEach(all::addAll);
        return all;
    }

    /** @return every hold id generated so far */
    public List<HoldId> allHolds() {
        List<HoldId> all = new ArrayList<>();
        holds.forEach(all::addAll);
        return all;
    }

    /** @return the booking ids steps use */
    public List<BookingId> bookings() {
        return bookings;
    }

    RestaurantId restaurant(int slot) {
        return restaurants[slot];
    }

    RestaurantId restaurantOrNull(Ref ref) {
        return switch (ref.kind()) {
            case NULL -> null;
            case UNKNOWN -> {
                RestaurantId r = new RestaurantId(ref.unknown());
                seen.add(r);
                yield r;
            }
            case KNOWN -> restaurants[ref.slot()];
        };
    }

    /** The slot that entities created for this restaurant reference belong to. */
    static int slotOf(Ref restaurant) {
        return restaurant.kind() == Ref.Kind.KNOWN ? restaurant.slot() : 2;
    }

    ZoneId zone(Ref ref) {
        return resolve(ref, zones, ZoneId::new);
    }

    TableId table(Ref ref) {
        return resolve(ref, tables, TableId::new);
    }

    HoldId hold(Ref ref) {
        return resolve(ref, holds, HoldId::new);
    }

    AllocationId allocation(Ref ref) {
        return resolve(ref, allocations, AllocationId::new);
    }

    BookingId booking(Ref ref) {
        return switch (ref.kind()) {
            case NULL -> null;
            case UNKNOWN -> new BookingId(ref.unknown());
            case KNOWN -> bookings.get(ref.index() % bookings.size());
        };
    }

    void addZone(Ref restaurant, ZoneId id) {
        zones.get(slotOf(restaurant)).add(id);
    }

    void addTable(Ref restaurant, TableId id) {
        tables.get(slotOf(restaurant)).add(id);
    }

    void addHold(Ref restaurant, HoldId id) {
        holds.get(slotOf(restaurant)).add(id);
    }

    void addAllocation(Ref restaurant, AllocationId id) {
        allocations.get(slotOf(restaurant)).add(id);
    }

    /**
     * Records allocations in an order every backend agrees on: by window start, then by when their table was
     * created. Results come ordered by table id, and the backends' table ids differ.
     */
    void addAllocations(Ref restaurant, java.util.Collection<dev.capacity.api.Allocation> written) {
        List<TableId> order = allTables();
        written.stream().sorted(java.util.Comparator.comparing((dev.capacity.api.Allocation a) -> a.window().start())
                        .thenComparing(a -> order.indexOf(a.tableId())))
                .forEach(a -> addAllocation(restaurant, a.id()));
    }

    /** An entity of a slot that has none yet resolves to a fixed id that names nothing. */
    private static <T> T resolve(Ref ref, List<List<T>> lists, Function<UUID, T> wrap) {
        return switch (ref.kind()) {
            case NULL -> null;
            case UNKNOWN -> wrap.apply(ref.unknown());
            case KNOWN -> {
                List<T> list = lists.get(ref.slot());
                yield list.isEmpty() ? wrap.apply(new UUID(0xDEADL, ref.slot() * 1000L + ref.index()))
                        : list.get(Math.floorMod(ref.index(), list.size()));
            }
        };
    }
}
