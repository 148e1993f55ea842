package dev.capacity.examples.demo;

import dev.capacity.api.AllocationStore;
import dev.capacity.api.AssignRequest;
import dev.capacity.api.BookingId;
import dev.capacity.api.TimeWindow;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneOffset;

/** An old month of bookings, so that the nightly pruner has something to archive. */
final class History {

    private History() {
    }

    /** What was seeded. */
    record Seeded(YearMonth month, int bookings, int allocations) {
    }

    /** Seats three parties a night for every night of {@code month}, through the library like any booking. */
    static Seeded seed(AllocationStore store, Restaurant r, YearMonth month) {
        int bookings = 0;
        int allocations = 0;
        for (int d = 1; d <= month.lengthOfMonth(); d++) {
            LocalDate day = month.atDay(d);
            allocations += seat(store, r, day, "19:00", 4, "T3");
            allocations += seat(store, r, day, "20:00", 3, "P1", "P2");
            allocations += seat(store, r, day, "19:30", 5, "T5");
            bookings += 3;
        }
        return new Seeded(month, bookings, allocations);
    }

    private static int seat(AllocationStore store, Restaurant r, LocalDate day, String start, int party,
            String... tables) {
        TimeWindow w = TimeWindow.starting(day.atTime(LocalTime.parse(start)).toInstant(ZoneOffset.UTC),
                Duration.ofHours(2));
        return store.assign(AssignRequest.of(r.id(), BookingId.random(), r.tables(tables), w).withPartySize(party)
                .withCreatedBy("staff")).size();
    }
}
