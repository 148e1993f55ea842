package dev.capacity.cli;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The options after the command: {@code --name value} or {@code --name=value}, and flags. An empty value counts as
 * not given, so that wrappers can pass {@code --jdbc-url=} for "use the default".
 */
final class Arguments {

    private final Map<String, String> values = new LinkedHashMap<>();
    private final Set<String> flags = new HashSet<>();

    private Arguments() {
    }

    /**
     * Parses options.
     *
     * @param args the arguments after the command
     * @param valueOptions options that take a value, with their leading dashes
     * @param flagOptions options without a value
     * @return the parsed options
     * @throws UsageError for anything else, or an option without its value
     */
    static Arguments parse(List<String> args, Set<String> valueOptions, Set<String> flagOptions) {
        Arguments parsed = new Arguments();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.isBlank()) {
                continue;
            }
            if (!arg.startsWith("--")) {
                throw new UsageError("unexpected argument '" + arg + "'");
            }
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            if (flagOptions.contains(name)) {
                if (eq >= 0) {
                    throw new UsageError(name + " takes no value");
                }
                parsed.flags.add(name);
            } else if (valueOptions.contains(name)) {
                String value;
                if (eq >= 0) {
                    value = arg.substring(eq + 1);
                } else if (i + 1 < args.size()) {
                    value = args.get(++i);
                } else {
                    throw new UsageError(name + " needs a value");
                }
                if (!value.isBlank()) {
                    parsed.values.put(name, value.trim());
                }
            } else {
                throw new UsageError("unknown option " + name);
            }
        }
        return parsed;
    }

    /** @return the option's value, or null when not given */
    @Nullable String value(String name) {
        return values.get(name);
    }

    /** @return whether the flag was given */
    boolean flag(String name) {
        return flags.contains(name);
    }

    /** @return the option as a whole number of at least {@code min}, or {@code fallback} when not given */
    int intValue(String name, int fallback, int min) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.replace("_", "").replace(",", ""));
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageError(name + ": expected a whole number of at least " + min + ", got '" + v + "'");
    }

    /** @return the option as a whole number of at least 0, or null when not given */
    @Nullable Long longValue(String name) {
        String v = values.get(name);
        if (v == null) {
            return null;
        }
        try {
            long n = Long.parseLong(v.replace("_", "").replace(",", ""));
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageError(name + ": expected a whole number of at least 0, got '" + v + "'");
    }

    /** @return the option as a duration, or {@code fallback} (possibly null) when not given */
    @Nullable Duration duration(String name, @Nullable Duration fallback) {
        String v = values.get(name);
        return v == null ? fallback : Durations.parse(name, v);
    }
}
