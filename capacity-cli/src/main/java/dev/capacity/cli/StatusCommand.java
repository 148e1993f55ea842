package dev.capacity.cli;

import dev.capacity.api.PrunePreview;
import dev.capacity.api.PrunerSettings;
import dev.capacity.impl.PostgresCapacity;
import java.io.PrintStream;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@code status}: the figures the runbooks alert on, read once: sweep lag and expired-hold backlog (from
 * {@code holds}), prunable backlog and archive size ({@code AllocationPruner.preview()}). With {@code --max-…}
 * thresholds it exits with {@link ExitCode#ATTENTION} when one is exceeded, so that it can serve as a check.
 */
final class StatusCommand implements Command {

    @Override
    public Set<String> options() {
        return Set.of("--retention", "--max-sweep-lag", "--max-expired-holds", "--max-prunable");
    }

    @Override
    public ExitCode run(Arguments args, Target target, PrintStream out, InstantSource clock) throws SQLException {
        Duration retention = Objects.requireNonNull(args.duration("--retention", Duration.ofDays(30)));
        if (retention.isZero() || retention.isNegative()) {
            throw new UsageError("--retention: must be positive, got " + retention);
        }
        Duration maxLag = args.duration("--max-sweep-lag", null);
        Long maxExpired = args.longValue("--max-expired-holds");
        Long maxPrunable = args.longValue("--max-prunable");

        Instant now = clock.instant();
        StatusQueries.ExpiredHolds expired = StatusQueries.expiredHolds(target.dataSource(), target.schema(), now);
        PrunePreview preview;
        try (PostgresCapacity capacity = target.capacity(clock)) {
            preview = capacity.allocationPruner(PrunerSettings.defaults().withRetention(retention)).preview();
        }
        Duration lag = expired.oldestExpiry() == null ? null : Duration.between(expired.oldestExpiry(), now);

        out.printf("status of schema %s at %s%n", target.schema(), now);
        out.printf("  sweep lag              %s%n", lag == null ? "none"
                : Durations.format(lag) + " (the oldest expired hold expired at " + expired.oldestExpiry() + ")");
        out.printf("  expired-hold backlog   %,d holds%n", expired.count());
        out.printf("  prunable backlog       %,d allocations (windows that ended before %s, retention %s%s)%n",
                preview.eligible(), preview.cutoff(), Durations.format(retention),
                preview.oldestEnd() == null ? "" : "; the oldest ended " + preview.oldestEnd());
        out.printf("  archive size           %,d rows%n", preview.archived());

        boolean attention = exceeded(out, "sweep lag", lag != null && maxLag != null && lag.compareTo(maxLag) > 0,
                lag == null ? "" : Durations.format(lag), "--max-sweep-lag", maxLag == null ? null
                        : Durations.format(maxLag));
        attention |= exceeded(out, "expired-hold backlog", maxExpired != null && expired.count() > maxExpired,
                Long.toString(expired.count()), "--max-expired-holds", String.valueOf(maxExpired));
        attention |= exceeded(out, "prunable backlog", maxPrunable != null && preview.eligible() > maxPrunable,
                Long.toString(preview.eligible()), "--max-prunable", String.valueOf(maxPrunable));
        return attention ? ExitCode.ATTENTION : ExitCode.OK;
    }

    private static boolean exceeded(PrintStream out, String figure, boolean exceeded, String value, String option,
            @Nullable String limit) {
        if (exceeded) {
            out.printf("ATTENTION: %s %s is above %s %s%n", figure, value, option, limit);
        }
        return exceeded;
    }
}
