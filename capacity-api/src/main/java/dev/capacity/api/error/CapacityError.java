package dev.capacity.api.error;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The one exception type the library throws for anything a host may want to answer to a client.
 *
 * <p>Every error has a stable {@link #code()}, an {@link #httpStatus()}, tells whether it is
 * {@linkplain #isRetryable() retryable}, exposes typed accessors for its details (on the subclasses, and as a
 * map in {@link #details()}) and turns into an RFC 9457 body with {@link #toProblem()}. Status rules: 409 for a
 * clash with current state that a refresh, retry or another table can fix; 422 for a well-formed request that
 * breaks a rule; 400 for malformed input; 404 for an unknown hold, table or zone; 503 for a retryable
 * infrastructure failure; 500 for anything unexpected. Database and driver exceptions are only ever attached as
 * the {@linkplain #getCause() cause}; their SQLSTATEs never appear in codes or messages.
 *
 * <p>Programming errors at value-type boundaries (null arguments, an end before a start) are reported with
 * {@link NullPointerException} or {@link IllegalArgumentException} naming the argument instead.
 *
 * <p>Instances are immutable and thread-safe.
 */
public abstract sealed class CapacityError extends RuntimeException
        permits ConflictError, AssignmentRejected, HoldExtensionLimit, InvalidRequest, NotFound, CapacityUnavailable,
        InternalFailure {

    private static final long serialVersionUID = 1L;

    /** The stable code. */
    private final ErrorCode code;

    /**
     * Creates an error.
     *
     * @param code the stable code
     * @param detail what happened in this occurrence, for people
     * @param cause the underlying exception, if any
     */
    CapacityError(ErrorCode code, String detail, @Nullable Throwable cause) {
        super(Objects.requireNonNull(detail, "detail"), cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    /**
     * Returns the stable code.
     *
     * @return the code, never null
     */
    public final ErrorCode code() {
        return code;
    }

    /**
     * Returns the HTTP status that answers this error by default (see the class comment for the rules).
     *
     * @return the status
     */
    public int httpStatus() {
        return code.defaultStatus();
    }

    /**
     * Tells whether repeating the same request later may succeed without changing it.
     *
     * @return {@code true} for infrastructure failures (503)
     */
    public boolean isRetryable() {
        return code.retryable();
    }

    /**
     * Returns the short summary of the error type.
     *
     * @return the code's title
     */
    public String title() {
        return code.title();
    }

    /**
     * Returns what happened in this occurrence; the same as {@link #getMessage()}.
     *
     * @return the detail, never null
     */
    public String detail() {
        String message = getMessage();
        return message == null ? code.title() : message;
    }

    /**
     * Returns every validation finding behind this error, errors and warnings, in check order.
     *
     * @return an unmodifiable list; empty for errors that do not come from validation
     */
    public List<Violation> violations() {
        return List.of();
    }

    /**
     * Returns the typed details of this error as problem extension members (ids as strings, instants in
     * ISO-8601). Subclasses document their keys.
     *
     * @return an unmodifiable map, possibly empty
     */
    public Map<String, Object> details() {
        return Map.of();
    }

    /**
     * Returns the RFC 9457 body with the default {@link ProblemMapping}.
     *
     * @return the problem
     */
    public final Problem toProblem() {
        return toProblem(ProblemMapping.defaults());
    }

    /**
     * Returns the RFC 9457 body: {@code type}, {@code title}, {@code status}, {@code detail}, {@code instance}
     * and the extensions {@code code}, {@code retryable}, {@code message} (= detail), {@code violations} (when
     * any) and {@link #details()}.
     *
     * @param mapping the host's mapping of status, type and instance
     * @return the problem
     * @throws NullPointerException if {@code mapping} is null
     */
    public final Problem toProblem(ProblemMapping mapping) {
        Objects.requireNonNull(mapping, "mapping");
        Map<String, Object> ext = new LinkedHashMap<>();
        ext.put("code", code.code());
        ext.put("retryable", isRetryable());
        ext.put("message", detail());
        List<Violation> violations = violations();
        if (!violations.isEmpty()) {
            ext.put("violations", violations.stream().map(Violation::toMap).toList());
        }
        details().forEach(ext::putIfAbsent);
        return new Problem(mapping.type(this), title(), mapping.status(this), detail(), mapping.instance(this), ext);
    }
}
