package dev.capacity.api;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link HoldSweeper} works. Defaults follow what Postgres job systems found to work: batches of 500, a
 * call bounded to 100 batches or 10 seconds, no grace, and per-batch timeouts so that one stuck lock cannot hang
 * the host's scheduler thread.
 *
 * @param batchSize holds per batch (one statement, one transaction), 1–10,000
 * @param maxBatches most batches per call, at least 1
 * @param timeBudget no new batch starts once a call has run this long; positive
 * @param grace how long after expiry a hold is left alone (zero: sweep at expiry); not negative, at most
 *     {@link #MAX_GRACE}
 * @param statementTimeout per-batch statement timeout; from 1 ms to {@link #MAX_TIMEOUT}
 * @param lockTimeout per-batch lock timeout; from 1 ms to {@link #MAX_TIMEOUT}
 */
public record SweeperSettings(int batchSize, int maxBatches, Duration timeBudget, Duration grace,
        Duration statementTimeout, Duration lockTimeout) {

    /** Largest allowed batch: bigger batches get slower per hold and hold locks longer. */
    public static final int MAX_BATCH_SIZE = 10_000;

    /**
     * Longest statement or lock timeout: PostgreSQL keeps them as a 32-bit number of milliseconds (about 24.8 days)
     * and refuses more, which would fail every batch.
     */
    public static final Duration MAX_TIMEOUT = Duration.ofMillis(Integer.MAX_VALUE);

    /** Longest grace, about 1,000 years: {@code now - grace} must stay a date the database can compare with. */
    public static final Duration MAX_GRACE = Duration.ofDays(365_000);

    /**
     * Creates settings.
     *
     * @param batchSize holds per batch (one statement, one transaction), 1–10,000
     * @param maxBatches most batches per call, at least 1
     * @param timeBudget no new batch starts once a call has run this long; positive
     * @param grace how long after expiry a hold is left alone (zero: sweep at expiry); not negative
     * @param statementTimeout per-batch statement timeout; positive
     * @param lockTimeout per-batch lock timeout; positive
     * @throws NullPointerException if a duration is null
     * @throws IllegalArgumentException if a value is out of range; the message names it
     */
    public SweeperSettings {
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("batchSize must be 1-" + MAX_BATCH_SIZE + ": " + batchSize);
        }
        if (maxBatches < 1) {
            throw new IllegalArgumentException("maxBatches must be at least 1: " + maxBatches);
        }
        positive(timeBudget, "timeBudget");
        Objects.requireNonNull(grace, "grace");
        if (grace.isNegative() || grace.compareTo(MAX_GRACE) > 0) {
            throw new IllegalArgumentException("grace must be from zero to " + MAX_GRACE + ": " + grace);
        }
        timeout(statementTimeout, "statementTimeout");
        timeout(lockTimeout, "lockTimeout");
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }

    /** Whole milliseconds are what the database applies; less than one would turn the timeout off. */
    static void timeout(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.compareTo(Duration.ofMillis(1)) < 0 || d.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException(name + " must be from 1 ms to " + MAX_TIMEOUT + ": " + d);
        }
    }

    /**
     * The defaults: batch 500, 100 batches or 10 s per call, no grace, 10 s statement and 2 s lock timeout.
     *
     * @return the default settings
     */
    public static SweeperSettings defaults() {
        return new SweeperSettings(500, 100, Duration.ofSeconds(10), Duration.ZERO, Duration.ofSeconds(10),
                Duration.ofSeconds(2));
    }

    /**
     * @param batchSize holds per batch
     * @return a copy with this batch size
     */
    public SweeperSettings withBatchSize(int batchSize) {
        return new SweeperSettings(batchSize, maxBatches, timeBudget, grace, statementTimeout, lockTimeout);
    }

    /**
     * @param maxBatches most batches per call
     * @return a copy with this bound
     */
    public SweeperSettings withMaxBatches(int maxBatches) {
        return new SweeperSettings(batchSize, maxBatches, timeBudget, grace, statementTimeout, lockTimeout);
    }

    /**
     * @param timeBudget time after which no new batch starts
     * @return a copy with this budget
     */
    public SweeperSettings withTimeBudget(Duration timeBudget) {
        return new SweeperSettings(batchSize, maxBatches, timeBudget, grace, statementTimeout, lockTimeout);
    }

    /**
     * @param grace how long after expiry a hold is left alone
     * @return a copy with this grace
     */
    public SweeperSettings withGrace(Duration grace) {
        return new SweeperSettings(batchSize, maxBatches, timeBudget, grace, statementTimeout, lockTimeout);
    }

    /**
     * @param statementTimeout per-batch statement timeout
     * @param lockTimeout per-batch lock timeout
     * @return a copy with these timeouts
     */
    public SweeperSettings withTimeouts(Duration statementTimeout, Duration lockTimeout) {
        return new SweeperSettings(batchSize, maxBatches, timeBudget, grace, statementTimeout, lockTimeout);
    }
}
