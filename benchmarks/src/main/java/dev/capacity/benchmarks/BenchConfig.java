package dev.capacity.benchmarks;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Sizes and switches of one benchmark run. Every value comes from a system property {@code capacity.bench.<name>};
 * {@code capacity.bench.mode} ({@code full} or {@code quick}) picks the defaults of the others.
 *
 * @param quick tiny sizes, for the test that keeps the harness working
 * @param sweepBatch holds per sweep batch
 * @param sweepSliceBatches batches per sweeper in one side's slice of the sweep (default 20): the library's sweepers
 *     each make one {@code sweep()} call bounded to this many batches
 * @param sweepPairs measured library/baseline slice pairs per sweep round (default 4), alternating which goes first;
 *     the sweep's ratio is the median of the pairs' ratios
 * @param sweepRounds sweep rounds per sweeper count, each on a freshly loaded table (default 3)
 * @param sweepBacklog expired holds in the whole-backlog sweep runs (default 200,000), for the absolute rate
 * @param pruneRows allocations in the first prune table; half are older than the retention
 * @param pruneLargeRows allocations in the second, larger prune table
 * @param pruneBatch rows per prune batch
 * @param pruneLargeBatches batches timed on each table for the batch-time comparison (the first table is pruned
 *     completely; this many batches are timed on the larger one)
 * @param rounds library/baseline pairs on the first prune table (default 1); with more, the order alternates
 * @param pruneLargeRounds library/baseline pairs on the larger prune table
 * @param placementSeconds measured seconds per hold-placement run
 * @param placementWarmupSeconds unmeasured seconds before each hold-placement run
 * @param placementThreads concurrent writers in the hold-placement runs
 * @param contendedHoldTtlMillis time-to-live of holds in the contended run (expired holds free their tables)
 * @param validationCalls measured validations per side
 * @param validationWarmup unmeasured validations per side
 * @param invalidationSamples edits per side in the invalidation-latency measurement
 * @param jmh whether to run the JMH cached-get benchmark
 * @param output where the JSON goes
 */
record BenchConfig(boolean quick, int sweepBatch, int sweepSliceBatches, int sweepPairs, int sweepRounds,
        int sweepBacklog,
        int pruneRows, int pruneLargeRows, int pruneBatch, int pruneLargeBatches, int rounds, int pruneLargeRounds,
        double placementSeconds, double placementWarmupSeconds, int placementThreads, int contendedHoldTtlMillis, int validationCalls, int validationWarmup,
        int invalidationSamples, boolean jmh, Path output) {

    static final String PREFIX = "capacity.bench.";

    /** @return the configuration given by the system properties */
    static BenchConfig fromSystemProperties() {
        return from("quick".equals(System.getProperty(PREFIX + "mode", "full").trim().toLowerCase(Locale.ROOT)));
    }

    /**
     * The configuration of a mode, each value overridable by its system property.
     *
     * @param quick tiny sizes
     * @return the configuration
     */
    static BenchConfig from(boolean quick) {
        return new BenchConfig(quick,
                integer("sweepBatch", 1_000),
                integer("sweepSliceBatches", quick ? 1 : 20),
                integer("sweepPairs", quick ? 1 : 4),
                integer("sweepRounds", quick ? 1 : 3),
                integer("sweepBacklog", quick ? 3_000 : 200_000),
                integer("pruneRows", quick ? 10_000 : 1_000_000),
                integer("pruneLargeRows", quick ? 20_000 : 5_000_000),
                integer("pruneBatch", 5_000),
                integer("pruneLargeBatches", quick ? 1 : 20),
                integer("rounds", 1),
                integer("pruneLargeRounds", 1),
                decimal("placementSeconds", quick ? 1.0 : 15.0),
                decimal("placementWarmupSeconds", quick ? 0.3 : 3.0),
                integer("placementThreads", 16),
                integer("contendedHoldTtlMillis", 50),
                integer("validationCalls", quick ? 300 : 20_000),
                integer("validationWarmup", quick ? 100 : 5_000),
                integer("invalidationSamples", quick ? 5 : 200),
                Boolean.parseBoolean(System.getProperty(PREFIX + "jmh", "true").trim()),
                Path.of(System.getProperty(PREFIX + "output", "target/benchmark-results.json").trim()));
    }

    private static int integer(String name, int fallback) {
        String v = System.getProperty(PREFIX + name);
        return v == null || v.isBlank() ? fallback : Integer.parseInt(v.trim().replace("_", ""));
    }

    private static double decimal(String name, double fallback) {
        String v = System.getProperty(PREFIX + name);
        return v == null || v.isBlank() ? fallback : Double.parseDouble(v.trim());
    }

    /** @return the sizes, for the report */
    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", quick ? "quick" : "full");
        m.put("sweepBatch", sweepBatch);
        m.put("sweepSliceBatches", sweepSliceBatches);
        m.put("sweepPairs", sweepPairs);
        m.put("sweepRounds", sweepRounds);
        m.put("sweepBacklog", sweepBacklog);
        m.put("pruneRows", pruneRows);
        m.put("pruneLargeRows", pruneLargeRows);
        m.put("pruneBatch", pruneBatch);
        m.put("pruneLargeBatches", pruneLargeBatches);
        m.put("rounds", rounds);
        m.put("pruneLargeRounds", pruneLargeRounds);
        m.put("placementSeconds", placementSeconds);
        m.put("placementWarmupSeconds", placementWarmupSeconds);
        m.put("placementThreads", placementThreads);
        m.put("contendedHoldTtlMillis", contendedHoldTtlMillis);
        m.put("validationCalls", validationCalls);
        m.put("validationWarmup", validationWarmup);
        m.put("invalidationSamples", invalidationSamples);
        m.put("jmh", jmh);
        return m;
    }
}
