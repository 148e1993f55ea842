package dev.capacity.impl;

import static dev.capacity.impl.internal.db.Tables.ALLOCATIONS_ARCHIVE;

import dev.capacity.api.AllocationId;
import dev.capacity.api.AllocationPruner;
import dev.capacity.api.BookingId;
import dev.capacity.api.PrunePreview;
import dev.capacity.api.PruneResult;
import dev.capacity.api.PrunerSettings;
import dev.capacity.api.RestaurantId;
import dev.capacity.api.error.CapacityError;
import dev.capacity.api.error.RestoreConflict;
import dev.capacity.api.error.TableNotFound;
import dev.capacity.api.event.CapacityListener;
import dev.capacity.api.event.PruneCompletedEvent;
import dev.capacity.api.event.PruneFailedEvent;
import dev.capacity.impl.internal.Db;
import dev.capacity.impl.internal.LedgerSql;
import dev.capacity.impl.internal.Listeners;
import dev.capacity.impl.internal.OverlapDetected;
import dev.capacity.impl.internal.PruneSql;
import dev.capacity.impl.internal.RequestChecks;
import dev.capacity.impl.internal.RestoreSql;
import dev.capacity.impl.internal.SqlStates;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.IntSupplier;
import org.jooq.Condition;
import org.jooq.Record2;

/**
 * {@link AllocationPruner} on PostgreSQL: one statement and one transaction per batch, candidates claimed with
 * {@code FOR UPDATE SKIP LOCKED} in {@code upper(during)} order, {@code DELETE … RETURNING} feeding the archive
 * insert. Safe on many instances at once. Immutable and thread-safe.
 */
final class JooqAllocationPruner implements AllocationPruner {

    /** Most ids one restore may name: the ids travel as one array parameter. */
    static final int MAX_RESTORE_IDS = 10_000;

    private final Db db;
    private final CapacityListener listener;
    private final PrunerSettings settings;

    JooqAllocationPruner(Db db, CapacityListener listener, PrunerSettings settings) {
        this.db = db;
        this.listener = listener;
        this.settings = settings;
    }

    @Override
    public PruneResult prune() {
        long started = System.nanoTime();
        if (!settings.enabled()) {
            PruneResult off = new PruneResult(0, 0, null, elapsed(started), false, 0);
            Listeners.deliver(listener, List.of(new PruneCompletedEvent(off)), CapacityListener::onPruneCompleted);
            return off;
        }
        Instant now = db.now();
        Instant cutoff = now.minus(settings.retention());
        Progress progress = new Progress();
        try {
            // The first archive batch runs whatever the budget, so that every call makes progress (as the sweeper
            // does): a small budget spent before the first batch must not starve the pruner. The later steps only
            // use what is left of the budget.
            repeat(started, true, () -> {
                int moved = batch(tx -> PruneSql.archiveBatch(tx, cutoff, settings.batchSize(), now));
                progress.batches++;
                progress.archived += moved;
                return moved;
            });
            boolean backlog = db.jobTransaction("prune", settings.statementTimeout(), settings.lockTimeout(),
                    tx -> PruneSql.anyEligible(tx, cutoff));
            repeat(started, false, () -> batch(tx -> PruneSql.purgeConfirmedHolds(tx, cutoff, settings.batchSize())));
            Duration keep = settings.archiveRetention();
            if (keep != null) {
                repeat(started, false, () -> {
                    int n = batch(tx -> PruneSql.purgeBatch(tx, now.minus(keep), settings.batchSize()));
                    progress.purged += n;
                    return n;
                });
            }
            PruneResult result = new PruneResult(progress.archived, progress.batches, cutoff, elapsed(started),
                    backlog, progress.purged);
            Listeners.deliver(listener, List.of(new PruneCompletedEvent(result)), CapacityListener::onPruneCompleted);
            return result;
        } catch (RuntimeException e) {
            CapacityError error = e instanceof CapacityError c ? c : SqlStates.translate(e, "prune");
            PruneResult partial = new PruneResult(progress.archived, progress.batches, cutoff, elapsed(started), true,
                    progress.purged);
            Listeners.deliver(listener, List.of(new PruneFailedEvent(partial, error)), CapacityListener::onPruneFailed);
            throw error;
        }
    }

    /** What a call did so far, kept outside the loops so that a failure reports it too. */
    private static final class Progress {
        private int archived;
        private int batches;
        private int purged;
    }

