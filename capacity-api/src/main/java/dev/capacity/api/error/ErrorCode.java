package dev.capacity.api.error;

/**
 * Stable, machine-readable error and check codes.
 *
 * <p>{@link #code()} is the string clients see (in problem bodies and logs); it never changes once published.
 * {@link #defaultStatus()} is the HTTP status of an error carrying this code. One code has a context-dependent
 * status: {@link #TABLE_NOT_FOUND} is 404 for an operation on an unknown table, but 422 when it is one violation
 * among others in a table selection (see {@link AssignmentRejected}). {@link CapacityError#httpStatus()} gives
 * the status of an actual error.
 */
public enum ErrorCode {

    // 409: the request clashes with the current state; a refresh, a retry or another table can fix it.
    /** The tables are held by another live hold (or, when placing a hold, occupied by anything live). */
    HOLD_CONFLICT(409, false, "Tables are held"),
    /** The tables are occupied by another booking in an overlapping window. */
    BOOKING_CONFLICT(409, false, "Tables are booked"),
    /** A table is blocked for maintenance in an overlapping window. */
    TABLE_OUT_OF_SERVICE(409, false, "Table is out of service"),
    /** The hold expired before the operation; place a new hold. */
    HOLD_EXPIRED(409, false, "Hold expired"),
    /** The floor plan changed since the hold was placed and the selection no longer passes validation. */
    POLICY_DRIFT(409, false, "Floor plan changed"),
    /** The hold was already confirmed for a different booking. */
    HOLD_BOOKING_MISMATCH(409, false, "Hold belongs to another booking"),
    /** The hold was already confirmed; it can no longer be released or extended as a hold. */
    HOLD_ALREADY_CONFIRMED(409, false, "Hold already confirmed"),
    /** A table cannot be deleted while it has current or future allocations. */
    TABLE_IN_USE(409, false, "Table is in use"),
    /** A zone cannot be deleted while it still has tables. */
    ZONE_IN_USE(409, false, "Zone still has tables"),
    /** Another zone or table of the restaurant already has this name or label. */
    DUPLICATE_NAME(409, false, "Name already taken"),
    /** Restoring archived allocations would overlap live ones. */
    RESTORE_CONFLICT(409, false, "Restore would overlap live allocations"),

    // 422: a well-formed request that breaks a rule; change the selection or the request.
    /** The selected tables seat fewer guests than the party. */
    CAPACITY_INSUFFICIENT(422, false, "Not enough seats"),
    /** The selection leaves more empty seats than the slack budget allows. */
    SLACK_BUDGET_EXCEEDED(422, false, "Too many empty seats"),
    /** A warning, never an error: the selection leaves many empty seats, though within the slack budget. */
    SLACK_HIGH(422, false, "Many empty seats"),
    /** The selected tables are in different zones. */
    ZONE_MISMATCH(422, false, "Tables are in different zones"),
    /** The selected tables are not connected in the adjacency graph. */
    ADJACENCY_MISMATCH(422, false, "Tables are not adjacent"),
    /** A table that is not movable cannot be merged with others. */
    TABLE_NOT_MOVABLE(422, false, "Table cannot be moved"),
    /** A selected table is inactive. */
    TABLE_INACTIVE(422, false, "Table is inactive"),
    /** The party is smaller than the table's minimum or larger than its maximum. */
    PARTY_SIZE_OUT_OF_RANGE(422, false, "Party size out of range for table"),
    /** Extending the hold would exceed its total lifetime cap. */
    HOLD_EXTENSION_LIMIT(422, false, "Hold lifetime cap reached"),

    // 400: malformed input, rejected before any check runs.
    /** The selection names no tables. */
    TABLES_REQUIRED(400, false, "Tables required"),
    /** The selection names a table more than once. */
    DUPLICATE_TABLE_IDS(400, false, "Duplicate table ids"),
    /** The party size is below 1. */
    INVALID_PARTY_SIZE(400, false, "Invalid party size"),
    /** A time-to-live or extension is shorter than a microsecond (zero or negative included), or too long. */
    INVALID_TTL(400, false, "Invalid time-to-live"),
    /** Any other malformed request (for example a blank name or an out-of-range number). */
    INVALID_REQUEST(400, false, "Invalid request"),

    // 404: an operation on an unknown entity.
    /** No hold with this id in this restaurant (released, swept, or never existed). */
    HOLD_NOT_FOUND(404, false, "Hold not found"),
    /** No table with this id in this restaurant; 422 as a violation inside a selection. */
    TABLE_NOT_FOUND(404, false, "Table not found"),
    /** No zone with this id in this restaurant. */
    ZONE_NOT_FOUND(404, false, "Zone not found"),

    // 503: retryable infrastructure failure.
    /** The database could not be reached or the connection broke; retry later. */
    UNAVAILABLE(503, true, "Capacity store unavailable"),
    /** A lock or statement timeout fired, or concurrent updates kept failing after retries; retry later. */
    BUSY(503, true, "Capacity store busy"),

    // 500: a bug or an unexpected database state.
    /** Unexpected failure; the cause is attached. */
    INTERNAL(500, false, "Internal error");

    private final int defaultStatus;
    private final boolean retryable;
    private final String title;

    ErrorCode(int defaultStatus, boolean retryable, String title) {
        this.defaultStatus = defaultStatus;
        this.retryable = retryable;
        this.title = title;
    }

    /**
     * Returns the stable string clients see. It equals the constant's name.
     *
     * @return for example {@code "HOLD_CONFLICT"}
     */
    public String code() {
        return name();
    }

    /**
     * Returns the HTTP status of an error carrying this code (see the class comment for {@link #TABLE_NOT_FOUND}).
     *
     * @return 400, 404, 409, 422, 500 or 503
     */
    public int defaultStatus() {
        return defaultStatus;
    }

    /**
     * Tells whether repeating the same request later may succeed without changing it.
     *
     * @return {@code true} for {@link #UNAVAILABLE} and {@link #BUSY}
     */
    public boolean retryable() {
        return retryable;
    }

    /**
     * Returns a short, human-readable summary, used as the RFC 9457 {@code title}.
     *
     * @return the title, never blank
     */
    public String title() {
        return title;
    }

    /**
     * Tells whether a violation with this code is a clash with current state (409) rather than a broken rule.
     *
     * @return {@code true} for the 409 codes
     */
    public boolean isConflict() {
        return defaultStatus == 409;
    }

    /**
     * Finds the constant for a code string.
     *
     * @param code the stable string
     * @return the constant
     * @throws IllegalArgumentException if no constant has this code
     */
    public static ErrorCode fromCode(String code) {
        for (ErrorCode c : values()) {
            if (c.code().equals(code)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown error code: " + code);
    }
}
