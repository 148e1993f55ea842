package dev.capacity.impl.reliability;

import dev.capacity.api.Allocation;
import dev.capacity.api.AllocationKind;
import dev.capacity.api.BookingId;
import dev.capacity.api.Hold;
import dev.capacity.api.HoldId;
import dev.capacity.api.RestaurantId;
import dev.capacity.api.TableId;
import dev.capacity.api.TimeWindow;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the writers know they did: every hold they placed and how it ended, and every booking with the allocation
 * ids the library last reported for it. Each hold and booking belongs to one writer, which alone updates it; the
 * checks read them after every writer has finished.
 */
final class Ledger {

    /** How a hold ended, as far as its writer knows. */
    enum Fate {
        /** Not confirmed, released or seen gone: it expires and must be removed exactly once, with one event. */
        OPEN,
        /** The writer saw HoldExpired: not confirmed, and removed exactly once later, with one event. */
        EXPIRED_SEEN,
        /** The writer saw HoldNotFound: someone removed the expired hold, with one event. */
        GONE,
        /** Confirmed; it never expires. */
        CONFIRMED,
        /** Released by its writer: an event only if it had expired when the release ran. */
        RELEASED,
        /** Replaced by a newer hold of the same booking: an event only if it had expired by then. */
        REPLACED,
        /** A retryable failure hid whether the writer's own call removed it: at most one event. */
        UNCERTAIN
    }

    /** A placed hold. */
    static final class HoldTrack {
        final HoldId id;
        final RestaurantId restaurant;
        final BookingId booking;
        final List<TableId> tables;
        final TimeWindow window;
        final Instant createdAt;
        Instant expiresAt;
        Fate fate = Fate.OPEN;
        Instant confirmedAt;
        /** For RELEASED and REPLACED: the clock before and after the call that ended it. */
        Instant endedNotBefore;
        Instant endedNotAfter;

        HoldTrack(Hold hold) {
            this.id = hold.id();
            this.restaurant = hold.restaurantId();
            this.booking = hold.bookingId();
            this.tables = hold.tableIds();
            this.window = hold.window();
            this.createdAt = hold.createdAt();
            this.expiresAt = hold.expiresAt();
        }

        void end(Fate fate, Instant notBefore, Instant notAfter) {
            this.fate = fate;
            this.endedNotBefore = notBefore;
            this.endedNotAfter = notAfter;
        }

        @Override
        public String toString() {
            return "hold " + id + " " + fate + " expiring " + expiresAt + " for " + window;
        }
    }

    /** A booking and its allocations. */
    static final class BookingTrack {
        final RestaurantId restaurant;
        final BookingId id;
        /** The allocation ids the library last reported for the booking. */
        final Set<UUID> current = new HashSet<>();
        /** Every allocation id ever reported for the booking. */
        final Set<UUID> everSeen = new HashSet<>();
        TimeWindow window;

        BookingTrack(RestaurantId restaurant, BookingId id) {
            this.restaurant = restaurant;
            this.id = id;
        }

        /** The booking's allocations are now exactly these (the booking ones among them). */
        void reported(Collection<Allocation> allocations) {
            current.clear();
            for (Allocation a : allocations) {
                if (a.kind() == AllocationKind.BOOKING) {
                    current.add(a.id().value());
                    everSeen.add(a.id().value());
                    window = a.window();
                }
            }
        }
    }

    private final Map<HoldId, HoldTrack> holds = new ConcurrentHashMap<>();
    private final Map<BookingId, BookingTrack> bookings = new ConcurrentHashMap<>();
    private final Set<BookingId> uncertainPlacements = ConcurrentHashMap.newKeySet();

    HoldTrack placed(Hold hold) {
        HoldTrack track = new HoldTrack(hold);
        holds.put(hold.id(), track);
        return track;
    }

    BookingTrack booking(RestaurantId restaurant, BookingId id) {
        return bookings.computeIfAbsent(id, k -> new BookingTrack(restaurant, id));
    }

    /** A placement for the booking failed retryably at least once: it may have left a hold the writer never saw. */
    void uncertainPlacement(BookingId booking) {
        uncertainPlacements.add(booking);
    }

    Map<HoldId, HoldTrack> holds() {
        return holds;
    }

    Map<BookingId, BookingTrack> bookings() {
        return bookings;
    }

    Set<BookingId> uncertainPlacements() {
        return uncertainPlacements;
    }
}
