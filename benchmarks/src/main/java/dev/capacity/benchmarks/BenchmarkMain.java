package dev.capacity.benchmarks;

/**
 * Runs every benchmark scenario, prints the table and writes the JSON ({@code capacity.bench.output}, default
 * {@code target/benchmark-results.json}). Sizes come from system properties, see {@link BenchConfig} and
 * docs/performance.md. Run it with {@code mvn -B -pl benchmarks -am -Pbench -DskipTests verify}.
 */
public final class BenchmarkMain {

    private BenchmarkMain() {
    }

    /**
     * Entry point.
     *
     * @param args ignored; configure with system properties
     * @throws Exception when a scenario fails
     */
    public static void main(String[] args) throws Exception {
        BenchConfig cfg = BenchConfig.fromSystemProperties();
        Report report = new Harness(cfg).run();
        System.out.println();
        report.print(System.out);
        report.writeJson(cfg.output());
        System.out.println();
        System.out.println("JSON written to " + cfg.output().toAbsolutePath());
        // Embedded PostgreSQL and pools stop in shutdown hooks.
        System.exit(0);
    }
}
