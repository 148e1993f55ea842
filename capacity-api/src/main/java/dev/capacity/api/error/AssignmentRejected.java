package dev.capacity.api.error;

import java.util.List;
import java.util.Objects;

/**
 * A table selection breaks at least one rule (HTTP 422). {@link #violations()} holds every finding at once, errors
 * and warnings, conflicts included; {@link #code()} is the code of the first rule-breaking error in check order
 * (for example {@link ErrorCode#SLACK_BUDGET_EXCEEDED}, or {@link ErrorCode#TABLE_NOT_FOUND} for an unknown table
 * inside a selection, which is 422 here rather than 404).
 *
 * <p>A selection whose only errors are conflicts is reported with a {@link ConflictError} (409) instead.
 */
public final class AssignmentRejected extends CapacityError {

    private static final long serialVersionUID = 1L;

    /** Every finding, errors and warnings, in check order. */
    private final List<Violation> violations;

    /**
     * Creates the error.
     *
     * @param violations every finding, in check order; at least one must be a non-conflict {@link Severity#ERROR}
     * @throws IllegalArgumentException if no violation is a rule-breaking error
     */
    public AssignmentRejected(List<Violation> violations) {
        super(primary(violations), summary(violations), null);
        this.violations = List.copyOf(violations);
    }

    private static ErrorCode primary(List<Violation> violations) {
        Objects.requireNonNull(violations, "violations");
        return violations.stream()
                .filter(v -> v.isError() && !v.code().isConflict())
                .map(Violation::code)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("violations must contain a rule-breaking error"));
    }

    private static String summary(List<Violation> violations) {
        List<String> messages = violations.stream().filter(Violation::isError).map(Violation::message).toList();
        return messages.size() == 1
                ? messages.get(0)
                : messages.size() + " problems: " + String.join(" ", messages);
    }

    /** @return 422: a rule is broken */
    @Override
    public int httpStatus() {
        return 422;
    }

    @Override
    public List<Violation> violations() {
        return violations;
    }
}
