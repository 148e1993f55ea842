package dev.capacity.api.error;

import dev.capacity.api.HoldId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The floor plan changed since the hold was placed and its selection no longer passes validation (HTTP 409,
 * code {@link ErrorCode#POLICY_DRIFT}); {@link #violations()} says what fails now. Refresh and pick again.
 * Problem extensions: {@code holdId}, {@code heldVersion}, {@code currentVersion}.
 */
public final class PolicyDrift extends ConflictError {

    private static final long serialVersionUID = 1L;

    /** The hold whose selection no longer passes. */
    private final HoldId holdId;
    /** The floor-plan version the hold was validated against. */
    private final long heldVersion;
    /** The floor-plan version now. */
    private final long currentVersion;
    /** The checks that fail now. */
    private final List<Violation> violations;

    /**
     * Creates the error.
     *
     * @param holdId the hold being confirmed
     * @param heldVersion the floor-plan version the hold was validated against
     * @param currentVersion the floor-plan version now
     * @param violations what fails against the current floor plan
     */
    public PolicyDrift(HoldId holdId, long heldVersion, long currentVersion, List<Violation> violations) {
        super(ErrorCode.POLICY_DRIFT, "The floor plan changed (version " + heldVersion + " -> " + currentVersion
                + ") and hold " + holdId + " no longer passes validation; refresh and choose tables again.", null);
        this.holdId = Objects.requireNonNull(holdId, "holdId");
        this.heldVersion = heldVersion;
        this.currentVersion = currentVersion;
        this.violations = List.copyOf(Objects.requireNonNull(violations, "violations"));
    }

    /** @return the hold being confirmed */
    public HoldId holdId() {
        return holdId;
    }

    /** @return the floor-plan version the hold was validated against */
    public long heldVersion() {
        return heldVersion;
    }

    /** @return the floor-plan version at confirmation */
    public long currentVersion() {
        return currentVersion;
    }

    @Override
    public List<Violation> violations() {
        return violations;
    }

    @Override
    public Map<String, Object> details() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("holdId", holdId.toString());
        m.put("heldVersion", heldVersion);
        m.put("currentVersion", currentVersion);
        return m;
    }
}
