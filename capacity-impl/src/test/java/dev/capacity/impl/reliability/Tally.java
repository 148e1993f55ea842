package dev.capacity.impl.reliability;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of a run, kept by key: {@code "op <kind> <outcome>"} for calls (outcome {@code OK} or an error code),
 * {@code "code <code>"} for errors by code, {@code "fault <what>"} for injected faults. Thread-safe.
 */
final class Tally {

    private final Map<String, LongAdder> counts = new ConcurrentSkipListMap<>();

    void add(String key) {
        add(key, 1);
    }

    void add(String key, long n) {
        counts.computeIfAbsent(key, k -> new LongAdder()).add(n);
    }

    void op(String kind, String outcome) {
        add("op " + kind + " " + outcome);
    }

    long get(String key) {
        LongAdder n = counts.get(key);
        return n == null ? 0 : n.sum();
    }

    /** The sum of every counter whose key starts with {@code prefix}. */
    long sum(String prefix) {
        return counts.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .mapToLong(e -> e.getValue().sum()).sum();
    }

    /** One line per counter, grouped by the first word of the key. */
    String table() {
        StringBuilder out = new StringBuilder();
        String group = "";
        for (Map.Entry<String, LongAdder> e : counts.entrySet()) {
            String key = e.getKey();
            String head = key.substring(0, key.indexOf(' '));
            if (!head.equals(group)) {
                group = head;
                out.append(switch (head) {
                    case "op" -> "operations by kind and outcome:";
                    case "code" -> "errors by code:";
                    case "fault" -> "faults injected:";
                    default -> head + ":";
                }).append('\n');
            }
            out.append(String.format("  %-68s %9d%n", key.substring(head.length() + 1), e.getValue().sum()));
        }
        return out.toString();
    }
}
