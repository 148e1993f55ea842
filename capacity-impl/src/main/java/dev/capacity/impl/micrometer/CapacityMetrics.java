package dev.capacity.impl.micrometer;

import dev.capacity.api.PruneResult;
import dev.capacity.api.SweepResult;
import dev.capacity.api.error.ErrorCode;
import dev.capacity.api.event.AssignmentRejectedEvent;
import dev.capacity.api.event.AssignmentRejectedEvent.Operation;
import dev.capacity.api.event.AssignmentRejectedEvent.Outcome;
import dev.capacity.api.event.CapacityListener;
import dev.capacity.api.event.FloorPlanInvalidatedEvent;
import dev.capacity.api.event.FloorPlanInvalidatedEvent.Reason;
import dev.capacity.api.event.HoldExpiredEvent;
import dev.capacity.api.event.PruneCompletedEvent;
import dev.capacity.api.event.PruneFailedEvent;
import dev.capacity.api.event.SweepCompletedEvent;
import dev.capacity.api.event.SweepFailedEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link CapacityListener} that turns the library's events into Micrometer meters: sweeps, prunes, sweep lag,
 * backlogs, floor-plan cache invalidations, expired holds and rejected assignments. Every meter name starts with
 * {@code capacity.}; {@code docs/metrics.md} lists them with their units, tags and what to alert on.
 *
 * <pre>{@code
 * CapacityMetrics metrics = CapacityMetrics.create(meterRegistry);
 * PostgresCapacity capacity = PostgresCapacity.builder()
 *         .dataSource(dataSource)
 *         .listener(CapacityListener.composite(metrics, myListener))   // or just .listener(metrics)
 *         .build();
 * }</pre>
 *
 * <p>Create one per registry and share it: gauges are registered once per name and tags, so a second instance on
 * the same registry would count into the same counters but its gauges would not be the ones reported. Tags never
 * carry restaurant, booking or table ids, so the number of time series stays small and fixed.
 *
 * <p>Immutable and thread-safe; events are recorded on the thread that delivers them, without blocking.
 */
public final class CapacityMetrics implements CapacityListener {

    /** Outcome tag of a prune call made with pruning switched off (no cutoff). */
    private static final String DISABLED = "disabled";

    private final MeterRegistry registry;
    private final Tags tags;
    private final JobMeters sweeps;
    private final Counter sweptHolds;
    private final AtomicLong sweepLagNanos = new AtomicLong();
    private final JobMeters prunes;
    private final Counter archived;
    private final Counter purged;
    private final Counter expiredHolds;
    private final Map<Reason, Counter> invalidatedOne = new EnumMap<>(Reason.class);
    private final Map<Reason, Counter> invalidatedAll = new EnumMap<>(Reason.class);
    private final Map<RejectionKey, Counter> rejections = new ConcurrentHashMap<>();

    private CapacityMetrics(MeterRegistry registry, Tags tags) {
        this.registry = registry;
        this.tags = tags;
        this.sweeps = new JobMeters(registry, "capacity.sweep", "sweep", tags, JobMeters.SUCCESS, JobMeters.FAILURE);
        this.sweptHolds = Counter.builder("capacity.sweep.holds").tags(tags).baseUnit("holds")
                .description("Expired holds deleted by the sweeper").register(registry);
        TimeGauge.builder("capacity.sweep.lag", sweepLagNanos, TimeUnit.NANOSECONDS, AtomicLong::get)
                .tags(tags).strongReference(true)
                .description("Age of the oldest expired hold still present after the last completed sweep, 0 if none")
                .register(registry);
        this.prunes = new JobMeters(registry, "capacity.prune", "prune", tags, JobMeters.SUCCESS, JobMeters.FAILURE,
                DISABLED);
        this.archived = Counter.builder("capacity.prune.archived").tags(tags)
                .description("Allocations moved to the archive by the pruner").register(registry);
        this.purged = Counter.builder("capacity.prune.purged").tags(tags)
                .description("Archived allocations deleted after the archive retention").register(registry);
        this.expiredHolds = Counter.builder("capacity.holds.expired").tags(tags)
                .description("Expired holds removed by anyone: the sweeper or a write that cleared them")
                .register(registry);
        for (Reason reason : Reason.values()) {
            invalidatedOne.put(reason, invalidations(reason, "restaurant"));
            invalidatedAll.put(reason, invalidations(reason, "all"));
        }
    }

