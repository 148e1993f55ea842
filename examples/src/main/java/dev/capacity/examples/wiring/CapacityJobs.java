package dev.capacity.examples.wiring;

import dev.capacity.api.AllocationPruner;
import dev.capacity.api.HoldSweeper;
import dev.capacity.api.error.CapacityError;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hold sweeper and the allocation pruner on one {@link ScheduledExecutorService} thread, with fixed delays (the
 * next run starts after the previous one ended). Run it on every instance of the service: the jobs claim their rows
 * with {@code SKIP LOCKED}, so no lock or leader is needed.
 *
 * <p>Each run catches everything: an exception that escapes a {@code scheduleWithFixedDelay} task silently cancels
 * every later run. Retryable failures ({@code BUSY}, {@code UNAVAILABLE}) are simply tried again at the next run.
 *
 * <p>Thread-safe. {@link #close()} stops the thread and waits for a running job, so close it before the pool.
 */
public final class CapacityJobs implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CapacityJobs.class);

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "capacity-jobs");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong sweeps = new AtomicLong();
    private final AtomicLong sweepFailures = new AtomicLong();
    private final AtomicLong prunes = new AtomicLong();
    private final AtomicLong pruneFailures = new AtomicLong();

    /** Creates the jobs' thread; nothing runs until a job is scheduled. */
    public CapacityJobs() {
    }

    /**
     * Runs the sweeper every {@code every} (30–60 s in production), the first time after one interval.
     *
     * @param sweeper the sweeper, for example {@code capacity.holdSweeper()}
     * @param every the delay between the end of one run and the start of the next
     * @return this
     */
    public CapacityJobs scheduleSweeper(HoldSweeper sweeper, Duration every) {
        scheduler.scheduleWithFixedDelay(() -> run("hold sweep", sweeps, sweepFailures, sweeper::sweep),
                every.toNanos(), every.toNanos(), TimeUnit.NANOSECONDS);
        return this;
    }

    /**
     * Runs the pruner every {@code every} (hourly or nightly in production).
     *
     * @param pruner the pruner, for example {@code capacity.allocationPruner()}
     * @param initialDelay the delay before the first run (keep it away from start-up)
     * @param every the delay between the end of one run and the start of the next
     * @return this
     */
    public CapacityJobs schedulePruner(AllocationPruner pruner, Duration initialDelay, Duration every) {
        scheduler.scheduleWithFixedDelay(() -> run("allocation prune", prunes, pruneFailures, pruner::prune),
                initialDelay.toNanos(), every.toNanos(), TimeUnit.NANOSECONDS);
        return this;
    }

    private static void run(String job, AtomicLong runs, AtomicLong failures, Runnable call) {
        try {
            call.run();
        } catch (CapacityError e) {
            failures.incrementAndGet();
            // The listener already saw a SweepFailedEvent / PruneFailedEvent; the next run retries.
            LOG.warn("{} failed ({}, retryable: {})", job, e.code(), e.isRetryable(), e);
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            LOG.error("{} failed unexpectedly", job, e);
        } finally {
            runs.incrementAndGet();
        }
    }

    /** @return sweeper runs so far, failed ones included */
    public long sweeps() {
        return sweeps.get();
    }

    /** @return sweeper runs that failed */
    public long sweepFailures() {
        return sweepFailures.get();
    }

    /** @return pruner runs so far, failed ones included */
    public long prunes() {
        return prunes.get();
    }

    /** @return pruner runs that failed */
    public long pruneFailures() {
        return pruneFailures.get();
    }

    /** Stops scheduling and waits up to 30 s for a running job; a batch cut off after that rolls back whole. */
    @Override
    public void close() {
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(30, TimeUnit.SECONDS)) {
                scheduler.shutdownNow();
            }
        } catch (InterruptedException e) {
            scheduler.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
