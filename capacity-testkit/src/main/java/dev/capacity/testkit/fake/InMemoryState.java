package dev.capacity.testkit.fake;

import dev.capacity.api.RestaurantId;
import dev.capacity.api.error.AllocationConflict;
import dev.capacity.api.error.AssignmentRejected;
import dev.capacity.api.error.HoldExtensionLimit;
import dev.capacity.api.error.PolicyDrift;
import dev.capacity.api.event.AssignmentRejectedEvent;
import dev.capacity.api.event.CapacityListener;
import dev.capacity.api.event.HoldExpiredEvent;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The one in-memory database shared by the stores of an {@link InMemoryCapacity}.
 *
 * <p>Concurrency is deliberately simple: one lock guards everything, reads included, so every operation sees and
 * leaves a consistent state (the fake trades throughput for being obviously right). A write runs on working
 * copies of the restaurants it touches ({@link Transaction}); they replace the committed data only when the write
 * returns normally, so an operation that throws changes nothing. Events are delivered after the lock is released,
 * the in-memory counterpart of "after commit", so a listener may call back into the stores.
 */
final class InMemoryState {

    private static final System.Logger LOG = System.getLogger(InMemoryState.class.getName());

    private final InstantSource clock;
    private final CapacityListener listener;
    private final Duration maxHoldLifetime;
    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by {@link #lock}. A restaurant appears once a write touched it. */
    private final Map<RestaurantId, RestaurantData> restaurants = new HashMap<>();

    InMemoryState(InstantSource clock, CapacityListener listener, Duration maxHoldLifetime) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.maxHoldLifetime = Objects.requireNonNull(maxHoldLifetime, "maxHoldLifetime");
    }

    Duration maxHoldLifetime() {
        return maxHoldLifetime;
    }

    /** The clock's instant at PostgreSQL's precision, so that values compare equal to what PostgreSQL returns. */
    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * Runs a query on one restaurant's committed data. The query must not modify it.
     *
     * @param restaurantId the restaurant; an unknown one reads as empty
     * @param query receives the data and {@code now}
     */
    <T> T read(RestaurantId restaurantId, BiFunction<RestaurantData, Instant, T> query) {
        lock.lock();
        try {
            RestaurantData data = restaurants.get(restaurantId);
            return query.apply(data != null ? data : new RestaurantData(restaurantId), now());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs a query on the committed data of every restaurant: the cross-tenant read of the pruner's batches and
     * counts. The query must not modify anything. Like {@link #expiredUnconfirmedHolds}, a write may call it to
     * claim rows that it then changes through its {@link Transaction} (the lock is reentrant).
     *
     * @param query receives every restaurant's committed data
     */
    <T> T readAll(Function<Collection<RestaurantData>, T> query) {
        lock.lock();
        try {
            return query.apply(Collections.unmodifiableCollection(restaurants.values()));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs a write as one transaction: all or nothing, then its events.
     *
     * @param operation the write; throwing discards everything it did
     * @return what the operation returned
     */
    <T> T write(Function<Transaction, T> operation) {
        Transaction tx;
        T result;
        lock.lock();
        try {
            tx = new Transaction(now(), restaurants::get);
            result = operation.apply(tx);
            restaurants.putAll(tx.touched());
        } finally {
            lock.unlock();
        }
        deliver(tx.events());
        return result;
    }

    /**
     * Runs a ledger write as {@link #write(Function)} does; when it refuses the assignment (a broken rule or tables
     * taken), the write is discarded and one {@link AssignmentRejectedEvent} is published before the error is
     * rethrown unchanged.
     *
     * @param restaurantId the restaurant written to
     * @param kind which write it is
     * @param operation the write; throwing discards everything it did
     * @return what the operation returned
     */
    <T> T write(RestaurantId restaurantId, AssignmentRejectedEvent.Operation kind, Function<Transaction, T> operation) {
        try {
            return write(operation);
        } catch (AssignmentRejected | AllocationConflict | PolicyDrift | HoldExtensionLimit e) {
            deliver(new AssignmentRejectedEvent(restaurantId, kind, e), CapacityListener::onAssignmentRejected);
            throw e;
        }
    }

    /**
     * Finds unconfirmed holds of every restaurant with {@code expiresAt <= cutoff}, in the sweeper's claim order
     * ({@code expiresAt}, then id). For the in-memory hold sweeper, which removes them through {@link #write}.
     * Reads the committed data; the lock is reentrant, so a write may call this to claim and delete in one step.
     *
     * @param cutoff typically {@code now - grace}
     * @param limit the most to return, positive
     */
    List<HoldRow> expiredUnconfirmedHolds(Instant cutoff, int limit) {
        Objects.requireNonNull(cutoff, "cutoff");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        lock.lock();
        try {
            return restaurants.values().stream()
                    .flatMap(r -> r.holds.values().stream())
                    .filter(h -> !h.isConfirmed() && !h.expiresAt().isAfter(cutoff))
                    .sorted(Ordering.BY_EXPIRY)
                    .limit(limit)
                    .toList();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Delivers events one by one; a failing listener is logged and never breaks the operation or later events.
     */
    void deliver(List<HoldExpiredEvent> events) {
        for (HoldExpiredEvent event : events) {
            deliver(event, CapacityListener::onHoldExpired);
        }
    }

    /**
     * Delivers one event to the listener. A listener that throws is logged and ignored. {@link Exception} rather
     * than {@link RuntimeException} because a listener can throw a checked exception sneakily; {@link Error}s (out
     * of memory, …) are left alone.
     *
     * @param event the event
     * @param method the listener method that receives it
     */
    <E> void deliver(E event, BiConsumer<CapacityListener, E> method) {
        try {
            method.accept(listener, event);
        } catch (Exception e) {
            LOG.log(Level.WARNING, () -> "CapacityListener failed on " + event
                    + "; the event is dropped, the operation is not affected", e);
        }
    }
}
