package dev.capacity.api;

import java.util.Objects;
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

    /**
     * Parses the canonical text form only. {@link UUID#fromString} also accepts shortened groups
     * ({@code "1-1-1-1-1"} becomes {@code 00000001-0001-0001-0001-000000000001}), so a malformed id from a client
     * would silently name a different row instead of being rejected.
     *
     * @throws NullPointerException if {@code text} is null
     * @throws IllegalArgumentException if {@code text} is not a canonical UUID
     */
    static UUID parse(String text) {
        Objects.requireNonNull(text, "text");
        if (!isCanonical(text)) {
            throw new IllegalArgumentException("text is not a UUID: " + text);
        }
        return UUID.fromString(text);
    }

    private static boolean isCanonical(String text) {
        if (text.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = text.charAt(i);
            boolean hyphenPlace = i == 8 || i == 13 || i == 18 || i == 23;
            boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (hyphenPlace ? c != '-' : !hex) {
                return false;
            }
        }
        return true;
    }
}
