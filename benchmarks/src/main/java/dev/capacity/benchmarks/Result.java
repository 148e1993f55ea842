package dev.capacity.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One measured figure: the library's value, the hand-written baseline's on the same data in the same run, and
 * their ratio (library ÷ baseline). A figure measured in pairs, each a library measurement and a baseline one back
 * to back, gives the median of the pairs' ratios instead: on a shared machine the speed of both sides drifts, and a
 * pair's two measurements see the same drift.
 *
 * @param scenario e.g. {@code sweep}
 * @param variant e.g. {@code 4 sweepers}
 * @param metric what is measured, with its unit, e.g. {@code holds/s}
 * @param library the library's figure
 * @param baseline the hand-written SQL figure (NaN when there is none)
 * @param higherIsBetter whether a larger value is better
 * @param target the target for this figure, or null
 * @param met whether the target is met, or null when there is none or it cannot be judged by a number
 * @param details everything else worth keeping (per-pair values, counts)
 * @param pairsRatio the median of the per-pair ratios, or NaN when the figure was not measured in pairs
 */
record Result(String scenario, String variant, String metric, double library, double baseline,
        boolean higherIsBetter, String target, Boolean met, Map<String, Object> details, double pairsRatio) {

    /** @return the median of the pairs' ratios when measured in pairs, else library ÷ baseline; NaN without one */
    double ratio() {
        if (!Double.isNaN(pairsRatio)) {
            return pairsRatio;
        }
        return Double.isNaN(baseline) || baseline == 0 ? Double.NaN : library / baseline;
    }

    Result withTarget(String target, boolean met) {
        return new Result(scenario, variant, metric, library, baseline, higherIsBetter, target, met, details,
                pairsRatio);
    }

    static Result of(String scenario, String variant, String metric, double library, double baseline,
            boolean higherIsBetter) {
        return new Result(scenario, variant, metric, library, baseline, higherIsBetter, null, null,
                new LinkedHashMap<>(), Double.NaN);
    }

    /**
     * A figure measured in pairs: the library's and the baseline's medians, and the median of the per-pair ratios.
     *
     * @param library the library's value per pair
     * @param baseline the baseline's value per pair, in the same order
     */
    static Result ofPairs(String scenario, String variant, String metric, List<Double> library,
            List<Double> baseline, boolean higherIsBetter) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < library.size(); i++) {
            ratios.add(library.get(i) / baseline.get(i));
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("libraryPairs", library);
        details.put("baselinePairs", baseline);
        details.put("pairRatios", ratios);
        return new Result(scenario, variant, metric, Stats.median(library), Stats.median(baseline), higherIsBetter,
                null, null, details, Stats.median(ratios));
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
        m.put("ratioOf", Double.isNaN(pairsRatio) ? "medians" : "pairs (median of the per-pair ratios)");
        m.put("better", higherIsBetter ? "higher" : "lower");
        m.put("target", target);
        m.put("met", met);
        m.put("details", details);
        return m;
    }
}
