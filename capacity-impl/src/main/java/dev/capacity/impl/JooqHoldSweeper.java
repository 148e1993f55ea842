package dev.capacity.impl;

import dev.capacity.api.HoldSweeper;
import dev.capacity.api.SweepResult;
import dev.capacity.api.SweeperSettings;
import dev.capacity.api.error.CapacityError;
import dev.capacity.api.event.CapacityListener;
import dev.capacity.api.event.HoldExpiredEvent;
import dev.capacity.api.event.SweepCompletedEvent;
import dev.capacity.api.event.SweepFailedEvent;
import dev.capacity.impl.internal.Db;
import dev.capacity.impl.internal.Listeners;
import dev.capacity.impl.internal.SqlStates;
import dev.capacity.impl.internal.SweepSql;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jooq.Field;

/**
 * {@link HoldSweeper} on PostgreSQL: one statement and one transaction per batch, claims with
 * {@code FOR UPDATE SKIP LOCKED}, events after each batch's commit. Safe to run on many instances at once.
 * Immutable and thread-safe.
 */
final class JooqHoldSweeper implements HoldSweeper {

    private final Db db;
    private final CapacityListener listener;
    private final SweeperSettings settings;
    private final SweepSql.Batch batch;
    private final SweepSql.Probe probe;

    JooqHoldSweeper(Db db, CapacityListener listener, SweeperSettings settings) {
        this.db = db;
        this.listener = listener;
        this.settings = settings;
        List<Field<String>> timeouts = db.jobSettings(settings.statementTimeout(), settings.lockTimeout());
        this.batch = SweepSql.batch(db.dsl(), timeouts, settings.batchSize());
        this.probe = SweepSql.probe(db.dsl(), timeouts);
    }

    @Override
    public SweepResult sweep() {
        long started = System.nanoTime();
        int swept = 0;
        int batches = 0;
        try {
            while (true) {
                Instant now = db.now();
                List<HoldExpiredEvent> events = db.jobTransactionSendingSettings("sweep",
                        tx -> batch.run(tx, now.minus(settings.grace())));
                batches++;
                swept += events.size();
                Listeners.deliver(listener, events, CapacityListener::onHoldExpired);
                boolean drained = events.size() < settings.batchSize();
                if (drained || batches >= settings.maxBatches() || elapsed(started).compareTo(settings.timeBudget()) >= 0) {
                    break;
                }
            }
            SweepResult result = finish(swept, batches, started);
            Listeners.deliver(listener, List.of(new SweepCompletedEvent(result)), CapacityListener::onSweepCompleted);
            return result;
        } catch (RuntimeException e) {
            CapacityError error = e instanceof CapacityError c ? c : SqlStates.translate(e, "sweep");
            SweepResult partial = new SweepResult(swept, batches, elapsed(started), true, null);
            Listeners.deliver(listener, List.of(new SweepFailedEvent(partial, error)), CapacityListener::onSweepFailed);
            throw error;
        }
    }

    /** Measures what is left: a short batch does not prove the backlog is gone (other sweepers hold locks). */
    private SweepResult finish(int swept, int batches, long started) {
        Instant now = db.now();
        Instant oldest = db.jobTransactionSendingSettings("sweep", tx -> probe.run(tx, now));
        Duration lag = oldest == null ? null : Duration.between(oldest, now);
        boolean backlog = oldest != null && !oldest.isAfter(now.minus(settings.grace()));
        return new SweepResult(swept, batches, elapsed(started), backlog, lag);
    }

    private static Duration elapsed(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }
}
