package dev.capacity.testkit.fake;

import dev.capacity.api.Allocation;
import dev.capacity.api.AllocationId;
import dev.capacity.api.AllocationKind;
import dev.capacity.api.AllocationPruner;
import dev.capacity.api.Blocker;
import dev.capacity.api.BookingId;
import dev.capacity.api.PrunePreview;
import dev.capacity.api.PruneResult;
import dev.capacity.api.PrunerSettings;
import dev.capacity.api.RestaurantId;
import dev.capacity.api.error.CapacityError;
import dev.capacity.api.error.ErrorCode;
import dev.capacity.api.error.InternalFailure;
import dev.capacity.api.error.InvalidRequest;
import dev.capacity.api.error.RestoreConflict;
import dev.capacity.api.error.TableNotFound;
import dev.capacity.api.event.CapacityListener;
import dev.capacity.api.event.PruneCompletedEvent;
import dev.capacity.api.event.PruneFailedEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.function.Predicate;

/**
 * The in-memory {@link AllocationPruner}, step for step what the PostgreSQL pruner does. A call archives eligible
 * allocations of every restaurant in {@code (window end, id)} order, one {@link InMemoryState#write} per batch (the
 * counterpart of one statement and one commit), then measures whether eligible allocations are left, then drops
 * confirmed hold rows whose window ended before the cutoff, then purges archive rows past the archive retention
 * when one is set. Each of the three steps runs at most {@code maxBatches}, stops after a short batch, and starts
 * no batch once the call's time budget (measured with {@link System#nanoTime()}, like the PostgreSQL pruner) is
 * spent, except the first archive batch, which always runs. Every row a call archives records the call's
 * {@code now} as its archive time. Business time comes from the state's clock; the statement and lock timeouts have
 * no in-memory meaning.
 *
 * <p>Restores run as one write: expired holds in the way are removed (one {@code HoldExpiredEvent} each), then a
 * restored row that would overlap a live allocation, or another restored row, fails the whole restore with
 * {@link RestoreConflict}, and a row whose table is gone with {@link TableNotFound}, in that order (PostgreSQL
 * checks the exclusion constraint as each row goes in and the foreign key at the end of the statement).
 *
 * <p>Immutable and thread-safe: concurrent calls never move a row twice, because each batch claims and moves under
 * the state's lock. Events are delivered after the change, and a listener that throws is logged and ignored.
 */
final class InMemoryAllocationPruner implements AllocationPruner {

    /** Most ids one restore may name, as in the PostgreSQL implementation. */
    static final int MAX_RESTORE_IDS = 10_000;

    private final InMemoryState state;
    private final PrunerSettings settings;

