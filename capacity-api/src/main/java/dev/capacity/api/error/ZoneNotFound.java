package dev.capacity.api.error;

import dev.capacity.api.ZoneId;
import java.util.Objects;

/** No such zone in the restaurant (HTTP 404, code {@link ErrorCode#ZONE_NOT_FOUND}). */
public final class ZoneNotFound extends NotFound {

    private static final long serialVersionUID = 1L;

    /** The zone that was not found. */
    private final ZoneId zoneId;

    /**
     * Creates the error.
     *
     * @param zoneId the unknown id
     * @throws NullPointerException if {@code zoneId} is null
     */
    public ZoneNotFound(ZoneId zoneId) {
        super(ErrorCode.ZONE_NOT_FOUND, "Zone", Objects.requireNonNull(zoneId, "zoneId"));
        this.zoneId = zoneId;
    }

    /** @return the unknown id */
    public ZoneId zoneId() {
        return zoneId;
    }
}
