package dev.capacity.api.error;

import dev.capacity.api.TableId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A table cannot be deleted while it has current or future allocations (HTTP 409, code
 * {@link ErrorCode#TABLE_IN_USE}); deactivate it instead, or move its bookings first. Problem extensions:
 * {@code tableId}, {@code allocations} (how many are in the way).
 */
public final class TableInUse extends ConflictError {

    private static final long serialVersionUID = 1L;

    /** The table. */
    private final TableId tableId;
    /** How many current or future allocations it has. */
    private final int allocations;

    /**
     * Creates the error.
     *
     * @param tableId the table
     * @param allocations how many current or future allocations it has
     */
    public TableInUse(TableId tableId, int allocations) {
        super(ErrorCode.TABLE_IN_USE, "Table " + tableId + " has " + allocations
                + " current or future allocation(s); deactivate it or move them first.", null);
        this.tableId = Objects.requireNonNull(tableId, "tableId");
        this.allocations = allocations;
    }

    /** @return the table */
    public TableId tableId() {
        return tableId;
    }

    /** @return how many current or future allocations are in the way */
    public int allocations() {
        return allocations;
    }

    @Override
    public Map<String, Object> details() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tableId", tableId.toString());
        m.put("allocations", allocations);
        return m;
    }
}