    /**
     * Registers the meters on a registry.
     *
     * @param registry where the meters go
     * @return the listener to pass to {@code PostgresCapacity.builder().listener(…)}
     * @throws NullPointerException if {@code registry} is null
     */
    public static CapacityMetrics create(MeterRegistry registry) {
        return create(registry, Tags.empty());
    }

    /**
     * Registers the meters on a registry, each with the given tags added (for example the service or database
     * name when one registry serves several library instances).
     *
     * @param registry where the meters go
     * @param commonTags tags added to every meter; must not use the names {@code outcome}, {@code reason},
     *     {@code scope}, {@code operation} or {@code code}
     * @return the listener to pass to {@code PostgresCapacity.builder().listener(…)}
     * @throws NullPointerException if an argument is null
     */
    public static CapacityMetrics create(MeterRegistry registry, Iterable<Tag> commonTags) {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(commonTags, "commonTags");
        return new CapacityMetrics(registry, Tags.of(commonTags));
    }

    @Override
    public void onSweepCompleted(SweepCompletedEvent event) {
        SweepResult r = event.result();
        sweptHolds.increment(r.swept());
        Duration lag = r.sweepLag();
        sweepLagNanos.set(lag == null ? 0 : saturatedNanos(lag));
        sweeps.record(JobMeters.SUCCESS, r.duration(), r.batches(), r.backlogRemaining());
    }

    /** The batches committed before the failure count; the lag is unknown and keeps its last value. */
    @Override
    public void onSweepFailed(SweepFailedEvent event) {
        SweepResult r = event.partial();
        sweptHolds.increment(r.swept());
        sweeps.record(JobMeters.FAILURE, r.duration(), r.batches(), r.backlogRemaining());
    }

    @Override
    public void onPruneCompleted(PruneCompletedEvent event) {
        PruneResult r = event.result();
        archived.increment(r.archived());
        purged.increment(r.purged());
        prunes.record(r.cutoff() == null ? DISABLED : JobMeters.SUCCESS, r.duration(), r.batches(),
                r.backlogRemaining());
    }

    /** The batches committed before the failure count. */
    @Override
    public void onPruneFailed(PruneFailedEvent event) {
        PruneResult r = event.partial();
        archived.increment(r.archived());
        purged.increment(r.purged());
        prunes.record(JobMeters.FAILURE, r.duration(), r.batches(), r.backlogRemaining());
    }

    @Override
    public void onHoldExpired(HoldExpiredEvent event) {
        expiredHolds.increment();
    }

    @Override
    public void onFloorPlanInvalidated(FloorPlanInvalidatedEvent event) {
        (event.restaurantId() == null ? invalidatedAll : invalidatedOne).get(event.reason()).increment();
    }

    @Override
    public void onAssignmentRejected(AssignmentRejectedEvent event) {
        RejectionKey key = new RejectionKey(event.operation(), event.outcome(), event.code());
        rejections.computeIfAbsent(key, k -> Counter.builder("capacity.assignments.rejected").tags(tags)
                .tag("operation", k.operation().tag())
                .tag("outcome", k.outcome().tag())
                .tag("code", k.code().code())
                .description("Ledger writes that refused an assignment: a broken rule or tables taken")
                .register(registry)).increment();
    }

    private Counter invalidations(Reason reason, String scope) {
        return Counter.builder("capacity.floorplan.invalidations").tags(tags)
                .tag("reason", reason.name().toLowerCase(Locale.ROOT))
                .tag("scope", scope)
                .baseUnit("invalidations")
                .description("Cached floor plans dropped, by reason; scope all = every restaurant at once")
                .register(registry);
    }

    private static long saturatedNanos(Duration d) {
        try {
            return Math.max(0, d.toNanos());
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    @Override
    public String toString() {
        return "CapacityMetrics" + tags;
    }

    private record RejectionKey(Operation operation, Outcome outcome, ErrorCode code) {
    }
}
