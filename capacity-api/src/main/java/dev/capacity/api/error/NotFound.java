package dev.capacity.api.error;

import java.util.Map;
import java.util.Objects;

/**
 * An operation named a hold, table or zone that does not exist in the restaurant (HTTP 404). Rows of another
 * restaurant are reported the same way, so a caller learns nothing about other tenants. Problem extensions:
 * {@code id}.
 */
public abstract sealed class NotFound extends CapacityError permits HoldNotFound, TableNotFound, ZoneNotFound {

    private static final long serialVersionUID = 1L;

    /** The id that was not found, as text. */
    private final String id;

    NotFound(ErrorCode code, String what, Object id) {
        super(code, what + " " + id + " does not exist in this restaurant.", null);
        this.id = Objects.requireNonNull(id, "id").toString();
    }

    @Override
    public Map<String, Object> details() {
        return Map.of("id", id);
    }
}
