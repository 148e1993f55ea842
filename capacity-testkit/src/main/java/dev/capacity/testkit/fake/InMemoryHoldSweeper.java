package dev.capacity.testkit.fake;

import dev.capacity.api.HoldSweeper;
import dev.capacity.api.SweepResult;
import dev.capacity.api.SweeperSettings;
import dev.capacity.api.error.CapacityError;
import dev.capacity.api.error.InternalFailure;
import dev.capacity.api.event.CapacityListener;
import dev.capacity.api.event.SweepCompletedEvent;
import dev.capacity.api.event.SweepFailedEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The in-memory {@link HoldSweeper}, batch for batch what the PostgreSQL sweeper does: each batch claims up to
 * {@code batchSize} unconfirmed holds with {@code expiresAt <= now - grace} in {@code (expiresAt, id)} order across
 * every restaurant and deletes them with their allocations in one {@link InMemoryState#write} (the counterpart of
 * one statement and one commit per batch); their {@code HoldExpiredEvent}s follow the batch. The call stops after a
 * short batch, after {@code maxBatches}, or once the time budget is spent (measured with {@link System#nanoTime()},
 * like the PostgreSQL sweeper; business time comes from the clock). The statement and lock timeouts have no
 * in-memory meaning.
 *
 * <p>Immutable and thread-safe: concurrent calls never sweep a hold twice, because each batch claims and deletes
 * under the state's lock.
 */
final class InMemoryHoldSweeper implements HoldSweeper {

    private final InMemoryState state;
    private final SweeperSettings settings;

    InMemoryHoldSweeper(InMemoryState state, SweeperSettings settings) {
        this.state = Objects.requireNonNull(state, "state");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public SweepResult sweep() {
        long started = System.nanoTime();
        int swept = 0;
        int batches = 0;
        try {
            while (true) {
                int deleted = state.write(this::sweepBatch);
                batches++;
                swept += deleted;
                boolean drained = deleted < settings.batchSize();
                if (drained || batches >= settings.maxBatches()
                        || elapsed(started).compareTo(settings.timeBudget()) >= 0) {
                    break;
                }
            }
            SweepResult result = finish(swept, batches, started);
            state.deliver(new SweepCompletedEvent(result), CapacityListener::onSweepCompleted);
            return result;
        } catch (RuntimeException e) {
            // Nothing in memory should fail; if something does, report it the way the PostgreSQL sweeper would.
            CapacityError error = e instanceof CapacityError c ? c : new InternalFailure("sweep failed", e);
            SweepResult partial = new SweepResult(swept, batches, elapsed(started), true, null);
            state.deliver(new SweepFailedEvent(partial, error), CapacityListener::onSweepFailed);
            throw error;
        }
    }

    /**
     * One batch: claim and delete in the same write, so no other write can confirm, release or sweep a claimed hold
     * in between (what {@code FOR UPDATE SKIP LOCKED} plus the re-asserted predicate guarantee in PostgreSQL).
     * Every claimed hold is expired at {@code tx.now}, so {@link Transaction#removeHold} queues its event.
     */
    private int sweepBatch(Transaction tx) {
        List<HoldRow> victims = state.expiredUnconfirmedHolds(tx.now.minus(settings.grace()), settings.batchSize());
        for (HoldRow hold : victims) {
            tx.removeHold(tx.restaurant(hold.restaurantId()), hold);
        }
        return victims.size();
    }

    /**
     * Measures what is left after the last batch. The lag counts every expired unconfirmed hold, including those
     * still within the grace period; the backlog only those a sweep would take.
     */
    private SweepResult finish(int swept, int batches, long started) {
        Instant now = state.now();
        List<HoldRow> oldest = state.expiredUnconfirmedHolds(now, 1);
        Duration lag = oldest.isEmpty() ? null : Duration.between(oldest.get(0).expiresAt(), now);
        boolean backlog = !oldest.isEmpty() && !oldest.get(0).expiresAt().isAfter(now.minus(settings.grace()));
        return new SweepResult(swept, batches, elapsed(started), backlog, lag);
    }

    private static Duration elapsed(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }
}
