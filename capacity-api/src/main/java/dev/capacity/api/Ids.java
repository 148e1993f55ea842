package dev.capacity.api;

import java.util.UUID;

/** Shared helpers of the id records. */
final class Ids {

    private Ids() {
    }

    /**
     * Compares UUIDs as unsigned 128-bit numbers, the order PostgreSQL uses for {@code uuid}.
     * {@link UUID#compareTo} compares signed longs, which would sort differently from the database.
     */
    static int compare(UUID a, UUID b) {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }
}