    /** One batch in its own transaction with the per-batch timeouts. */
    private int batch(java.util.function.Function<org.jooq.DSLContext, Integer> work) {
        return db.jobTransaction("prune", settings.statementTimeout(), settings.lockTimeout(), work);
    }

    /**
     * Runs batches until one is short, or {@code maxBatches} ran, or the call's time budget is spent. Archiving
     * ({@code firstAlways}) always runs its first batch, so that every call makes progress however small the budget;
     * dropping confirmed holds and purging the archive only use what is left of the budget, so that they never
     * start a batch after it. Each step gets its own count of batches.
     */
    private void repeat(long started, boolean firstAlways, IntSupplier batch) {
        for (int batches = 1; ; batches++) {
            if ((batches > 1 || !firstAlways) && elapsed(started).compareTo(settings.timeBudget()) >= 0) {
                return;
            }
            if (batch.getAsInt() < settings.batchSize() || batches >= settings.maxBatches()) {
                return;
            }
        }
    }

    @Override
    public PrunePreview preview() {
        if (!settings.enabled()) {
            return new PrunePreview(null, 0, null, db.jobTransaction("preview", settings.statementTimeout(),
                    settings.lockTimeout(), PruneSql::archived));
        }
        Instant cutoff = db.now().minus(settings.retention());
        return db.jobTransaction("preview", settings.statementTimeout(), settings.lockTimeout(), tx -> {
            Record2<Integer, OffsetDateTime> stats = PruneSql.eligibleStats(tx, cutoff);
            OffsetDateTime oldest = stats.value2();
            return new PrunePreview(cutoff, stats.value1(), oldest == null ? null : oldest.toInstant(),
                    PruneSql.archived(tx));
        });
    }

    @Override
    public int restoreBooking(RestaurantId restaurantId, BookingId bookingId) {
        Objects.requireNonNull(restaurantId, "restaurantId");
        Objects.requireNonNull(bookingId, "bookingId");
        return restore(restaurantId, ALLOCATIONS_ARCHIVE.BOOKING_ID.eq(bookingId.value()));
    }

    @Override
    public int restore(RestaurantId restaurantId, Collection<AllocationId> allocationIds) {
        Objects.requireNonNull(restaurantId, "restaurantId");
        Objects.requireNonNull(allocationIds, "allocationIds");
        allocationIds.forEach(id -> Objects.requireNonNull(id, "allocationIds element"));
        if (allocationIds.size() > MAX_RESTORE_IDS) {
            throw RequestChecks.invalid("allocationIds", "At most " + MAX_RESTORE_IDS + " ids per restore; got "
                    + allocationIds.size() + ".");
        }
        if (allocationIds.isEmpty()) {
            return 0;
        }
        UUID[] ids = allocationIds.stream().map(AllocationId::value).toArray(UUID[]::new);
        return restore(restaurantId, ALLOCATIONS_ARCHIVE.ID.eq(org.jooq.impl.DSL.any(ids)));
    }

    private int restore(RestaurantId r, Condition which) {
        Condition archived = RestoreSql.archived(r, which);
        LedgerWrites writes = new LedgerWrites(db, listener);
        try {
            return writes.ledger(r, "restore", (tx, now, removed) -> {
                // Queue behind other writers of the same tables, like every ledger write, instead of deadlocking.
                LedgerSql.lockTables(tx, RestoreSql.tables(tx, archived));
                removed.addAll(RestoreSql.clearExpiredHolds(tx, archived, now));
                return RestoreSql.restore(tx, archived);
            });
        } catch (OverlapDetected e) {
            Instant now = db.now();
            throw new RestoreConflict("Restoring would overlap live allocations; nothing was restored.",
                    db.read(r, "restore", ctx -> RestoreSql.blockers(ctx, archived, now)));
        } catch (CapacityError e) {
            if (e.getCause() != null && SqlStates.classify(e.getCause()) == SqlStates.Kind.FOREIGN_KEY_VIOLATION) {
                TableNotFound missing = db.read(r, "restore", ctx -> {
                    var table = RestoreSql.missingTable(ctx, archived);
                    return table == null ? null : new TableNotFound(table);
                });
                if (missing != null) {
                    throw missing;
                }
            }
            throw e;
        }
    }

    private static Duration elapsed(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }
}
