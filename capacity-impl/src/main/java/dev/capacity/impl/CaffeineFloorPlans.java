package dev.capacity.impl;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.capacity.api.FloorPlan;
import dev.capacity.api.FloorPlans;
import dev.capacity.api.RestaurantId;
import dev.capacity.api.error.CapacityError;
import dev.capacity.api.event.CapacityListener;
import dev.capacity.api.event.FloorPlanInvalidatedEvent;
import dev.capacity.api.event.FloorPlanInvalidatedEvent.Reason;
import dev.capacity.impl.internal.Db;
import dev.capacity.impl.internal.FloorPlanNotifications;
import dev.capacity.impl.internal.FloorPlanRows;
import dev.capacity.impl.internal.Listeners;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link FloorPlans} on a bounded Caffeine cache. Entries are dropped after this instance's edits, on database
 * notifications (any instance, plain SQL), and all at once whenever the notification connection is (re)established,
 * since edits made while it was down were not heard. The time-to-live is a backstop only.
 *
 * <p>A load that races an invalidation cannot leave a stale entry behind: Caffeine makes an invalidation of a key
 * wait for that key's in-flight load, then removes what it loaded. Thread-safe.
 */
final class CaffeineFloorPlans implements FloorPlans, FloorPlanNotifications.Callbacks {

    private static final Logger LOG = LoggerFactory.getLogger(CaffeineFloorPlans.class);

    private final LoadingCache<RestaurantId, FloorPlan> cache;
    private final CapacityListener listener;
    private final AtomicLong invalidations = new AtomicLong();
    private final AtomicLong invalidationFailures = new AtomicLong();

    CaffeineFloorPlans(Db db, CapacityListener listener, long maximumSize, Duration timeToLive) {
        this.listener = listener;
        this.cache = Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .expireAfterWrite(timeToLive)
                .build(r -> db.transaction(r, "loadFloorPlan", tx -> FloorPlanRows.load(tx, r)));
    }

    @Override
    public FloorPlan get(RestaurantId restaurantId) {
        Objects.requireNonNull(restaurantId, "restaurantId");
        try {
            return cache.get(restaurantId);
        } catch (CompletionException e) {
            // Caffeine wraps checked failures of the loader; ours are CapacityErrors and stay as they are.
            if (e.getCause() instanceof CapacityError c) {
                throw c;
            }
            throw e;
        }
    }

    @Override
    public void invalidate(RestaurantId restaurantId) {
        Objects.requireNonNull(restaurantId, "restaurantId");
        drop(restaurantId, Reason.MANUAL);
    }

    @Override
    public void invalidateAll() {
        drop(null, Reason.MANUAL);
    }

    /** After an edit through this instance committed. */
    void edited(RestaurantId restaurantId) {
        drop(restaurantId, Reason.EDIT);
    }

    @Override
    public void changed(UUID restaurantId) {
        drop(new RestaurantId(restaurantId), Reason.NOTIFICATION);
    }

    @Override
    public void reset() {
        drop(null, Reason.RECONNECT);
    }

    /** How many entries or full resets were dropped so far. */
    long invalidations() {
        return invalidations.get();
    }

    /** How many invalidations failed (logged, never thrown). */
    long invalidationFailures() {
        return invalidationFailures.get();
    }

    private void drop(@Nullable RestaurantId restaurantId, Reason reason) {
        try {
            if (restaurantId == null) {
                cache.invalidateAll();
            } else {
                cache.invalidate(restaurantId);
            }
            invalidations.incrementAndGet();
        } catch (RuntimeException e) {
            invalidationFailures.incrementAndGet();
            LOG.warn("Could not drop cached floor plan {} ({}); the time-to-live will", restaurantId, reason, e);
            return;
        }
        Listeners.deliver(listener, List.of(new FloorPlanInvalidatedEvent(restaurantId, reason)),
                CapacityListener::onFloorPlanInvalidated);
    }
}
