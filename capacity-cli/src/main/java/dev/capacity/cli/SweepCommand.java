package dev.capacity.cli;

import dev.capacity.api.SweepResult;
import dev.capacity.api.SweeperSettings;
import dev.capacity.impl.PostgresCapacity;
import java.io.PrintStream;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Set;

/**
 * {@code sweep}: one {@code HoldSweeper.sweep()} call with bounds that suit a cron job started every minute
 * (batches of 1,000, at most 10,000 batches or 45 seconds).
 */
final class SweepCommand implements Command {

    @Override
    public Set<String> options() {
        return Set.of("--batch-size", "--max-batches", "--time-budget", "--grace");
    }

    @Override
    public ExitCode run(Arguments args, Target target, PrintStream out, InstantSource clock) {
        SweeperSettings settings = settings(args);
        try (PostgresCapacity capacity = target.capacity(clock)) {
            SweepResult r = capacity.holdSweeper(settings).sweep();
            out.printf("swept %,d expired holds in %d %s (%s)%n", r.swept(), r.batches(),
                    r.batches() == 1 ? "batch" : "batches", Durations.format(r.duration()));
            out.println(r.backlogRemaining()
                    ? "backlog: expired holds remain (this run reached its bound, or another sweeper holds them);"
                            + " run again"
                    : "backlog: none left");
            Duration lag = r.sweepLag();
            out.println("sweep lag: " + (lag == null ? "none" : Durations.format(lag)
                    + " (age of the oldest expired hold still present)"));
        }
        return ExitCode.OK;
    }

    private static SweeperSettings settings(Arguments args) {
        try {
            return SweeperSettings.defaults()
                    .withBatchSize(args.intValue("--batch-size", 1_000, 1))
                    .withMaxBatches(args.intValue("--max-batches", 10_000, 1))
                    .withTimeBudget(Objects.requireNonNull(args.duration("--time-budget", Duration.ofSeconds(45))))
                    .withGrace(Objects.requireNonNull(args.duration("--grace", Duration.ZERO)));
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage());
        }
    }
}
