package dev.capacity.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as operators type them ({@code 90s}, {@code 5m}, {@code 2h}, {@code 30d}, or ISO-8601) and read them. */
final class Durations {

    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

    private Durations() {
    }

    /**
     * Parses a duration.
     *
     * @param option the option it came from, for the message
     * @param text {@code 90s}, {@code 5m}, {@code 2h}, {@code 30d}, {@code 500ms} or ISO-8601 ({@code PT90S})
     * @return the duration
     * @throws UsageError if it is neither
     */
    static Duration parse(String option, String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = SHORT.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(t.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new UsageError(option + ": not a duration: '" + text + "' (examples: 90s, 5m, 2h, 30d, PT90S)");
        }
    }

    /**
     * Formats a duration for people: {@code 3d 4h}, {@code 30d}, {@code 5m 12s}, {@code 4.2 s}, {@code 830 ms}.
     *
     * @param d the duration
     * @return the text
     */
    static String format(Duration d) {
        if (d.isNegative()) {
            return "-" + format(d.negated());
        }
        if (d.compareTo(Duration.ofSeconds(1)) < 0) {
            return d.toMillis() + " ms";
        }
        long days = d.toDays();
        int hours = d.toHoursPart();
        int minutes = d.toMinutesPart();
        int seconds = d.toSecondsPart();
        if (days > 0) {
            return days + "d" + (hours > 0 ? " " + hours + "h" : "");
        }
        if (hours > 0) {
            return hours + "h" + (minutes > 0 ? " " + minutes + "m" : "");
        }
        if (minutes > 0) {
            return minutes + "m" + (seconds > 0 ? " " + seconds + "s" : "");
        }
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
