package dev.capacity.impl;

import dev.capacity.api.AssignmentRules;
import dev.capacity.api.Blocker;
import dev.capacity.api.BookingId;
import dev.capacity.api.HoldId;
import dev.capacity.api.RestaurantId;
import dev.capacity.api.TableId;
import dev.capacity.api.TimeWindow;
import dev.capacity.api.error.AllocationConflict;
import dev.capacity.api.error.AssignmentRejected;
import dev.capacity.api.error.CapacityError;
import dev.capacity.api.error.CapacityUnavailable;
import dev.capacity.api.error.HoldExtensionLimit;
import dev.capacity.api.error.HoldNotFound;
import dev.capacity.api.error.PolicyDrift;
import dev.capacity.api.event.AssignmentRejectedEvent;
import dev.capacity.api.event.CapacityListener;
import dev.capacity.api.event.HoldExpiredEvent;
import dev.capacity.impl.internal.Db;
import dev.capacity.impl.internal.LedgerRows;
import dev.capacity.impl.internal.LedgerSql;
import dev.capacity.impl.internal.Listeners;
import dev.capacity.impl.internal.OverlapDetected;
import dev.capacity.impl.internal.SqlStates;
import dev.capacity.impl.internal.db.tables.records.HoldsRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;

/**
 * Runs ledger writes: one transaction each, expired holds removed on the way reported after commit, and refusals
 * by the exclusion constraint (or a deadlock between contenders) turned into conflict errors that name what is in
 * the way. Thread-safe.
 */
final class LedgerWrites {

    /** A write whose race with another writer is resolved by retrying once the loser sees no blocker any more. */
    private static final int ATTEMPTS = 3;

    /** Work inside a ledger transaction; holds it deletes go into {@code removed} for the events. */
    interface Work<T> {
        T run(DSLContext tx, Instant now, List<HoldsRecord> removed);
    }

    /** Work on one hold row, locked {@code FOR UPDATE} before it runs. */
    interface LockedWork<T> {
        T run(DSLContext tx, Instant now, List<HoldsRecord> removed, HoldsRecord hold);
    }

    private final Db db;
    private final CapacityListener listener;

    LedgerWrites(Db db, CapacityListener listener) {
        this.db = db;
        this.listener = listener;
    }

