package dev.capacity.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One measured figure: the library's value, the hand-written baseline's on the same data in the same run, and
 * their ratio (library ÷ baseline).
 *
 * @param scenario e.g. {@code sweep}
 * @param variant e.g. {@code 4 sweepers}
 * @param metric what is measured, with its unit, e.g. {@code holds/s}
 * @param library the library's figure
 * @param baseline the hand-written SQL figure (NaN when there is none)
 * @param higherIsBetter whether a larger value is better
 * @param target the target for this figure, or null
 * @param met whether the target is met, or null when there is none or it cannot be judged by a number
 * @param details everything else worth keeping (per-round values, counts)
 */
record Result(String scenario, String variant, String metric, double library, double baseline,
        boolean higherIsBetter, String target, Boolean met, Map<String, Object> details) {

    /** @return library ÷ baseline, NaN without a baseline */
    double ratio() {
        return Double.isNaN(baseline) || baseline == 0 ? Double.NaN : library / baseline;
    }

    Result withTarget(String target, boolean met) {
        return new Result(scenario, variant, metric, library, baseline, higherIsBetter, target, met, details);
    }

    static Result of(String scenario, String variant, String metric, double library, double baseline,
            boolean higherIsBetter) {
        return new Result(scenario, variant, metric, library, baseline, higherIsBetter, null, null,
                new LinkedHashMap<>());
    }

    Result detail(String key, Object value) {
        details.put(key, value);
        return this;
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scenario", scenario);
        m.put("variant", variant);
        m.put("metric", metric);
        m.put("library", library);
        m.put("baseline", baseline);
        m.put("ratio", ratio());
        m.put("better", higherIsBetter ? "higher" : "lower");
        m.put("target", target);
        m.put("met", met);
        m.put("details", details);
        return m;
    }
}