    InMemoryAllocationPruner(InMemoryState state, PrunerSettings settings) {
        this.state = Objects.requireNonNull(state, "state");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public PruneResult prune() {
        long started = System.nanoTime();
        if (!settings.enabled()) {
            PruneResult off = new PruneResult(0, 0, null, elapsed(started), false, 0);
            state.deliver(new PruneCompletedEvent(off), CapacityListener::onPruneCompleted);
            return off;
        }
        Instant now = state.now();
        Instant cutoff = now.minus(settings.retention());
        Progress progress = new Progress();
        try {
            // The first archive batch runs whatever the budget, so that every call makes progress.
            repeat(started, true, () -> {
                int moved = state.write(tx -> archiveBatch(tx, cutoff, now));
                progress.batches++;
                progress.archived += moved;
                return moved;
            });
            // Measured, not inferred from the last batch: the bound may have stopped the call on the last rows.
            boolean backlog = state.readAll(all -> all.stream()
                    .anyMatch(r -> r.allocations.values().stream().anyMatch(a -> eligible(a, cutoff))));
            repeat(started, false, () -> state.write(tx -> dropConfirmedHolds(tx, cutoff)));
            Duration keep = settings.archiveRetention();
            if (keep != null) {
                Instant before = now.minus(keep);
                repeat(started, false, () -> {
                    int n = state.write(tx -> purgeBatch(tx, before));
                    progress.purged += n;
                    return n;
                });
            }
            PruneResult result = new PruneResult(progress.archived, progress.batches, cutoff, elapsed(started),
                    backlog, progress.purged);
            state.deliver(new PruneCompletedEvent(result), CapacityListener::onPruneCompleted);
            return result;
        } catch (RuntimeException e) {
            // Nothing in memory should fail; if something does, report it the way the PostgreSQL pruner would.
            CapacityError error = e instanceof CapacityError c ? c : new InternalFailure("prune failed", e);
            PruneResult partial = new PruneResult(progress.archived, progress.batches, cutoff, elapsed(started), true,
                    progress.purged);
            state.deliver(new PruneFailedEvent(partial, error), CapacityListener::onPruneFailed);
            throw error;
        }
    }

    /** What a call did so far, kept outside the loops so that a failure reports it too. */
    private static final class Progress {
        private int archived;
        private int batches;
        private int purged;
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

    /** Eligible: the window ended before the cutoff, and not a hold's (those go with their hold). */
    private static boolean eligible(Allocation a, Instant cutoff) {
        return a.kind() != AllocationKind.HOLD && a.window().end().isBefore(cutoff);
    }

    /** One archive batch: claims and moves in the same write, so no other write can touch a claimed row. */
    private int archiveBatch(Transaction tx, Instant cutoff, Instant archivedAt) {
        List<Allocation> batch = state.readAll(all -> all.stream()
                .flatMap(r -> r.allocations.values().stream())
                .filter(a -> eligible(a, cutoff))
                .sorted(Ordering.BY_END)
                .limit(settings.batchSize())
                .toList());
        for (Allocation a : batch) {
            tx.restaurant(a.restaurantId()).archive(a, archivedAt);
        }
        return batch.size();
    }

    /**
     * One batch of confirmed hold rows whose window ended before the cutoff. They only serve idempotent
     * confirmation; their allocations are booking allocations (no hold id), which the archive step handles.
     */
    private int dropConfirmedHolds(Transaction tx, Instant cutoff) {
        List<HoldRow> batch = state.readAll(all -> all.stream()
                .flatMap(r -> r.holds.values().stream())
                .filter(h -> h.isConfirmed() && h.window().end().isBefore(cutoff))
                .sorted(Ordering.BY_WINDOW_END)
                .limit(settings.batchSize())
                .toList());
        for (HoldRow hold : batch) {
            tx.restaurant(hold.restaurantId()).deleteHold(hold.id());
        }
        return batch.size();
    }

    /** One batch of archive rows archived before {@code before}. */
    private int purgeBatch(Transaction tx, Instant before) {
        List<RestaurantData.ArchivedAllocation> batch = state.readAll(all -> all.stream()
                .flatMap(r -> r.archive.values().stream())
                .filter(row -> row.archivedAt().isBefore(before))
                .sorted(Ordering.BY_ARCHIVED_AT)
                .limit(settings.batchSize())
                .toList());
        for (RestaurantData.ArchivedAllocation row : batch) {
            tx.restaurant(row.allocation().restaurantId()).archive.remove(row.allocation().id());
        }
        return batch.size();
    }

    @Override
    public PrunePreview preview() {
        if (!settings.enabled()) {
            return new PrunePreview(null, 0, null, state.readAll(InMemoryAllocationPruner::archived));
        }
        Instant cutoff = state.now().minus(settings.retention());
        return state.readAll(all -> {
            List<Instant> ends = all.stream()
                    .flatMap(r -> r.allocations.values().stream())
                    .filter(a -> eligible(a, cutoff))
                    .map(a -> a.window().end())
                    .toList();
            Optional<Instant> oldest = ends.stream().min(Instant::compareTo);
            return new PrunePreview(cutoff, ends.size(), oldest.orElse(null), archived(all));
        });
    }

    private static long archived(Collection<RestaurantData> all) {
        return all.stream().mapToLong(r -> r.archive.size()).sum();
    }

    @Override
    public int restoreBooking(RestaurantId restaurantId, BookingId bookingId) {
        Objects.requireNonNull(restaurantId, "restaurantId");
        Objects.requireNonNull(bookingId, "bookingId");
        return restore(restaurantId, a -> bookingId.equals(a.bookingId()));
    }

    @Override
    public int restore(RestaurantId restaurantId, Collection<AllocationId> allocationIds) {
        Objects.requireNonNull(restaurantId, "restaurantId");
        Objects.requireNonNull(allocationIds, "allocationIds");
        allocationIds.forEach(id -> Objects.requireNonNull(id, "allocationIds element"));
        if (allocationIds.size() > MAX_RESTORE_IDS) {
            throw new InvalidRequest(ErrorCode.INVALID_REQUEST, "allocationIds", "At most " + MAX_RESTORE_IDS
                    + " ids per restore; got " + allocationIds.size() + ".");
        }
        if (allocationIds.isEmpty()) {
            return 0;
        }
        Set<AllocationId> wanted = new HashSet<>(allocationIds);
        return restore(restaurantId, a -> wanted.contains(a.id()));
    }

    /** Moves the restaurant's archived rows matching {@code which} back to the ledger, all or nothing. */
    private int restore(RestaurantId restaurantId, Predicate<Allocation> which) {
        return state.write(tx -> {
            RestaurantData data = tx.restaurant(restaurantId);
            List<Allocation> rows = data.archive.values().stream()
                    .map(RestaurantData.ArchivedAllocation::allocation)
                    .filter(which)
                    .sorted(Ordering.BY_TABLE)
                    .toList();
            if (rows.isEmpty()) {
                return 0;
            }
            // Expired holds never block anyone, a restore included; each removed one is reported once.
            for (Allocation row : rows) {
                tx.clearExpiredHolds(data, List.of(row.tableId()), row.window());
            }
            requireNoOverlap(tx, data, rows);
            for (Allocation row : rows) {
                if (!data.tables.containsKey(row.tableId())) {
                    throw new TableNotFound(row.tableId());
                }
            }
            for (Allocation row : rows) {
                data.archive.remove(row.id());
                data.put(row);
            }
            return rows.size();
        });
    }

    /**
     * The exclusion constraint: a restored row may overlap neither a live allocation nor another restored row on
     * the same table. The error names the live allocations in the way; rows that only overlap each other have
     * none to name, as in PostgreSQL.
     */
    private static void requireNoOverlap(Transaction tx, RestaurantData data, List<Allocation> rows) {
        Set<Blocker> blockers = new LinkedHashSet<>();
        boolean overlap = false;
        for (int i = 0; i < rows.size(); i++) {
            Allocation row = rows.get(i);
            blockers.addAll(data.blockers(List.of(row.tableId()), row.window(), tx.now, null));
            for (int j = i + 1; j < rows.size(); j++) {
                Allocation other = rows.get(j);
                overlap |= other.tableId().equals(row.tableId()) && other.window().overlaps(row.window());
            }
        }
        if (overlap || !blockers.isEmpty()) {
            List<Blocker> named = new ArrayList<>(blockers);
            named.sort(Ordering.BLOCKERS);
            throw new RestoreConflict("Restoring would overlap live allocations; nothing was restored.", named);
        }
    }

    private static Duration elapsed(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }
}