    /**
     * A write that may clash with live allocations on {@code tables} in {@code window}.
     *
     * @param own the booking whose own rows never block, or null
     * @param placingHold whether the write places a hold (its conflicts are always hold conflicts)
     */
    <T> T write(RestaurantId r, String operation, List<TableId> tables, TimeWindow window, @Nullable BookingId own,
            boolean placingHold, Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return commitLockingFirst(r, operation, tables, work);
            } catch (OverlapDetected e) {
                List<Blocker> blockers = blockers(r, operation, tables, window, own, null);
                if (!blockers.isEmpty() || attempt == ATTEMPTS) {
                    throw AssignmentRules.conflict(blockers, List.of(), placingHold, e.getCause());
                }
            } catch (CapacityError e) {
                // A table deleted between this write's checks and its insert: run again, and the checks report it.
                if (attempt == ATTEMPTS || !lostTable(e)) {
                    throw e;
                }
            }
        }
    }

    /** A write on one hold that may clash with live allocations on the hold's tables and window. */
    <T> T writeWithLocked(RestaurantId r, String operation, HoldId holdId, BookingId booking, LockedWork<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return commit(r, operation, true, (tx, now, removed) -> {
                    // Table locks before the hold's row lock, in the same order as every other ledger writer;
                    // a hold's tables never change, so reading them unlocked first is safe.
                    HoldsRecord peek = LedgerSql.hold(tx, r, holdId, false);
                    if (peek == null) {
                        throw new HoldNotFound(holdId);
                    }
                    LedgerSql.lockTables(tx, JooqAllocationStore.tables(peek));
                    HoldsRecord hold = LedgerSql.hold(tx, r, holdId, true);
                    if (hold == null) {
                        throw new HoldNotFound(holdId);
                    }
                    return work.run(tx, now, removed, hold);
                });
            } catch (OverlapDetected e) {
                HoldsRecord hold = db.read(r, operation, ctx -> LedgerSql.hold(ctx, r, holdId, false));
                if (hold == null) {
                    throw new HoldNotFound(holdId);
                }
                List<Blocker> blockers = blockers(r, operation, JooqAllocationStore.tables(hold),
                        new TimeWindow(hold.getStartsAt().toInstant(), hold.getEndsAt().toInstant()), booking, holdId);
                if (!blockers.isEmpty() || attempt == ATTEMPTS) {
                    throw AssignmentRules.conflict(blockers, List.of(), false, e.getCause());
                }
            }
        }
    }

    /**
     * A ledger write whose refusal by the exclusion constraint the caller handles itself.
     *
     * @throws OverlapDetected when the constraint or a deadlock refused it; nothing was written
     */
    <T> T ledger(RestaurantId r, String operation, Work<T> work) {
        return commit(r, operation, true, work);
    }

    /** A write that cannot clash with allocations; serialization failures and deadlocks are retried. */
    <T> T simple(RestaurantId r, String operation, Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return commit(r, operation, false, work);
            } catch (CapacityUnavailable e) {
                if (attempt == ATTEMPTS || e.getCause() == null || !SqlStates.isRetryableTransaction(e.getCause())) {
                    throw e;
                }
            }
        }
    }

    /**
     * Runs a whole write (retries included) and, when it refuses the assignment, publishes one
     * {@link AssignmentRejectedEvent} before rethrowing. The write's transaction has rolled back by then, and the
     * delivery swallows listener failures, so the caller always sees the write's own error.
     */
    <T> T reportingRejection(RestaurantId r, AssignmentRejectedEvent.Operation operation, Supplier<T> write) {
        try {
            return write.get();
        } catch (AssignmentRejected | AllocationConflict | PolicyDrift | HoldExtensionLimit e) {
            Listeners.deliver(listener, List.of(new AssignmentRejectedEvent(r, operation, e)),
                    CapacityListener::onAssignmentRejected);
            throw e;
        }
    }

    private static boolean lostTable(CapacityError e) {
        return e.getCause() != null && SqlStates.classify(e.getCause()) == SqlStates.Kind.FOREIGN_KEY_VIOLATION;
    }

    private <T> T commit(RestaurantId r, String operation, boolean ledger, Work<T> work) {
        List<HoldsRecord> removed = new ArrayList<>();
        Instant[] at = new Instant[1];
        T result = ledger
                ? db.ledgerTransaction(r, operation, tx -> work.run(tx, at[0] = db.now(), removed))
                : db.transaction(r, operation, tx -> work.run(tx, at[0] = db.now(), removed));
        deliverExpired(removed, at[0]);
        return result;
    }

    private void deliverExpired(List<HoldsRecord> removed, Instant now) {
        // Only expired holds produce events; a booking's active hold replaced by a new one was simply released.
        List<HoldExpiredEvent> events = removed.stream()
                .filter(h -> !h.getExpiresAt().toInstant().isAfter(now))
                .map(LedgerRows::expired)
                .toList();
        Listeners.deliver(listener, events, CapacityListener::onHoldExpired);
    }

    /**
     * A ledger transaction whose first statement sends the settings and takes the table locks together: one round
     * trip less on every write whose tables are known before it starts.
     */
    private <T> T commitLockingFirst(RestaurantId r, String operation, List<TableId> tables, Work<T> work) {
        List<HoldsRecord> removed = new ArrayList<>();
        Instant[] at = new Instant[1];
        T result = db.ledgerTransactionSendingSettings(r, operation, (tx, settings) -> {
            LedgerSql.lockTables(tx, tables, settings);
            return work.run(tx, at[0] = db.now(), removed);
        });
        deliverExpired(removed, at[0]);
        return result;
    }

    private List<Blocker> blockers(RestaurantId r, String operation, List<TableId> tables, TimeWindow window,
            @Nullable BookingId own, @Nullable HoldId ownHold) {
        Instant now = db.now();
        return db.read(r, operation, ctx -> LedgerSql.blockers(ctx, r, tables, window, now, own, ownHold));
    }
}
