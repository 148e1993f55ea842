package dev.capacity.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Runs the scenarios of one benchmark run and collects their results in a {@link Report}. */
final class Harness {

    /** Every scenario, in the order they run. */
    static final List<String> SCENARIOS = List.of("sweep", "prune", "placement", "validation", "cache");

    private final BenchConfig cfg;
    private final Set<String> selected;

    Harness(BenchConfig cfg) {
        this.cfg = cfg;
        String only = System.getProperty(BenchConfig.PREFIX + "scenarios", "").trim();
        this.selected = only.isEmpty() ? Set.copyOf(SCENARIOS)
                : Stream.of(only.split(",")).map(s -> s.trim().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    /** Runs the selected scenarios; the report also carries the machine, the server and the sizes. */
    Report run() throws Exception {
        Report report = new Report();
        Instant started = Instant.now();
        report.run("started", started.toString());
        report.run("sizes", cfg.describe());
        report.run("machine", machine());
        BenchServer server = BenchServer.start();
        report.run("postgres", server.describe());
        Map<String, Object> timings = new LinkedHashMap<>();
        report.run("secondsPerScenario", timings);
        Map<String, Object> load = new LinkedHashMap<>();
        report.run("loadAverageBeforeAfter", load);
        for (String scenario : SCENARIOS) {
            if (!selected.contains(scenario)) {
                continue;
            }
            long t0 = System.nanoTime();
            String before = loadAverage();
            log("scenario " + scenario + " ... (load average " + before + ")");
            switch (scenario) {
                case "sweep" -> new SweepScenario(server, cfg, report).run();
                case "prune" -> new PruneScenario(server, cfg, report).run();
                case "placement" -> new PlacementScenario(server, cfg, report).run();
                case "validation" -> new ValidationScenario(server, cfg, report).run();
                case "cache" -> new CacheScenario(server, cfg, report).run();
                default -> throw new IllegalArgumentException(scenario);
            }
            double s = Stats.seconds(System.nanoTime() - t0);
            timings.put(scenario, Math.round(s * 10) / 10.0);
            load.put(scenario, before + " / " + loadAverage());
            log(String.format(Locale.ROOT, "scenario %s done in %.1f s", scenario, s));
        }
        report.run("totalSeconds", Duration.between(started, Instant.now()).toMillis() / 1000.0);
        return report;
    }

    static void log(String message) {
        System.out.println("[bench " + java.time.LocalTime.now().withNano(0) + "] " + message);
        System.out.flush();
    }

    private static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        m.put("cpu", firstLine(Path.of("/proc/cpuinfo"), "model name"));
        m.put("memTotal", firstLine(Path.of("/proc/meminfo"), "MemTotal"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        m.put("maxHeapMiB", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        return m;
    }

    /** The 1-, 5- and 15-minute load averages, to tell whether something else ran on the machine. */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String firstLine(Path file, String key) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.filter(l -> l.startsWith(key)).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
