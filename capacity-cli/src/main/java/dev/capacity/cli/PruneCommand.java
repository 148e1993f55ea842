package dev.capacity.cli;

import dev.capacity.api.AllocationPruner;
import dev.capacity.api.PrunePreview;
import dev.capacity.api.PruneResult;
import dev.capacity.api.PrunerSettings;
import dev.capacity.api.error.CapacityError;
import dev.capacity.impl.PostgresCapacity;
import java.io.PrintStream;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Set;

/**
 * {@code prune}: calls {@code AllocationPruner.prune()} until no backlog is left (or {@code --max-calls}), each call
 * bounded, printing what was archived so far and about how much is left after every call, so that a long backfill
 * shows its progress and can be stopped and started again at any point.
 */
final class PruneCommand implements Command {

    @Override
    public Set<String> options() {
        return Set.of("--retention", "--batch-size", "--batches-per-call", "--call-budget", "--max-calls",
                "--archive-retention");
    }

    @Override
    public Set<String> flags() {
        return Set.of("--dry-run");
    }

    @Override
    public ExitCode run(Arguments args, Target target, PrintStream out, InstantSource clock) {
        PrunerSettings settings = settings(args);
        Long maxCalls = args.longValue("--max-calls");
        if (maxCalls != null && maxCalls < 1) {
            throw new UsageError("--max-calls: expected at least 1, got " + maxCalls);
        }
        try (PostgresCapacity capacity = target.capacity(clock)) {
            AllocationPruner pruner = capacity.allocationPruner(settings);
            PrunePreview start = pruner.preview();
            out.printf("cutoff %s (retention %s): %,d allocations due, %s; the archive holds %,d rows%n",
                    start.cutoff(), Durations.format(settings.retention()), start.eligible(),
                    start.oldestEnd() == null ? "none" : "the oldest ended " + start.oldestEnd(), start.archived());
            if (args.flag("--dry-run")) {
                out.println("dry run: nothing changed");
                return ExitCode.OK;
            }
            loop(pruner, start.eligible(), maxCalls, out);
        }
        return ExitCode.OK;
    }

    private static void loop(AllocationPruner pruner, long due, @org.jspecify.annotations.Nullable Long maxCalls,
            PrintStream out) {
        long started = System.nanoTime();
        long total = 0;
        long purged = 0;
        int calls = 0;
        while (true) {
            PruneResult r;
            try {
                r = pruner.prune();
            } catch (CapacityError e) {
                out.printf("call %d failed after %,d archived in this run; what was archived stays archived%n",
                        calls + 1, total);
                throw e;
            }
            calls++;
            total += r.archived();
            purged += r.purged();
            out.printf("call %d: archived %,d in %d %s (%s); total %,d; %s%n", calls, r.archived(), r.batches(),
                    r.batches() == 1 ? "batch" : "batches", Durations.format(r.duration()), total,
                    r.backlogRemaining() ? "backlog: about " + String.format("%,d", Math.max(0, due - total))
                            + " left" : "backlog: none left");
            out.flush();
            if (!r.backlogRemaining()) {
                break;
            }
            if (r.archived() == 0) {
                out.println("the rows left are locked by another pruner; stopping here");
                break;
            }
            if (maxCalls != null && calls >= maxCalls) {
                out.println("stopped after --max-calls " + maxCalls + "; run again to go on");
                break;
            }
        }
        out.printf("done: archived %,d allocations in %d %s (%s)%s%n", total, calls, calls == 1 ? "call" : "calls",
                Durations.format(Duration.ofNanos(System.nanoTime() - started)),
                purged > 0 ? String.format("; purged %,d archive rows past the archive retention", purged) : "");
    }

    private static PrunerSettings settings(Arguments args) {
        Duration retention = Objects.requireNonNull(args.duration("--retention", Duration.ofDays(30)));
        if (retention.isZero() || retention.isNegative()) {
            throw new UsageError("--retention: must be positive, got " + retention);
        }
        try {
            return PrunerSettings.defaults()
                    .withRetention(retention)
                    .withBatchSize(args.intValue("--batch-size", 5_000, 1))
                    .withMaxBatches(args.intValue("--batches-per-call", 20, 1))
                    .withTimeBudget(Objects.requireNonNull(args.duration("--call-budget", Duration.ofSeconds(20))))
                    .withArchiveRetention(args.duration("--archive-retention", null));
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage());
        }
    }
}
