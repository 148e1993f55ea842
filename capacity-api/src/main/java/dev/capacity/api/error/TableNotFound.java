package dev.capacity.api.error;

import dev.capacity.api.TableId;
import java.util.Objects;

/** No such table in the restaurant (HTTP 404, code {@link ErrorCode#TABLE_NOT_FOUND}). */
public final class TableNotFound extends NotFound {

    private static final long serialVersionUID = 1L;

    /** The table that was not found. */
    private final TableId tableId;

    /**
     * Creates the error.
     *
     * @param tableId the unknown id
     * @throws NullPointerException if {@code tableId} is null
     */
    public TableNotFound(TableId tableId) {
        super(ErrorCode.TABLE_NOT_FOUND, "Table", Objects.requireNonNull(tableId, "tableId"));
        this.tableId = tableId;
    }

    /** @return the unknown id */
    public TableId tableId() {
        return tableId;
    }
}
