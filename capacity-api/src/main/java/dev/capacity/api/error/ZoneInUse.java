package dev.capacity.api.error;

import dev.capacity.api.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A zone cannot be deleted while it still has tables (HTTP 409, code {@link ErrorCode#ZONE_IN_USE}); move or delete
 * them first. Problem extensions: {@code zoneId}, {@code tables}.
 */
public final class ZoneInUse extends ConflictError {

    private static final long serialVersionUID = 1L;

    /** The zone. */
    private final ZoneId zoneId;
    /** How many tables it still has. */
    private final int tables;

    /**
     * Creates the error.
     *
     * @param zoneId the zone
     * @param tables how many tables it still has
     */
    public ZoneInUse(ZoneId zoneId, int tables) {
        super(ErrorCode.ZONE_IN_USE, "Zone " + zoneId + " still has " + tables
                + " table(s); move or delete them first.", null);
        this.zoneId = Objects.requireNonNull(zoneId, "zoneId");
        this.tables = tables;
    }

    /** @return the zone */
    public ZoneId zoneId() {
        return zoneId;
    }

    /** @return how many tables it still has */
    public int tables() {
        return tables;
    }

    @Override
    public Map<String, Object> details() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("zoneId", zoneId.toString());
        m.put("tables", tables);
        return m;
    }
}
