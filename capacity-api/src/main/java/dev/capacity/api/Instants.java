package dev.capacity.api;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Instant helpers shared by the value types. */
final class Instants {

    private Instants() {
    }

    /** Truncates to microseconds, the precision of PostgreSQL's {@code timestamptz}, so values round-trip exactly. */
    static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }
}
