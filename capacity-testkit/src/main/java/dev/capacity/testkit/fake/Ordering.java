package dev.capacity.testkit.fake;

import dev.capacity.api.Allocation;
import dev.capacity.api.Blocker;
import dev.capacity.api.DiningTable;
import dev.capacity.api.Zone;
import java.util.Comparator;

/**
 * The orders in which the PostgreSQL implementation returns rows, so that the fake returns the same lists.
 * Ids compare with their {@code compareTo}, which is PostgreSQL's {@code uuid} order (unsigned), not
 * {@link java.util.UUID#compareTo}.
 */
final class Ordering {

    /** {@code ORDER BY lower(during), table_id, id}: allocations of a booking and of tables in a range. */
    static final Comparator<Allocation> BY_WINDOW_THEN_TABLE = Comparator
            .comparing((Allocation a) -> a.window().start())
            .thenComparing(Allocation::tableId)
            .thenComparing(Allocation::id);

    /** {@code ORDER BY table_id}: a booking's allocations; window and id only make the order total. */
    static final Comparator<Allocation> BY_TABLE = Comparator
            .comparing(Allocation::tableId)
            .thenComparing(a -> a.window().start())
            .thenComparing(Allocation::id);

    /** {@code ORDER BY expires_at, id}: active holds, and the sweeper's claim order. */
    static final Comparator<HoldRow> BY_EXPIRY = Comparator
            .comparing(HoldRow::expiresAt)
            .thenComparing(HoldRow::id);

    /** {@code ORDER BY upper(during), id}: the pruner's claim order, oldest window end first. */
    static final Comparator<Allocation> BY_END = Comparator
            .comparing((Allocation a) -> a.window().end())
            .thenComparing(Allocation::id);

    /** {@code ORDER BY ends_at, id}: the order in which the pruner drops confirmed hold rows. */
    static final Comparator<HoldRow> BY_WINDOW_END = Comparator
            .comparing((HoldRow h) -> h.window().end())
            .thenComparing(HoldRow::id);

    /** {@code ORDER BY archived_at}: the archive purge's order; the id only makes it total. */
    static final Comparator<RestaurantData.ArchivedAllocation> BY_ARCHIVED_AT = Comparator
            .comparing(RestaurantData.ArchivedAllocation::archivedAt)
            .thenComparing(r -> r.allocation().id());

    /** Blockers by table, then window start; the allocation id only makes the order total. */
    static final Comparator<Blocker> BLOCKERS = Comparator
            .comparing(Blocker::tableId)
            .thenComparing(b -> b.window().start())
            .thenComparing(Blocker::allocationId);

    /** {@code ORDER BY sort_order, name}; names are unique per restaurant, the id only makes the order total. */
    static final Comparator<Zone> ZONES = Comparator
            .comparingInt(Zone::sortOrder)
            .thenComparing(Zone::name, Ordering::compareCodePoints)
            .thenComparing(Zone::id);

    /** {@code ORDER BY label}; labels are unique per restaurant. */
    static final Comparator<DiningTable> TABLES = Comparator
            .comparing(DiningTable::label, Ordering::compareCodePoints)
            .thenComparing(DiningTable::id);

    private Ordering() {
    }

    /**
     * Compares by Unicode code point, which is the order of PostgreSQL's "C" collation (UTF-8 byte order).
     * {@link String#compareTo} compares UTF-16 units and puts characters above U+FFFF before U+E000–U+FFFF.
     */
    static int compareCodePoints(String x, String y) {
        int i = 0;
        int j = 0;
        while (i < x.length() && j < y.length()) {
            int cx = x.codePointAt(i);
            int cy = y.codePointAt(j);
            if (cx != cy) {
                return Integer.compare(cx, cy);
            }
            i += Character.charCount(cx);
            j += Character.charCount(cy);
        }
        return Boolean.compare(i < x.length(), j < y.length());
    }
}
