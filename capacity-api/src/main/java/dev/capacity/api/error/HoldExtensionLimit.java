package dev.capacity.api.error;

import dev.capacity.api.HoldId;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Extending the hold would take its expiry past its total lifetime cap (HTTP 422, code
 * {@link ErrorCode#HOLD_EXTENSION_LIMIT}). The expiry is never clamped silently: the hold is left unchanged.
 * Problem extensions: {@code holdId}, {@code requestedExpiry}, {@code latestAllowedExpiry}.
 */
public final class HoldExtensionLimit extends CapacityError {

    private static final long serialVersionUID = 1L;

    /** The hold. */
    private final HoldId holdId;
    /** The expiry the extension asked for. */
    private final Instant requestedExpiry;
    /** The latest expiry the lifetime cap allows. */
    private final Instant latestAllowedExpiry;

    /**
     * Creates the error.
     *
     * @param holdId the hold
     * @param requestedExpiry the expiry the extension asked for
     * @param latestAllowedExpiry the latest expiry the cap allows
     */
    public HoldExtensionLimit(HoldId holdId, Instant requestedExpiry, Instant latestAllowedExpiry) {
        super(ErrorCode.HOLD_EXTENSION_LIMIT, "Hold " + holdId + " cannot be extended to " + requestedExpiry
                + "; the latest allowed expiry is " + latestAllowedExpiry + ".", null);
        this.holdId = Objects.requireNonNull(holdId, "holdId");
        this.requestedExpiry = Objects.requireNonNull(requestedExpiry, "requestedExpiry");
        this.latestAllowedExpiry = Objects.requireNonNull(latestAllowedExpiry, "latestAllowedExpiry");
    }

    /** @return the hold */
    public HoldId holdId() {
        return holdId;
    }

    /** @return the expiry the extension asked for */
    public Instant requestedExpiry() {
        return requestedExpiry;
    }

    /** @return the latest expiry the lifetime cap allows */
    public Instant latestAllowedExpiry() {
        return latestAllowedExpiry;
    }

    @Override
    public Map<String, Object> details() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("holdId", holdId.toString());
        m.put("requestedExpiry", requestedExpiry.toString());
        m.put("latestAllowedExpiry", latestAllowedExpiry.toString());
        return m;
    }
}
