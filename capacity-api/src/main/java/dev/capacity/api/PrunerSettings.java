package dev.capacity.api;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How an {@link AllocationPruner} works. Defaults: keep 30 days live, batches of 2,000, a call bounded to 50
 * batches or 30 seconds, per-batch timeouts, and an archive kept forever.
 *
 * @param retention how long after its window ended an allocation stays live, at most {@link #MAX_RETENTION}; zero
 *     or negative disables pruning
 * @param batchSize rows per batch (one statement, one transaction), 1–10,000
 * @param maxBatches most batches per call, at least 1
 * @param timeBudget no new batch starts once a call has run this long; positive
 * @param statementTimeout per-batch statement timeout; from 1 ms to {@link #MAX_TIMEOUT}
 * @param lockTimeout per-batch lock timeout; from 1 ms to {@link #MAX_TIMEOUT}
 * @param archiveRetention how long archived rows are kept (by {@code archived_at}), positive and at most
 *     {@link #MAX_RETENTION}; null keeps them forever
 */
public record PrunerSettings(Duration retention, int batchSize, int maxBatches, Duration timeBudget,
        Duration statementTimeout, Duration lockTimeout, @Nullable Duration archiveRetention) {

    /** Largest allowed batch. */
    public static final int MAX_BATCH_SIZE = 10_000;

    /** Longest statement or lock timeout; see {@link SweeperSettings#MAX_TIMEOUT}. */
    public static final Duration MAX_TIMEOUT = SweeperSettings.MAX_TIMEOUT;

    /**
     * Longest retention and archive retention, about 1,000 years: {@code now - retention} must stay a date the
     * database can compare with. To keep allocations live for ever, disable pruning with a zero retention.
     */
    public static final Duration MAX_RETENTION = Duration.ofDays(365_000);

    /**
     * Creates settings.
     *
     * @param retention how long after its window ended an allocation stays live; zero or negative disables pruning
     * @param batchSize rows per batch (one statement, one transaction), 1–10,000
     * @param maxBatches most batches per call, at least 1
     * @param timeBudget no new batch starts once a call has run this long; positive
     * @param statementTimeout per-batch statement timeout; positive
     * @param lockTimeout per-batch lock timeout; positive
     * @param archiveRetention how long archived rows are kept (by {@code archived_at}); null keeps them forever
     * @throws NullPointerException if a required duration is null
     * @throws IllegalArgumentException if a value is out of range; the message names it
     */
    public PrunerSettings {
        Objects.requireNonNull(retention, "retention");
        if (retention.compareTo(MAX_RETENTION) > 0) {
            throw new IllegalArgumentException("retention must be at most " + MAX_RETENTION + ": " + retention);
        }
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("batchSize must be 1-" + MAX_BATCH_SIZE + ": " + batchSize);
        }
        if (maxBatches < 1) {
            throw new IllegalArgumentException("maxBatches must be at least 1: " + maxBatches);
        }
        positive(timeBudget, "timeBudget");
        SweeperSettings.timeout(statementTimeout, "statementTimeout");
        SweeperSettings.timeout(lockTimeout, "lockTimeout");
        if (archiveRetention != null && (archiveRetention.isNegative() || archiveRetention.isZero()
                || archiveRetention.compareTo(MAX_RETENTION) > 0)) {
            throw new IllegalArgumentException("archiveRetention must be positive and at most " + MAX_RETENTION
                    + ", or null: " + archiveRetention);
        }
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }

    /**
     * The defaults.
     *
     * @return 30 days, batch 2,000, 50 batches or 30 s per call, 30 s statement and 2 s lock timeout, archive kept
     */
    public static PrunerSettings defaults() {
        return new PrunerSettings(Duration.ofDays(30), 2000, 50, Duration.ofSeconds(30), Duration.ofSeconds(30),
                Duration.ofSeconds(2), null);
    }

    /**
     * @param retention how long allocations stay live after their window ended (non-positive disables pruning)
     * @return a copy with this retention
     */
    public PrunerSettings withRetention(Duration retention) {
        return new PrunerSettings(retention, batchSize, maxBatches, timeBudget, statementTimeout, lockTimeout,
                archiveRetention);
    }

    /**
     * @param batchSize rows per batch
     * @return a copy with this batch size
     */
    public PrunerSettings withBatchSize(int batchSize) {
        return new PrunerSettings(retention, batchSize, maxBatches, timeBudget, statementTimeout, lockTimeout,
                archiveRetention);
    }

    /**
     * @param maxBatches most batches per call
     * @return a copy with this bound
     */
    public PrunerSettings withMaxBatches(int maxBatches) {
        return new PrunerSettings(retention, batchSize, maxBatches, timeBudget, statementTimeout, lockTimeout,
                archiveRetention);
    }

    /**
     * @param timeBudget time after which no new batch starts
     * @return a copy with this budget
     */
    public PrunerSettings withTimeBudget(Duration timeBudget) {
        return new PrunerSettings(retention, batchSize, maxBatches, timeBudget, statementTimeout, lockTimeout,
                archiveRetention);
    }

    /**
     * @param archiveRetention how long archived rows are kept, or null for ever
     * @return a copy with this archive retention
     */
    public PrunerSettings withArchiveRetention(@Nullable Duration archiveRetention) {
        return new PrunerSettings(retention, batchSize, maxBatches, timeBudget, statementTimeout, lockTimeout,
                archiveRetention);
    }

    /**
     * @param statementTimeout per-batch statement timeout
     * @param lockTimeout per-batch lock timeout
     * @return a copy with these timeouts
     */
    public PrunerSettings withTimeouts(Duration statementTimeout, Duration lockTimeout) {
        return new PrunerSettings(retention, batchSize, maxBatches, timeBudget, statementTimeout, lockTimeout,
                archiveRetention);
    }

    /** @return whether pruning is enabled (positive retention) */
    public boolean enabled() {
        return !retention.isNegative() && !retention.isZero();
    }
}
