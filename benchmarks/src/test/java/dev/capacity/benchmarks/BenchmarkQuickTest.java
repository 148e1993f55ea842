package dev.capacity.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Keeps the benchmark harness working: every scenario runs once with tiny sizes and reports positive figures for
 * the library and for the hand-written baseline. It asserts no timings; the figures that count come from the full
 * run (docs/performance.md).
 */
class BenchmarkQuickTest {

    @Test
    void everyScenarioRunsAndReportsFiguresForBothSides() throws Exception {
        BenchConfig cfg = BenchConfig.from(true);
        Report report = new Harness(cfg).run();
        report.print(System.out);
        report.writeJson(cfg.output());

        List<Result> results = report.results();
        Set<String> scenarios = results.stream().map(Result::scenario).collect(Collectors.toSet());
        assertThat(scenarios).containsExactlyInAnyOrder("sweep", "prune", "hold placement", "validation", "cache");

        assertThat(metrics(results, "sweep")).contains("1 sweeper/holds/s", "4 sweepers/holds/s");
        assertThat(metrics(results, "prune")).anyMatch(m -> m.endsWith("rows/s")).anyMatch(m -> m.endsWith("ms/batch"))
                .anyMatch(m -> m.endsWith("growth"));
        assertThat(metrics(results, "hold placement")).anyMatch(m -> m.startsWith("contended") && m.endsWith("placements/s"))
                .anyMatch(m -> m.startsWith("uncontended") && m.endsWith("placements/s"));
        assertThat(metrics(results, "validation")).anyMatch(m -> m.endsWith("p50 µs")).anyMatch(m -> m.endsWith("p99 µs"))
                .anyMatch(m -> m.endsWith("round trips/call"));
        assertThat(metrics(results, "cache")).anyMatch(m -> m.endsWith("ns/op")).anyMatch(m -> m.endsWith("p99 ms"));

        for (Result r : results) {
            if (r.metric().equals("conflicts/s")) {
                continue; // a count of refusals: zero is a valid figure
            }
            assertThat(r.library()).as("library figure of %s / %s / %s", r.scenario(), r.variant(), r.metric())
                    .isPositive();
            assertThat(r.baseline()).as("baseline figure of %s / %s / %s", r.scenario(), r.variant(), r.metric())
                    .isPositive();
        }
        assertThat(Files.size(cfg.output())).isPositive();
    }

    private static List<String> metrics(List<Result> results, String scenario) {
        return results.stream().filter(r -> r.scenario().equals(scenario)).map(r -> r.variant() + "/" + r.metric())
                .toList();
    }
}
