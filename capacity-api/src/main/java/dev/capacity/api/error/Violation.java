package dev.capacity.api.error;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One finding of a validation: a failed check or a warning.
 *
 * @param code stable check code
 * @param severity {@link Severity#ERROR} blocks the request, {@link Severity#WARNING} does not
 * @param message what happened and what staff can do about it
 * @param details machine-readable facts (table ids, seats, budget, …); values are strings, numbers, booleans,
 *     lists or maps; unmodifiable, keys in insertion order
 */
public record Violation(ErrorCode code, Severity severity, String message, Map<String, Object> details) {

    /**
     * Creates a violation; {@code details} is copied.
     *
     * @param code stable check code
     * @param severity {@link Severity#ERROR} blocks the request, {@link Severity#WARNING} does not
     * @param message what happened and what staff can do about it
     * @param details machine-readable facts (table ids, seats, budget, …); values are strings, numbers, booleans,
     *     lists or maps; unmodifiable, keys in insertion order
     * @throws NullPointerException if an argument is null or {@code details} holds a null key or value
     */
    public Violation {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(details, "details");
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
        details.forEach((k, v) -> {
            Objects.requireNonNull(k, "details key");
            Objects.requireNonNull(v, "details value");
        });
    }

    /**
     * Creates an {@link Severity#ERROR} violation.
     *
     * @param code stable check code
     * @param message what happened and what to do
     * @param details machine-readable facts
     * @return the violation
     */
    public static Violation error(ErrorCode code, String message, Map<String, Object> details) {
        return new Violation(code, Severity.ERROR, message, details);
    }

    /**
     * Creates a {@link Severity#WARNING} violation.
     *
     * @param code stable check code
     * @param message what happened and what to do
     * @param details machine-readable facts
     * @return the violation
     */
    public static Violation warning(ErrorCode code, String message, Map<String, Object> details) {
        return new Violation(code, Severity.WARNING, message, details);
    }

    /**
     * Tells whether this finding blocks the request.
     *
     * @return {@code true} for {@link Severity#ERROR}
     */
    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /**
     * Returns this violation as a problem-body entry: {@code code}, {@code severity}, {@code message},
     * {@code details}.
     *
     * @return an unmodifiable map in that order
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", code.code());
        m.put("severity", severity.name());
        m.put("message", message);
        m.put("details", details);
        return Collections.unmodifiableMap(m);
    }
}
