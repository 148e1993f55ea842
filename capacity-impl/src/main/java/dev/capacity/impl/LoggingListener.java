package dev.capacity.impl;

import dev.capacity.api.event.AssignmentRejectedEvent;
import dev.capacity.api.event.CapacityListener;
import dev.capacity.api.event.FloorPlanInvalidatedEvent;
import dev.capacity.api.event.HoldExpiredEvent;
import dev.capacity.api.event.PruneCompletedEvent;
import dev.capacity.api.event.PruneFailedEvent;
import dev.capacity.api.event.SweepCompletedEvent;
import dev.capacity.api.event.SweepFailedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default listener: writes every event to slf4j, under the logger {@code dev.capacity.events}. Job runs that
 * did something are INFO, idle runs and per-item events (an expired hold, a dropped cache entry, a refused
 * assignment, which are normal business) DEBUG, and failed jobs WARN, so that a host's default log level shows
 * the jobs' work and their failures without one line per hold. Stateless and thread-safe.
 */
final class LoggingListener implements CapacityListener {

    static final LoggingListener INSTANCE = new LoggingListener();

    private static final Logger LOG = LoggerFactory.getLogger("dev.capacity.events");

    private LoggingListener() {
    }

    @Override
    public void onHoldExpired(HoldExpiredEvent e) {
        LOG.debug("Hold {} of restaurant {} expired at {} and was swept (tables {}, window {})", e.holdId(),
                e.restaurantId(), e.expiredAt(), e.tableIds(), e.window());
    }

    @Override
    public void onSweepCompleted(SweepCompletedEvent e) {
        var r = e.result();
        boolean worked = r.swept() > 0 || r.backlogRemaining();
        String message = "Hold sweep: {} holds in {} batches in {} ms; backlog remaining {}; sweep lag {}";
        Object[] args = {r.swept(), r.batches(), r.duration().toMillis(), r.backlogRemaining(), r.sweepLag()};
        if (worked) {
            LOG.info(message, args);
        } else {
            LOG.debug(message, args);
        }
    }

    @Override
    public void onSweepFailed(SweepFailedEvent e) {
        LOG.warn("Hold sweep failed after {} holds in {} batches: {} ({})", e.partial().swept(),
                e.partial().batches(), e.error().code(), e.error().getMessage());
    }

    @Override
    public void onPruneCompleted(PruneCompletedEvent e) {
        var r = e.result();
        boolean worked = r.archived() > 0 || r.purged() > 0 || r.backlogRemaining();
        String message = "Allocation prune: {} archived and {} purged from the archive in {} batches in {} ms; "
                + "cutoff {}; backlog remaining {}";
        Object[] args = {r.archived(), r.purged(), r.batches(), r.duration().toMillis(), r.cutoff(),
            r.backlogRemaining()};
        if (worked) {
            LOG.info(message, args);
        } else {
            LOG.debug(message, args);
        }
    }

    @Override
    public void onPruneFailed(PruneFailedEvent e) {
        LOG.warn("Allocation prune failed after {} rows in {} batches: {} ({})", e.partial().archived(),
                e.partial().batches(), e.error().code(), e.error().getMessage());
    }

    @Override
    public void onFloorPlanInvalidated(FloorPlanInvalidatedEvent e) {
        LOG.debug("Cached floor plan dropped ({}): {}", e.reason(),
                e.restaurantId() == null ? "all restaurants" : "restaurant " + e.restaurantId());
    }

    @Override
    public void onAssignmentRejected(AssignmentRejectedEvent e) {
        LOG.debug("{} refused for restaurant {}: {}", e.operation().tag(), e.restaurantId(), e.code());
    }

    @Override
    public String toString() {
        return "LoggingListener";
    }
}
