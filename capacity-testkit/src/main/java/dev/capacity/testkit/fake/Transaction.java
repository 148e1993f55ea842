package dev.capacity.testkit.fake;

import dev.capacity.api.BookingId;
import dev.capacity.api.HoldId;
import dev.capacity.api.RestaurantId;
import dev.capacity.api.TableId;
import dev.capacity.api.TimeWindow;
import dev.capacity.api.event.HoldExpiredEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One write in progress: working copies of the restaurants it touched, the events it will publish and the
 * single {@code now} it runs at. {@link InMemoryState} commits the copies only if the write returns normally;
 * if it throws, copies and events are dropped, which is what a rolled-back PostgreSQL transaction does.
 *
 * <p>Used only on the thread that holds the state's lock.
 */
final class Transaction {

    /** The write's business time, truncated to microseconds like every instant PostgreSQL stores. */
    final Instant now;

    private final Function<RestaurantId, @Nullable RestaurantData> committed;
    private final Map<RestaurantId, RestaurantData> touched = new HashMap<>();
    private final List<HoldExpiredEvent> events = new ArrayList<>();

    Transaction(Instant now, Function<RestaurantId, @Nullable RestaurantData> committed) {
        this.now = Objects.requireNonNull(now, "now");
        this.committed = Objects.requireNonNull(committed, "committed");
    }

    /** The working copy of a restaurant, made on first use so that later reads in the write see its changes. */
    RestaurantData restaurant(RestaurantId restaurantId) {
        return touched.computeIfAbsent(restaurantId, id -> {
            RestaurantData data = committed.apply(id);
            return data != null ? data.copy() : new RestaurantData(id);
        });
    }

    Map<RestaurantId, RestaurantData> touched() {
        return touched;
    }

    List<HoldExpiredEvent> events() {
        return events;
    }

    /**
     * Deletes a hold with its allocations. An expired hold publishes its {@code HoldExpiredEvent} (every expired
     * hold that is removed produces exactly one, whoever removes it); an active one goes silently.
     */
    void removeHold(RestaurantData data, HoldRow hold) {
        data.deleteHold(hold.id());
        if (hold.isExpiredAt(now)) {
            events.add(hold.expiredEvent());
        }
    }

    /** Deletes the booking's unconfirmed holds except {@code keep}: a booking has at most one active hold. */
    void releaseUnconfirmedHoldsOf(RestaurantData data, BookingId bookingId, @Nullable HoldId keep) {
        for (HoldRow hold : data.unconfirmedHoldsOf(bookingId)) {
            if (!hold.id().equals(keep)) {
                removeHold(data, hold);
            }
        }
    }

    /** Deletes the expired holds in the way of a selection, so that an unswept expired hold never blocks anyone. */
    void clearExpiredHolds(RestaurantData data, Collection<TableId> tableIds, @Nullable TimeWindow window) {
        for (HoldRow hold : data.expiredHoldsOn(tableIds, window, now)) {
            removeHold(data, hold);
        }
    }
}
