package dev.capacity.api;

import dev.capacity.api.error.Violation;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of a validation: every finding at once, in check order.
 *
 * @param ok {@code true} iff no check has {@link dev.capacity.api.error.Severity#ERROR} severity
 * @param summary one line for staff: "OK", "OK with 1 warning", or the errors' messages
 * @param checks every finding, errors and warnings; empty when everything is fine
 */
public record ValidationResult(boolean ok, String summary, List<Violation> checks) {

    /**
     * Creates a result; the list is copied.
     *
     * @param ok {@code true} iff no check has {@link dev.capacity.api.error.Severity#ERROR} severity
     * @param summary one line for staff: "OK", "OK with 1 warning", or the errors' messages
     * @param checks every finding, errors and warnings; empty when everything is fine
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if {@code ok} disagrees with the severities of {@code checks}
     */
    public ValidationResult {
        Objects.requireNonNull(summary, "summary");
        checks = List.copyOf(Objects.requireNonNull(checks, "checks"));
        if (ok == checks.stream().anyMatch(Violation::isError)) {
            throw new IllegalArgumentException("ok must be true exactly when no check is an ERROR");
        }
    }

    /**
     * Builds the result of a list of findings, deriving {@code ok} and the summary.
     *
     * @param checks the findings in check order
     * @return the result
     */
    public static ValidationResult of(List<Violation> checks) {
        List<Violation> errors = checks.stream().filter(Violation::isError).toList();
        long warnings = checks.size() - errors.size();
        String summary;
        if (!errors.isEmpty()) {
            summary = errors.size() == 1 ? errors.get(0).message()
                    : errors.size() + " problems: " + String.join(" ", errors.stream().map(Violation::message).toList());
        } else if (warnings == 0) {
            summary = "OK";
        } else {
            summary = "OK with " + warnings + (warnings == 1 ? " warning: " : " warnings: ")
                    + String.join(" ", checks.stream().map(Violation::message).toList());
        }
        return new ValidationResult(errors.isEmpty(), summary, checks);
    }

    /**
     * @return the findings with {@link dev.capacity.api.error.Severity#ERROR} severity
     */
    public List<Violation> errors() {
        return checks.stream().filter(Violation::isError).toList();
    }
}
