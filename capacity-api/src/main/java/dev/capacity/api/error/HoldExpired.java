package dev.capacity.api.error;

import dev.capacity.api.HoldId;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The hold expired ({@code expires_at <= now}) before it could be confirmed or extended (HTTP 409, code
 * {@link ErrorCode#HOLD_EXPIRED}); place a new hold. Problem extensions: {@code holdId}, {@code expiredAt}.
 */
public final class HoldExpired extends ConflictError {

    private static final long serialVersionUID = 1L;

    /** The expired hold. */
    private final HoldId holdId;
    /** When it expired. */
    private final Instant expiredAt;

    /**
     * Creates the error.
     *
     * @param holdId the hold
     * @param expiredAt when it expired
     */
    public HoldExpired(HoldId holdId, Instant expiredAt) {
        super(ErrorCode.HOLD_EXPIRED, "Hold " + holdId + " expired at " + expiredAt + "; place a new hold.", null);
        this.holdId = Objects.requireNonNull(holdId, "holdId");
        this.expiredAt = Objects.requireNonNull(expiredAt, "expiredAt");
    }

    /** @return the expired hold */
    public HoldId holdId() {
        return holdId;
    }

    /** @return when the hold expired */
    public Instant expiredAt() {
        return expiredAt;
    }

    @Override
    public Map<String, Object> details() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("holdId", holdId.toString());
        m.put("expiredAt", expiredAt.toString());
        return m;
    }
}
