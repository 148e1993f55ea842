package dev.capacity.impl.micrometer;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The meters every batch job has (the sweeper, the pruner), under one prefix: runs and their duration by outcome,
 * batches, whether the last run left a backlog, and the time since the last successful run. Thread-safe.
 */
final class JobMeters {

    static final String SUCCESS = "success";
    static final String FAILURE = "failure";

    private final MeterRegistry registry;
    private final String prefix;
    private final Tags tags;
    private final Counter batches;
    private final AtomicInteger backlog = new AtomicInteger();
    private final AtomicLong lastSuccessMillis;
    private final Clock clock;

    /**
     * Registers the meters; the outcome tags passed here are registered at once, so that they read 0 rather than
     * being absent before the first run.
     */
    JobMeters(MeterRegistry registry, String prefix, String job, Tags tags, String... outcomes) {
        this.registry = registry;
        this.prefix = prefix;
        this.tags = tags;
        this.clock = registry.config().clock();
        this.lastSuccessMillis = new AtomicLong(clock.wallTime());
        for (String outcome : outcomes) {
            runs(outcome);
            duration(outcome);
        }
        this.batches = Counter.builder(prefix + ".batches").tags(tags).baseUnit("batches")
                .description("Batches run by " + job + " calls, each in its own transaction").register(registry);
        // Strong references: Micrometer holds gauge state weakly, and the state must live as long as the registry.
        Gauge.builder(prefix + ".backlog", backlog, AtomicInteger::get).tags(tags).strongReference(true)
                .description("1 if the last " + job + " call ended with eligible rows left over, else 0")
                .register(registry);
        TimeGauge.builder(prefix + ".last.success.age", lastSuccessMillis, TimeUnit.MILLISECONDS,
                        last -> Math.max(0, clock.wallTime() - last.get()))
                .tags(tags).strongReference(true)
                .description("Time since the last successful " + job + " call (or since the meters were created)")
                .register(registry);
    }

    /** Records one call. */
    void record(String outcome, Duration duration, int batchCount, boolean backlogRemaining) {
        runs(outcome).increment();
        duration(outcome).record(duration);
        batches.increment(batchCount);
        backlog.set(backlogRemaining ? 1 : 0);
        if (!outcome.equals(FAILURE)) {
            lastSuccessMillis.set(clock.wallTime());
        }
    }

    private Counter runs(String outcome) {
        return Counter.builder(prefix + ".runs").tags(tags).tag("outcome", outcome).baseUnit("runs")
                .description("Calls, by outcome").register(registry);
    }

    private Timer duration(String outcome) {
        return Timer.builder(prefix + ".duration").tags(tags).tag("outcome", outcome)
                .description("Wall-clock time of a call, by outcome").register(registry);
    }
}
